import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Database, type DatabaseKind } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { appTables } from '../../src/ops/backup-tables.ts';
import { POSTGRES_URL } from '../support/databases.ts';

/**
 * A database the backup code can reach the way the CLI does, through a
 * Config: a SQLite file in a temporary data directory, or a PostgreSQL
 * schema of its own named in DATABASE_URL's search_path.
 */
export interface ConfiguredDatabase {
  config: Config;
  dir: string;
  open(): Database;
  dispose(): Promise<void>;
}

export async function configuredDatabase(kind: DatabaseKind): Promise<ConfiguredDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-ops-'));
  if (kind === 'sqlite') {
    const config = loadConfig({ MUSESOCIAL_DATA_DIR: dir });
    return { config, dir, open: () => openDatabase(config.database), dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `ops_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const config = loadConfig({ MUSESOCIAL_DATA_DIR: dir, DATABASE_URL: url.toString() });
  return {
    config,
    dir,
    open: () => openDatabase(config.database, { poolSize: 4 }),
    dispose: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openMigrated(target: ConfiguredDatabase): Promise<Database> {
  const database = target.open();
  await migrateToLatest(database);
  return database;
}

/** Every table's rows as sorted text, to compare two databases whole. */
export async function contents(database: Database): Promise<Record<string, string[]>> {
  const db = database.db.withoutPlugins() as Kysely<any>;
  const result: Record<string, string[]> = {};
  for (const table of await appTables(db, database.kind)) {
    if (database.kind === 'postgres') {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(db);
      result[table] = rows.rows.map((r) => r.row).sort();
    } else {
      // Search keys exceed 2^53: compare SQLite's own text of every value.
      const columns = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
      const list = sql.join(columns.rows.map((c) => sql`quote(${sql.ref(c.name)})`), sql` || '|' || `);
      const rows = await sql<{ row: string }>`select ${list} as row from ${sql.table(table)}`.execute(db);
      result[table] = rows.rows.map((r) => r.row).sort();
    }
  }
  return result;
}

export async function tableCount(database: Database, table: string): Promise<number> {
  const rows = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
  return Number(rows.rows[0]!.n);
}
