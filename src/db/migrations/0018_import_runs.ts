import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

export const IMPORT_RUN_STATUSES = ['running', 'finished', 'failed', 'interrupted'] as const;
export const IMPORT_RUN_FILE_STATUSES = ['waiting', 'running', 'finished', 'unreadable', 'stopped'] as const;

/**
 * Uploads imported in the background (web form): one run per upload, one
 * row per file. The page that shows a run's progress may be served by
 * another process than the one importing (several processes on
 * PostgreSQL), so the progress lives here, written a few times a second.
 * Two new, empty tables: quick on any archive.
 */
export const importRuns: DualMigration = {
  async up(db, kind) {
    await withId(db.schema.createTable('import_runs'), kind)
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('user_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', IMPORT_RUN_STATUSES)))
      // The format named on the form; null: detected per file.
      .addColumn('requested_format', 'text')
      // JSON array of the file names that were used, not imported (an X archive's account.js).
      .addColumn('companions', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('error', 'text')
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      // The importing process's heartbeat: a run it stopped touching (the process was killed) is shown as interrupted.
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('import_runs_chat').on('import_runs').columns(['chat_id', 'started_at']).execute();

    await withId(db.schema.createTable('import_run_files'), kind)
      .addColumn('run_id', 'bigint', (c) => ref('import_runs.id')(c.notNull()))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', IMPORT_RUN_FILE_STATUSES)))
      .addColumn('format', 'text')
      .addColumn('detected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes_done', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes_total', 'bigint', (c) => c.notNull())
      .addColumn('read_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('imported_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('duplicate_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rejected_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('deleted_count', 'bigint', (c) => c.notNull().defaultTo(0))
      // The file's row in `imports`, once it stored something.
      .addColumn('import_id', 'bigint', (c) => ref('imports.id', 'set null')(c))
      // Why the file was refused as a whole.
      .addColumn('unreadable', 'text')
      // JSON array of its first rejected records ({line, reason}), also when nothing was stored.
      .addColumn('rejections', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('import_run_files_run').on('import_run_files').columns(['run_id', 'position']).execute();
    await db.schema.createIndex('import_run_files_import').on('import_run_files').column('import_id').execute();
  },
};
