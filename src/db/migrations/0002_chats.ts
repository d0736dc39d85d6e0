import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

export const chats: DualMigration = {
  async up(db, kind) {
    await withId(db.schema.createTable('chats'), kind)
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['online', 'in_person', 'hybrid'])))
      .addColumn('venue_name', 'text')
      .addColumn('venue_address', 'text')
      .addColumn('venue_notes', 'text')
      .addColumn('background', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['draft', 'scheduled', 'live', 'ended'])))
      .addColumn('organizer_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('series_key', 'text')
      .addColumn('allow_early_posts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('allow_late_posts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('chats_ends_after_start', sql`ends_at >= starts_at`)
      .execute();
    await db.schema.createIndex('chats_starts_at').on('chats').columns(['starts_at', 'id']).execute();
    await db.schema.createIndex('chats_series_key').on('chats').column('series_key').execute();

    await db.schema
      .createTable('chat_hashtags')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_hashtags_pk', ['chat_id', 'tag'])
      .execute();
    await db.schema.createIndex('chat_hashtags_tag').on('chat_hashtags').column('tag').execute();

    await db.schema
      .createTable('chat_hosts')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('handle', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_hosts_pk', ['chat_id', 'position'])
      .execute();
    await db.schema.createIndex('chat_hosts_user_id').on('chat_hosts').column('user_id').execute();
    await db.schema.createIndex('chat_hosts_handle').on('chat_hosts').column('handle').execute();

    await db.schema
      .createTable('chat_questions')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('offset_minutes', 'integer')
      .addColumn('released_at', 'bigint')
      .addColumn('post_id', 'bigint')
      .addPrimaryKeyConstraint('chat_questions_pk', ['chat_id', 'number'])
      .execute();

    await db.schema
      .createTable('chat_links')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_links_pk', ['chat_id', 'position'])
      .execute();
  },
};
