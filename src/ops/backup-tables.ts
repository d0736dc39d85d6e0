import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../db/database.ts';
import { BackupError } from './backup-format.ts';

/**
 * The app's own tables (on PostgreSQL, those named in `own` when given), in creation order (which is migration order), with
 * SQLite's internals and full-text shadow tables left out: they are rebuilt
 * from the real tables and are not "data" for the non-empty check.
 */
export async function appTables(db: Kysely<any>, kind: DatabaseKind, own?: Set<string>): Promise<string[]> {
  if (kind === 'postgres') {
    const result = await sql<{ name: string }>`
      select c.relname as name from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
      order by c.oid`.execute(db);
    // Other software's tables in a shared schema are not ours to back up or drop (see ownPostgresObjects).
    return result.rows.map((row) => row.name).filter((name) => !own || own.has(name));
  }
  const result = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table' order by rowid`.execute(db);
  const virtual = result.rows.filter((row) => /^create virtual table/i.test(row.sql ?? '')).map((row) => row.name);
  return result.rows
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_') && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}

/** Tables holding at least one row, ignoring the migrations bookkeeping: restore refuses to overwrite these without --force. */
export async function nonEmptyTables(db: Kysely<any>, kind: DatabaseKind, own?: Set<string>): Promise<string[]> {
  const found: string[] = [];
  for (const table of await appTables(db, kind, own)) {
    if (table === 'schema_migrations') continue;
    const result = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(db);
    if (result.rows.length > 0) found.push(table);
  }
  return found;
}

export function notEmptyError(tables: string[]): BackupError {
  const named = `${tables.slice(0, 4).join(', ')}${tables.length > 4 ? ', …' : ''}`;
  return new BackupError(`the database is not empty (${named} ${tables.length === 1 ? 'has' : 'have'} rows); restore replaces everything in it: add --force to do that`);
}
