import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

const NETWORKS = ['local', 'twitter', 'mastodon', 'bluesky'];

export const posts: DualMigration = {
  async up(db, kind) {
    // One row per person per network: a local account and its imported
    // Twitter past are different authors until someone links them.
    await withId(db.schema.createTable('authors'), kind)
      .addColumn('network', 'text', (c) => c.notNull().check(sqlIn('network', NETWORKS)))
      .addColumn('handle', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('user_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('source_user_id', 'text')
      .addColumn('followers_count', 'bigint')
      .addColumn('profile_url', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('authors_network_handle', ['network', 'handle'])
      .execute();
    await db.schema.createIndex('authors_user_id').on('authors').column('user_id').execute();

    await withId(db.schema.createTable('posts'), kind)
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('author_id', 'bigint', (c) => ref('authors.id')(c.notNull()))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['original', 'reply', 'quote', 'boost'])))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('edited_at', 'bigint')
      .addColumn('reply_to_id', 'bigint', (c) => ref('posts.id', 'set null')(c))
      .addColumn('quote_of_id', 'bigint', (c) => ref('posts.id', 'set null')(c))
      .addColumn('boost_of_id', 'bigint', (c) => ref('posts.id', 'set null')(c))
      .addColumn('reply_to_source_id', 'text')
      .addColumn('quote_of_source_id', 'text')
      .addColumn('boost_of_source_id', 'text')
      .addColumn('question_number', 'integer')
      .addColumn('answers_question', 'integer')
      .addColumn('source_network', 'text', (c) => c.check(sqlIn('source_network', NETWORKS)))
      .addColumn('source_id', 'text')
      .addColumn('source_url', 'text')
      .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('boost_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('hidden_at', 'bigint')
      .addColumn('deleted_at', 'bigint')
      // Imports dedupe on this: the same tweet imported twice is one row.
      // Local posts have no source and NULLs never collide.
      .addUniqueConstraint('posts_source', ['source_network', 'source_id'])
      .addCheckConstraint('posts_source_complete', sql`(source_network is null) = (source_id is null)`)
      .execute();
    await db.schema.createIndex('posts_chat_time').on('posts').columns(['chat_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('posts_author').on('posts').columns(['author_id', 'created_at']).execute();
    await db.schema.createIndex('posts_reply_to').on('posts').column('reply_to_id').execute();
    await db.schema.createIndex('posts_chat_question').on('posts').columns(['chat_id', 'answers_question']).execute();

    await db.schema
      .createTable('post_hashtags')
      .addColumn('post_id', 'bigint', (c) => ref('posts.id')(c.notNull()))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_hashtags_pk', ['post_id', 'tag'])
      .execute();
    await db.schema.createIndex('post_hashtags_tag').on('post_hashtags').column('tag').execute();
  },
};
