import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { applyMigrationsThrough } from '../db/migrate.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, checkMigrations, type PostgresBackupHeader } from './backup-format.ts';
import { appTables, nonEmptyTables, notEmptyError } from './backup-tables.ts';
import { storedColumns } from './backup-postgres.ts';
import { ownPostgresObjects, type OwnObjects } from './postgres-own-objects.ts';

/** Rows per INSERT, kept well under PostgreSQL's 65,535 parameters. */
const PARAMETERS_PER_INSERT = 60_000;

export interface BackupReader {
  header: PostgresBackupHeader;
  lines: AsyncIterator<string>;
  close(): void;
}

/** Opens a logical backup and checks its header before anything is touched. */
export async function openPostgresBackup(file: string): Promise<BackupReader> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const close = () => input.destroy();
  try {
    const first = await lines.next();
    const header = first.done ? null : parseLine(file, first.value, 1);
    if (!isHeader(header)) throw new BackupError(`${file} is not a ${BACKUP_FORMAT} file (its first line is not the header)`);
    if (header.version > BACKUP_FORMAT_VERSION) throw new BackupError(`${file} is in backup format ${header.version}; this Musesocial reads format ${BACKUP_FORMAT_VERSION}: upgrade, then restore`);
    checkMigrations(file, header.migrations);
    return { header, lines, close };
  } catch (error) {
    close();
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} cannot be read as a gzip'd ${BACKUP_FORMAT} file: ${(error as Error).message}`);
  }
}

/**
 * Restores a logical backup in one transaction: the schema is rebuilt as
 * it was at the backup's last migration, every row is loaded with foreign
 * keys checked at the end (tables refer to each other in cycles) and our
 * triggers off (the backup already holds what they would derive), and
 * identity sequences continue after the largest id. Any failure rolls all
 * of it back; the caller then migrates to the latest version.
 */
