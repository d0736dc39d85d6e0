import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

export const accounts: DualMigration = {
  async up(db, kind) {
    await withId(db.schema.createTable('users'), kind)
      .addColumn('handle', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sqlIn('role', ['admin', 'moderator', 'organizer', 'member'])))
      .addColumn('time_zone', 'text')
      .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('banned_at', 'bigint')
      .execute();

    await withId(db.schema.createTable('sessions'), kind)
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'bigint', (c) => ref('users.id')(c.notNull()))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

    await withId(db.schema.createTable('api_tokens'), kind)
      .addColumn('user_id', 'bigint', (c) => ref('users.id')(c.notNull()))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('api_tokens_user_id').on('api_tokens').column('user_id').execute();
  },
};

