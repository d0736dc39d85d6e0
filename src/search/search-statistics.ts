import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** Posts an import must add before the statistics are refreshed at once. */
export const ANALYZE_AFTER_POSTS = 10_000;

/**
 * PostgreSQL's search plans (postgres-plan.ts) are chosen from the
 * planner's statistics: how many posts have a word, a hashtag, an author.
 * Autovacuum refreshes them only after a while, so right after a big
 * import every estimate describes the archive as it was, and searches pick
 * slow walks. An import that added many posts refreshes them itself (ANALYZE
 * samples a fixed number of rows: about a second, whatever the size).
 * SQLite's plans (sqlite-plan.ts) count with the index itself and need
 * nothing. Returns whether it ran.
 */
export async function refreshSearchStatistics(database: Database, postsAdded: number): Promise<boolean> {
  if (database.kind !== 'postgres' || postsAdded < ANALYZE_AFTER_POSTS) return false;
  await sql`analyze posts`.execute(database.db);
  await sql`analyze post_hashtags`.execute(database.db);
  await sql`analyze post_search_tags`.execute(database.db);
  return true;
}
