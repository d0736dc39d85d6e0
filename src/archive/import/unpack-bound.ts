import { Transform } from 'node:stream';
import type { UnpackBudget } from './archive-layouts.ts';
import { MAX_DOCUMENT_BYTES } from './pipeline/limits.ts';

/**
 * A pass-through that fails once the file it writes holds more than the
 * JSON-document cap, or once the packed file's budget is spent: what an
 * entry declares (a zip's sizes, a tar header) may lie, what is written
 * cannot.
 */
export function boundedBy(budget: UnpackBudget, name: string, most = MAX_DOCUMENT_BYTES): Transform {
  let written = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      budget.left -= chunk.length;
      const over = written > most || budget.left < 0;
      done(over ? new Error(`${name}: more than this archive may unpack to`) : null, chunk);
    },
  });
}
