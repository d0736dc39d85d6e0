import fs from 'node:fs';
import { MIGRATION_NAMES } from '../db/migrate.ts';
import type { DatabaseKind } from '../db/database.ts';

/**
 * What a backup file is. A SQLite backup is a SQLite database (the online
 * backup of the live file), tagged with our application id; a PostgreSQL
 * backup is our own logical export: gzip'd JSON lines, a header, then each
 * table's columns and rows, then an end marker (so a truncated file is
 * noticed). Both record the migrations they were taken at.
 */
export const BACKUP_FORMAT = 'musesocial-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** `PRAGMA application_id` of SQLite backups: "MSOC". */
export const SQLITE_APPLICATION_ID = 0x4d534f43;

export interface PostgresBackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  database: 'postgres';
  createdAt: string;
  migrations: string[];
  tables: Array<{ name: string; rows: number }>;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Tells the two formats apart by their first bytes. */
export function sniffBackup(file: string): DatabaseKind {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new BackupError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const head = Buffer.alloc(16);
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'postgres';
  throw new BackupError(`${file} is not a Musesocial backup (neither a SQLite database nor a gzip'd ${BACKUP_FORMAT} file)`);
}

/**
 * A backup can be restored by this version when its migrations are a prefix
 * of ours: the same version, or an older one (restore then migrates it).
 */
export function checkMigrations(file: string, migrations: string[]): string {
  if (migrations.length === 0) throw new BackupError(`${file} records no migrations; it is not a Musesocial backup`);
  migrations.forEach((name, index) => {
    if (MIGRATION_NAMES[index] !== name) {
      const known = MIGRATION_NAMES.includes(name);
      throw new BackupError(
        known
          ? `${file} has migrations out of order at ${name}; it was not made by Musesocial`
          : `${file} was made by a newer Musesocial (it has migration ${name}, unknown to this version); upgrade Musesocial, then restore`,
      );
    }
  });
  return migrations[migrations.length - 1]!;
}
