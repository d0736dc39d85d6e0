import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

const MODES = ['remove', 'anonymise'];

export const consent: DualMigration = {
  async up(db, kind) {
    // A member asking, from their profile, for their posts to leave the archives.
    await withId(db.schema.createTable('consent_requests'), kind)
      .addColumn('user_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      // The handle when they asked: the request stays readable if the account goes.
      .addColumn('handle', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull().check(sqlIn('mode', MODES)))
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['pending', 'done', 'declined'])))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_at', 'bigint')
      .addColumn('decided_by', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('consent_requests_status').on('consent_requests').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('consent_requests_user').on('consent_requests').column('user_id').execute();

    // What was done, for good: one row per author forgotten. It keeps the
    // author's handle on purpose (which author, when, by whom) and nothing
    // of what they wrote.
    await withId(db.schema.createTable('consent_log'), kind)
      .addColumn('request_id', 'bigint', (c) => ref('consent_requests.id', 'set null')(c))
      .addColumn('mode', 'text', (c) => c.notNull().check(sqlIn('mode', MODES)))
      .addColumn('author_network', 'text', (c) => c.notNull())
      .addColumn('author_handle', 'text', (c) => c.notNull())
      .addColumn('post_count', 'integer', (c) => c.notNull())
      // Other people's boosts removed with the posts because they repeat their text.
      .addColumn('boost_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('performed_by_user_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('performed_by', 'text', (c) => c.notNull())
      .addColumn('via', 'text', (c) => c.notNull().check(sqlIn('via', ['web', 'cli'])))
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consent_log_created').on('consent_log').column('created_at').execute();
    await db.schema.createIndex('consent_log_author').on('consent_log').columns(['author_network', 'author_handle']).execute();
  },
};
