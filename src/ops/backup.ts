import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { BackupError, sniffBackup } from './backup-format.ts';
import { backupSqlite, inspectSqliteBackup, restoreSqlite } from './backup-sqlite.ts';
import { backupPostgres } from './backup-postgres.ts';
import { openPostgresBackup, restorePostgres } from './backup-postgres-restore.ts';
import { nonEmptyTables, notEmptyError } from './backup-tables.ts';

export type ProgressCallback = (done: number, total: number) => void;

export interface BackupSummary {
  kind: Config['database']['kind'];
  file: string;
  bytes: number;
  /** The last migration the backup holds. */
  migration: string;
  /** PostgreSQL: rows written. */
  rows?: number;
}

/**
 * `musesocial backup FILE`: a consistent copy of the configured database,
 * safe while the app runs. It is written to FILE.partial and renamed when
 * complete and checked, so a failed backup never looks like a good one.
 */
export async function runBackup(config: Config, file: string, options: { force?: boolean; onProgress?: ProgressCallback } = {}): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (fs.existsSync(target) && !options.force) throw new BackupError(`${file} already exists; choose another name or add --force to replace it`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const onProgress = options.onProgress ?? (() => {});
  try {
    if (config.database.kind === 'sqlite') {
      const result = await backupSqlite(config.database.file, partial, onProgress);
      fs.renameSync(partial, target);
      return { kind: 'sqlite', file: target, bytes: result.bytes, migration: result.migrations.at(-1) ?? '' };
    }
    const database = openDatabase(config.database, { poolSize: 1 });
    try {
      const result = await backupPostgres(database.db, partial, onProgress);
      fs.renameSync(partial, target);
      return { kind: 'postgres', file: target, bytes: fs.statSync(target).size, migration: result.migrations.at(-1) ?? '', rows: result.rows };
    } finally {
      await database.close();
    }
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

export interface RestoreSummary {
  kind: Config['database']['kind'];
  /** Migrations applied after loading an older backup. */
  migrated: string[];
  rows?: number;
}

/**
 * `musesocial restore FILE`: replaces the configured database with a
 * backup of the same kind. It checks the file first (format, integrity,
 * that this version knows every migration in it), refuses to overwrite a
 * database that holds anything unless `force`, then brings an older backup
 * up to date with the usual migrations. Stop the app first.
 */
export async function runRestore(config: Config, file: string, options: { force?: boolean; onProgress?: ProgressCallback } = {}): Promise<RestoreSummary> {
  const kind = sniffBackup(file);
  if (kind !== config.database.kind) {
    throw new BackupError(
      kind === 'sqlite'
        ? `${file} is a backup of a SQLite database, but DATABASE_URL points at PostgreSQL; restore it with DATABASE_URL unset`
        : `${file} is a backup of a PostgreSQL database, but no DATABASE_URL is set; restore it with DATABASE_URL pointing at PostgreSQL`,
    );
  }
  const onProgress = options.onProgress ?? (() => {});
  if (config.database.kind === 'sqlite') {
    inspectSqliteBackup(file);
    const target = openDatabase(config.database);
    try {
      const busy = await nonEmptyTables(target.db, 'sqlite');
      if (busy.length > 0 && !options.force) throw notEmptyError(busy);
    } finally {
      await target.close();
    }
    await restoreSqlite(file, config.database.file, onProgress);
    return { kind: 'sqlite', migrated: await migrate(config) };
  }
  const reader = await openPostgresBackup(file);
  const database = openDatabase(config.database, { poolSize: 1 });
  try {
    const { rows } = await restorePostgres(database.db, file, reader, { force: options.force ?? false }, onProgress);
    const { applied } = await migrateToLatest(database);
    return { kind: 'postgres', migrated: applied, rows };
  } finally {
    reader.close();
    await database.close();
  }
}

async function migrate(config: Config): Promise<string[]> {
  const database = openDatabase(config.database);
  try {
    return (await migrateToLatest(database)).applied;
  } finally {
    await database.close();
  }
}
