import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';

/** The reader went away (a closed download): stop reading the database. */
export class ExportAborted extends Error {
  constructor() {
    super('the export was cancelled: its output closed');
  }
}

/**
 * Writes a chunk and waits when the output is full, so a slow download
 * holds the export back instead of piling the chat up in memory. Resolves
 * at once while the output keeps up.
 */
export async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ExportAborted();
  if (out.write(chunk)) return;
  await drained(out);
}

/** Waits until the output has room again (or fails when it closes first). */
export function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain) return Promise.resolve();
  return drainOf(out, out);
}

/**
 * Waits for `stream`'s next 'drain' (a stream between the export and its
 * output, e.g. the zip's input of a workbook), or fails when the output
 * closes first: nothing would drain any more.
 */
export function drainOf(stream: EventEmitter, out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.reject(new ExportAborted());
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      stream.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => finish();
    const onClose = () => finish(new ExportAborted());
    const onError = (error: Error) => finish(error);
    stream.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}
