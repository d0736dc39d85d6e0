import { Transform } from 'node:stream';
import type { UnpackBudget } from './archive-layouts.ts';

/**
 * A pass-through that fails once the packed file's budget is spent: what
 * an entry declares (a zip's sizes, a tar header) may lie, what is written
 * cannot. No file of its own has a cap below the budget: the documents an
 * archive holds (tweets.js, outbox.json) are read element by element,
 * whatever their size (json-document.ts).
 */
export function boundedBy(budget: UnpackBudget, name: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      budget.left -= chunk.length;
      const over = budget.left < 0;
      done(over ? new Error(`${name}: more than this archive may unpack to`) : null, chunk);
    },
  });
}
