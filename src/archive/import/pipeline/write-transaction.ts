import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database.ts';
import type { DB } from '../../../db/schema.ts';

/**
 * One import transaction. On SQLite it is BEGIN IMMEDIATE: the write lock
 * is taken before the first read, so the ids and duplicates the batch
 * looks up stay true until it commits (no other writer can slip in).
 *
 * And SQLite does not check foreign keys in it: the batch writer makes
 * sure of every reference itself (BatchWriter.forgetStale: what it takes
 * from memory is checked in the same transaction; everything else it
 * read or wrote there). SQLite's own checks cost a sixth of storing a
 * post: with a multi-row insert, every new post is looked for in each
 * table that refers to posts (moderation_actions.target_post_id has no
 * index: a full scan per post), and every reference is looked up. The
 * pragma cannot change inside a transaction; it is set back right after,
 * while this connection is still the import's. PostgreSQL runs a plain
 * transaction with its checks.
 */
export async function writeTransaction<T>(database: Database, body: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (database.kind !== 'sqlite') return database.db.transaction().execute(body);
  return database.db.connection().execute(async (connection) => {
    // One row, one column (named foreign_keys, or foreignKeys after the camel-case plugin).
    const { rows } = await sql<Record<string, number>>`pragma foreign_keys`.execute(connection);
    const enforced = Number(Object.values(rows[0] ?? {})[0] ?? 0) === 1;
    if (enforced) await sql`pragma foreign_keys = off`.execute(connection);
    try {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await body(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        // SQLite may have rolled back already (e.g. a full disk); the first error is the one to report.
        await sql`rollback`.execute(connection).catch(() => {});
        throw error;
      }
    } finally {
      if (enforced) await sql`pragma foreign_keys = on`.execute(connection);
    }
  });
}
