import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

export const liveRoom: DualMigration = {
  async up(db, kind) {
    // Room settings that change during the hour, apart from the chat's plan.
    await db.schema
      .createTable('chat_live_settings')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull().primaryKey()))
      .addColumn('slow_mode_seconds', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pinned_question', 'integer')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('chat_mutes')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('user_id', 'bigint', (c) => ref('users.id')(c.notNull()))
      .addColumn('muted_by', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_mutes_pk', ['chat_id', 'user_id'])
      .execute();

    // Who did what to whom, and when: kept even when the target is gone.
    await withId(db.schema.createTable('moderation_actions'), kind)
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id', 'set null')(c))
      .addColumn('actor_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('action', 'text', (c) =>
        c.notNull().check(sqlIn('action', ['hide', 'unhide', 'delete', 'mute', 'unmute', 'ban', 'unban', 'slow_mode', 'open', 'close'])),
      )
      .addColumn('target_user_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('target_post_id', 'bigint', (c) => ref('posts.id', 'set null')(c))
      .addColumn('detail', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('moderation_actions_chat').on('moderation_actions').columns(['chat_id', 'created_at']).execute();

    // Likes by local accounts (boosts are posts of kind `boost`).
    await db.schema
      .createTable('post_likes')
      .addColumn('post_id', 'bigint', (c) => ref('posts.id')(c.notNull()))
      .addColumn('user_id', 'bigint', (c) => ref('users.id')(c.notNull()))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_likes_pk', ['post_id', 'user_id'])
      .execute();
  },
};
