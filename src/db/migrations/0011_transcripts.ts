import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';

/**
 * Indexes for transcripts and exports of large chats (50,000+ posts).
 * Partial indexes hold only what a transcript can show, so a hidden or
 * deleted post costs nothing at read time; both databases support them and
 * use them when the query repeats the index's WHERE.
 */
export const transcripts: DualMigration = {
  async up(db) {
    // One question's answers (or "Other conversation": answers_question null)
    // in time order: a transcript page is a range scan of this index. The
    // trailing columns (the flags too: a partial index's own condition does
    // not make them readable) let the per-question counts of a 50,000-post
    // chat be read from the index alone.
    await db.schema
      .createIndex('posts_transcript')
      .on('posts')
      .columns(['chat_id', 'answers_question', 'created_at', 'id', 'question_number', 'kind', 'boost_of_id', 'author_id', 'hidden_at', 'deleted_at'])
      .where(sql.ref('hidden_at'), 'is', null)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
    // The few posts that released a question, in order.
    await db.schema
      .createIndex('posts_chat_question_post')
      .on('posts')
      .columns(['chat_id', 'question_number', 'created_at', 'id'])
      .where(sql.ref('question_number'), 'is not', null)
      .execute();
    // Boosts of a post: folded into its counts, listed on its permalink.
    await db.schema.createIndex('posts_boost_of').on('posts').column('boost_of_id').where(sql.ref('boost_of_id'), 'is not', null).execute();
  },
};
