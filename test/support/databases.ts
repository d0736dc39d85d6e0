import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/**
 * `onDisk`: SQLite in a file of a temporary directory rather than in
 * memory, for what needs a second connection to the same database (an
 * upload's import thread).
 */
export async function freshDatabase(kind: DatabaseKind, options: { onDisk?: boolean } = {}): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = options.onDisk ? fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-test-db-')) : null;
    const database = openSqlite(dir ? path.join(dir, 'musesocial.sqlite') : ':memory:');
    await migrateToLatest(database);
    return {
      ...database,
      dispose: async () => {
        await database.close();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      },
    };
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
