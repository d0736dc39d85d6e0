import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { loadConfig } from '../../../config.ts';
import { openDatabase } from '../../../db/database.ts';
import { migrateToLatest } from '../../../db/migrate.ts';
import { AppError } from '../../../errors.ts';
import { importIntoChat } from '../import.service.ts';
import type { FromImportThread, ThreadRequest } from './import-thread.ts';

/** The thread `musesocial import` stores posts from (see import-thread.ts). */

/**
 * SQLite page cache of the import's connection (counted in the import's
 * peak memory). At 300,000 posts 32, 48 and 256 MB stored equally fast
 * (the indexes an import appends to are written at their ends); 32 keeps
 * the 1,000,000-tweet import under its 300 MB.
 */
const IMPORT_CACHE_MB = 32;

// Only in a worker: compile-ahead.ts loads this module on a main thread too, to compile it.
if (!isMainThread) {
  const request = workerData as ThreadRequest;
  const send = (message: FromImportThread) => parentPort!.postMessage(message);

  const database = openDatabase(loadConfig().database);
  try {
    await migrateToLatest(database);
    if (database.kind === 'sqlite') {
      // This connection is the import's alone. SQLite's default cache (2 MB) is far smaller than
      // the indexes a big import appends to: every few rows would read a page back from the file.
      // Sorting and IN lists stay in memory.
      await sql.raw(`pragma cache_size = -${IMPORT_CACHE_MB * 1024}`).execute(database.db);
      await sql`pragma temp_store = memory`.execute(database.db);
    }
    const report = await importIntoChat(database, { via: 'cli' }, request.slug, request.input, {
      onFormat: (info) => send({ type: 'format', info }),
      onProgress: (progress) => send({ type: 'progress', progress }),
      onBulkStep: (step) => send({ type: 'bulk-step', step }),
      ...(request.read ? { read: request.read } : {}),
      // The operator's command: by default a big file into a small archive is loaded in one go (bulk-load.ts).
      bulkLoad: request.bulkLoad ?? 'auto',
    });
    send({ type: 'done', report });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    send({ type: 'error', error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}), ...(e instanceof AppError ? { code: e.code, ...(e.field ? { field: e.field } : {}) } : {}) } });
  } finally {
    await database.close();
  }
}
