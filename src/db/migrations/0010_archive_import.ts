import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

export const IMPORT_STATUSES = ['running', 'finished', 'interrupted'] as const;

export const archiveImport: DualMigration = {
  async up(db, kind) {
    // One row per file imported into a chat: what the admin sees afterwards
    // ("read 12,000, imported 11,950, 50 rejected"). The counters are
    // updated in the same transaction as each batch of posts, so after a
    // crash they describe exactly what was stored.
    await withId(db.schema.createTable('imports'), kind)
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('user_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('via', 'text', (c) => c.notNull().check(sqlIn('via', ['cli', 'web'])))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', IMPORT_STATUSES)))
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('read_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('imported_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('duplicate_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rejected_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('deleted_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('imports_chat').on('imports').columns(['chat_id', 'started_at']).execute();

    // The first rejected records of each import (capped): enough to fix a
    // file, without a million rows for a file of garbage.
    await withId(db.schema.createTable('import_rejections'), kind)
      .addColumn('import_id', 'bigint', (c) => ref('imports.id')(c.notNull()))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('line', 'bigint', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('import_rejections_import').on('import_rejections').column('import_id').execute();

    // Imported posts whose reply/quote/boost target was not archived yet:
    // the pass after each import links them when the target has arrived
    // (later in the file, or in a later import) without scanning the chat.
    await db.schema
      .createIndex('posts_unlinked')
      .on('posts')
      .column('chat_id')
      .where(
        sql<boolean>`(reply_to_id is null and reply_to_source_id is not null) or (quote_of_id is null and quote_of_source_id is not null) or (boost_of_id is null and boost_of_source_id is not null)`,
      )
      .execute();
  },
};
