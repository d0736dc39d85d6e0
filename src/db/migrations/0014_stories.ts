import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

/**
 * Stories: curated selections of a chat's posts. A story's structure is
 * sections holding ordered items (an archived post or the curator's own
 * Markdown). Items point at posts with ON DELETE CASCADE, so a post removed
 * for consent leaves every story at once; hidden posts are filtered when a
 * story is read (they may come back when a moderator unhides them).
 */
export const stories: DualMigration = {
  async up(db, kind) {
    await withId(db.schema.createTable('stories'), kind)
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('introduction', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['draft', 'published'])))
      .addColumn('created_by', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('published_at', 'bigint')
      .execute();

    // The chats a story tells (one, or the dates of a series); position 0 is the main one.
    await db.schema
      .createTable('story_chats')
      .addColumn('story_id', 'bigint', (c) => ref('stories.id')(c).notNull())
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c).notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('story_chats_pk', ['story_id', 'chat_id'])
      .execute();
    await db.schema.createIndex('story_chats_chat').on('story_chats').column('chat_id').execute();

    // Co-curators invited by the organizer: they edit and publish, like the organizer.
    await db.schema
      .createTable('story_curators')
      .addColumn('story_id', 'bigint', (c) => ref('stories.id')(c).notNull())
      .addColumn('user_id', 'bigint', (c) => ref('users.id')(c).notNull())
      .addColumn('added_by', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('story_curators_pk', ['story_id', 'user_id'])
      .execute();
    await db.schema.createIndex('story_curators_user').on('story_curators').column('user_id').execute();

    await withId(db.schema.createTable('story_sections'), kind)
      .addColumn('story_id', 'bigint', (c) => ref('stories.id')(c).notNull())
      // No unique (story, position): reordering rewrites positions in place.
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('heading', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('story_sections_story').on('story_sections').columns(['story_id', 'position']).execute();

    await withId(db.schema.createTable('story_items'), kind)
      .addColumn('story_id', 'bigint', (c) => ref('stories.id')(c).notNull())
      .addColumn('section_id', 'bigint', (c) => ref('story_sections.id')(c).notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['post', 'text'])))
      .addColumn('post_id', 'bigint', (c) => ref('posts.id')(c))
      // The curator's Markdown for text items; '' for posts.
      .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.createIndex('story_items_story').on('story_items').columns(['story_id', 'section_id', 'position']).execute();
    await db.schema.createIndex('story_items_post').on('story_items').column('post_id').execute();
  },
};
