import type { DualMigration } from './helpers.ts';
import { sqlIn } from './helpers.ts';

const NETWORKS = ['local', 'twitter', 'mastodon', 'bluesky'];

/**
 * Earlier versions of edited posts (X keeps each version as a post of its
 * own, with its own id): once an import has read an edit, the versions it
 * replaces stay out of the archive even when they come after it — later in
 * a file kept newest first, or in another file imported later — and what
 * answers them answers the latest version. Ids only: a few rows per edited
 * post, read whole by each import.
 */
export const replacedPosts: DualMigration = {
  async up(db) {
    await db.schema
      .createTable('replaced_posts')
      .addColumn('source_network', 'text', (c) => c.notNull().check(sqlIn('source_network', NETWORKS)))
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('replaced_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('replaced_posts_pkey', ['source_network', 'source_id'])
      .execute();
  },
};
