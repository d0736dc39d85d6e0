import crypto from 'node:crypto';
import { sql } from 'kysely';
import { openPostgres, openSqlite, type Database, type DatabaseKind } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/**
 * Real databases for tests, one fresh database per test: an in-memory
 * SQLite file, or a PostgreSQL schema of its own that is dropped afterwards.
 * scripts/run-tests.mjs decides whether PostgreSQL is available (it must be
 * when CI=true) and passes the URL in MUSESOCIAL_TEST_POSTGRES_URL.
 */
export const POSTGRES_URL = process.env.MUSESOCIAL_TEST_POSTGRES_URL || '';

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** Set when the target cannot run here; the suite is reported as skipped with this reason. */
  skip: string | false;
}

export function databaseTargets(): DatabaseTarget[] {
  return [
    { kind: 'sqlite', skip: false },
    { kind: 'postgres', skip: POSTGRES_URL ? false : 'no PostgreSQL reachable (set MUSESOCIAL_TEST_POSTGRES_URL; mandatory when CI=true)' },
  ];
}

export interface TestDatabase extends Database {
  /** Drops what the test created. */
  dispose(): Promise<void>;
}

export async function freshDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const database = openSqlite(':memory:');
    await migrateToLatest(database);
    return { ...database, dispose: () => database.close() };
  }
  const schema = `test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = openPostgres(POSTGRES_URL, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const database = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 4 });
  await migrateToLatest(database);
  return {
    ...database,
    dispose: async () => {
      await database.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}
