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
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => finish();
    const onClose = () => finish(new ExportAborted());
    const onError = (error: Error) => finish(error);
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}