export async function restorePostgres(db: Kysely<any>, file: string, reader: BackupReader, options: { force: boolean }, onProgress: (done: number, total: number) => void): Promise<{ rows: number }> {
  const { header, lines } = reader;
  const total = header.tables.reduce((sum, table) => sum + table.rows, 0);
  const last = checkMigrations(file, header.migrations);
  const own = await ownPostgresObjects(db.withoutPlugins());
  return db
    .withoutPlugins()
    .transaction()
    .execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(current_schema()))`.execute(trx);
      if (!options.force) {
        const busy = await nonEmptyTables(trx, 'postgres', own.tables);
        if (busy.length > 0) throw notEmptyError(busy);
      }
      await dropOurs(trx, own);
      await applyMigrationsThrough(trx, 'postgres', last);
      const tables = await appTables(trx, 'postgres', own.tables);
      const foreignKeys = await deferForeignKeys(trx, tables);
      for (const table of tables) await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);

      let done = 0;
      let lineNumber = 1;
      let current: { table: string; columns: string[]; batch: unknown[][] } | null = null;
      const flush = async () => {
        if (!current || current.batch.length === 0) return;
        const { table, columns, batch } = current;
        const values = batch.map((row) => sql`(${sql.join(row)})`);
        await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(trx);
        done += batch.length;
        current.batch = [];
        onProgress(done, total);
      };
      let ended = false;
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        lineNumber++;
        const item = parseLine(file, next.value, lineNumber);
        if (Array.isArray(item)) {
          if (!current) throw new BackupError(`${file}, line ${lineNumber}: a row before any table`);
          if (item.length !== current.columns.length) throw new BackupError(`${file}, line ${lineNumber}: ${item.length} values for ${current.columns.length} columns of ${current.table}`);
          if (!item.every((value) => typeof value === 'string' || value === null)) throw new BackupError(`${file}, line ${lineNumber}: values must be text or null`);
          current.batch.push(item);
          if (current.batch.length * current.columns.length >= PARAMETERS_PER_INSERT) await flush();
        } else if (isTableStart(item)) {
          await flush();
          if (!tables.includes(item.table)) throw new BackupError(`${file}, line ${lineNumber}: table ${item.table} does not exist at migration ${last}`);
          const known = await storedColumns(trx, item.table);
          const unknown = item.columns.filter((column) => !known.includes(column));
          if (unknown.length > 0) throw new BackupError(`${file}, line ${lineNumber}: ${item.table} has no column ${unknown.join(', ')} at migration ${last}`);
          current = { table: item.table, columns: item.columns, batch: [] };
        } else if (isEnd(item)) {
          await flush();
          if (item.rows !== done || done !== total) throw new BackupError(`${file}: ${done} rows read, but the backup says ${total}`);
          ended = true;
          break;
        } else {
          throw new BackupError(`${file}, line ${lineNumber}: not a table, a row or the end marker`);
        }
      }
      if (!ended) throw new BackupError(`${file} is truncated (no end marker after ${done} of ${total} rows); nothing was restored`);

      await sql`set constraints all immediate`.execute(trx);
      for (const table of tables) await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
      await restoreForeignKeys(trx, foreignKeys);
      await resetIdentities(trx, tables);
      // Fresh tables have no planner statistics until autovacuum gets round to them, and
      // meanwhile search and transcript plans (postgres-plan.ts) are chosen blind. ANALYZE
      // samples a fixed number of rows, about a second however big the archive, and inside
      // this transaction it counts the rows just loaded.
      for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(trx);
      return { rows: done };
    });
}

/** What the migrations create in the app's schema: our tables (with their indexes, triggers and sequences) and functions, nobody else's. */
async function dropOurs(trx: Kysely<any>, own: OwnObjects): Promise<void> {
  const tables = await appTables(trx, 'postgres', own.tables);
  if (tables.length > 0) await sql`drop table if exists ${sql.join(tables.map((t) => sql.table(t)))} cascade`.execute(trx);
  const functions = await sql<{ signature: string }>`
    select format('%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid)) as signature
    from pg_proc p where p.pronamespace = current_schema()::regnamespace`.execute(trx);
  for (const { signature } of functions.rows) if (own.functions.has(signature)) await sql`drop function if exists ${sql.raw(signature)} cascade`.execute(trx);
}

interface ForeignKey {
  table: string;
  name: string;
  deferrable: boolean;
  deferred: boolean;
}

async function deferForeignKeys(trx: Kysely<any>, tables: string[]): Promise<ForeignKey[]> {
  const result = await sql<{ table: string; name: string; deferrable: boolean; deferred: boolean; relation: string }>`
    select c.conrelid::regclass::text as table, cl.relname as relation, c.conname as name, c.condeferrable as deferrable, c.condeferred as deferred
    from pg_constraint c join pg_class cl on cl.oid = c.conrelid
    where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(trx);
  const ours = result.rows.filter((key) => tables.includes(key.relation));
  for (const key of ours) await sql`alter table ${sql.raw(key.table)} alter constraint ${sql.ref(key.name)} deferrable initially deferred`.execute(trx);
  await sql`set constraints all deferred`.execute(trx);
  return ours;
}

async function restoreForeignKeys(trx: Kysely<any>, keys: ForeignKey[]): Promise<void> {
  for (const key of keys) {
    const mode = key.deferrable ? (key.deferred ? sql`deferrable initially deferred` : sql`deferrable initially immediate`) : sql`not deferrable`;
    await sql`alter table ${sql.raw(key.table)} alter constraint ${sql.ref(key.name)} ${mode}`.execute(trx);
  }
}

/** New rows must get ids after the restored ones. */
async function resetIdentities(trx: Kysely<any>, tables: string[]): Promise<void> {
  const result = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
  for (const { table_name: table, column_name: column } of result.rows) {
    if (!tables.includes(table)) continue;
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  }
}

function parseLine(file: string, line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(`${file}, line ${lineNumber}: not valid JSON (the file is damaged)`);
  }
}

function isHeader(value: unknown): value is PostgresBackupHeader {
  const header = value as PostgresBackupHeader | null;
  return typeof header === 'object' && header !== null && header.format === BACKUP_FORMAT && typeof header.version === 'number' && Array.isArray(header.migrations) && Array.isArray(header.tables);
}

function isTableStart(value: unknown): value is { table: string; columns: string[] } {
  const item = value as { table?: unknown; columns?: unknown } | null;
  return typeof item === 'object' && item !== null && typeof item.table === 'string' && Array.isArray(item.columns) && item.columns.every((c) => typeof c === 'string');
}

function isEnd(value: unknown): value is { end: true; rows: number } {
  const item = value as { end?: unknown; rows?: unknown } | null;
  return typeof item === 'object' && item !== null && item.end === true && typeof item.rows === 'number';
}
