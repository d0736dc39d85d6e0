import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database.ts';
import type { DB } from '../../../db/schema.ts';

/**
 * One import transaction. On SQLite it is BEGIN IMMEDIATE: the write lock
 * is taken before the first read, so the ids and duplicates the batch
 * looks up stay true until it commits (no other writer can slip in). And
 * foreign keys are checked at commit rather than after each statement, so
 * the batch may store its posts in time order while a reply is stored
 * before the post it answers (see import-batch.repository.ts); a broken
 * reference still fails the commit. PostgreSQL runs a plain transaction.
 */
export async function writeTransaction<T>(database: Database, body: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (database.kind !== 'sqlite') return database.db.transaction().execute(body);
  return database.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      // Reset by SQLite at the end of the transaction.
      await sql`pragma defer_foreign_keys = on`.execute(connection);
      const result = await body(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      // SQLite may have rolled back already (e.g. a full disk); the first error is the one to report.
      await sql`rollback`.execute(connection).catch(() => {});
      throw error;
    }
  });
}
