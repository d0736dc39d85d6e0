import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabaseAt } from '../../../db/database.ts';
import { errorToSend, type FromRunThread, type RunThreadRequest, type ToRunThread } from './run-thread.ts';
import { ImportInterrupted } from './run-tracker.ts';
import { importTracked } from './tracked-import.ts';

/** An upload's import, on a thread of its own (see run-thread.ts). */

/**
 * SQLite page cache of this connection: SQLite's default (2 MB) is far
 * smaller than the indexes an import appends to, and every few rows would
 * read a page back from the file.
 */
const CACHE_MB = 16;
/** Connections of its own on PostgreSQL: one for the import's transaction, one for its progress rows. */
const POOL_SIZE = 2;

// Only in a worker: compile-ahead.ts loads this module on a main thread too, to compile it.
if (!isMainThread) {
  const request = workerData as RunThreadRequest;
  const port = parentPort!;
  const send = (message: FromRunThread) => port.postMessage(message);

  const stopping = new AbortController();
  port.on('message', (message: ToRunThread) => {
    if (message.type === 'stop') stopping.abort();
  });
  // The port alone must not keep the thread alive once the import is over.
  port.unref();

  const database = openDatabaseAt(request.source, { poolSize: POOL_SIZE });
  let outcome: FromRunThread;
  try {
    if (database.kind === 'sqlite') await sql.raw(`pragma cache_size = -${CACHE_MB * 1024}`).execute(database.db);
    await importTracked(database, request.run, request.user, request.plan, stopping.signal, (error, message) => send({ type: 'log', message, error: errorToSend(error) }));
    outcome = { type: 'done' };
  } catch (error) {
    outcome = { type: 'error', interrupted: error instanceof ImportInterrupted ? { importId: error.importId } : null, error: errorToSend(error) };
  }
  // Closed before the answer: whoever hears the import is over finds its connections gone.
  await database.close().catch(() => {});
  send(outcome);
}
