import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './database.ts';
import type { DualMigration } from './migrations/helpers.ts';
import { accounts } from './migrations/0001_accounts.ts';
import { chats } from './migrations/0002_chats.ts';
import { posts } from './migrations/0003_posts.ts';

/**
 * Every migration, in order. Names are permanent: they are recorded in the
 * database's `kysely_migration` table. Add new files at the end; never edit
 * one that has shipped.
 */
const MIGRATIONS: Array<[string, DualMigration]> = [
  ['0001_accounts', accounts],
  ['0002_chats', chats],
  ['0003_posts', posts],
];

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of MIGRATIONS) {
    migrations[name] = { up: (db) => migration.up(db, database.kind) };
  }
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its bookkeeping tables in every schema unless told
    // which one; another schema in the same database (a second install,
    // a test) would otherwise be mistaken for ours.
    ...(database.kind === 'postgres' ? { migrationTableSchema: await currentSchema(database) } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return result;
}

async function currentSchema(database: Database): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check search_path');
  return schema;
}
