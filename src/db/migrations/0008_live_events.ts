import type { DualMigration } from './helpers.ts';
import { ref, withId } from './helpers.ts';

export const liveEvents: DualMigration = {
  async up(db, kind) {
    // Every change a live viewer must see, in order, per chat. `seq` is
    // what SSE clients send back as Last-Event-ID to resume exactly once.
    await withId(db.schema.createTable('chat_events'), kind)
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('chat_events_chat_seq', ['chat_id', 'seq'])
      .execute();

    // The per-chat counter that hands out `seq`. Incrementing it inside the
    // writing transaction also locks it (PostgreSQL row lock; SQLite has one
    // writer), so events of one chat commit in `seq` order and a resuming
    // client can never skip an event that commits late.
    await db.schema
      .createTable('chat_event_counters')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull().primaryKey()))
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .execute();
  },
};
