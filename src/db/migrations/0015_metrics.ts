import type { DualMigration } from './helpers.ts';
import { ref } from './helpers.ts';

/** Metrics: one cached row of figures per chat (see metrics/metrics.tables.ts). */
export const metrics: DualMigration = {
  async up(db) {
    await db.schema
      .createTable('metrics_cache')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.primaryKey()))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('figures', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .execute();
    // Returning participants look up each author's posts in earlier chats.
    await db.schema.createIndex('posts_author_chat').on('posts').columns(['author_id', 'chat_id']).execute();
    // Covers the cache's fingerprint of a chat (metrics.repository.ts postsFingerprint):
    // read from the index alone, a 100,000-post chat's check costs a fraction of reading its rows.
    await db.schema
      .createIndex('posts_metrics_stamp')
      .on('posts')
      .columns(['chat_id', 'author_id', 'id', 'edited_at', 'hidden_at', 'deleted_at', 'reply_to_id', 'answers_question'])
      .execute();
  },
};
