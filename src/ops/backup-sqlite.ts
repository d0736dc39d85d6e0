import fs from 'node:fs';
import { DatabaseSync, backup } from 'node:sqlite';
import { BackupError, SQLITE_APPLICATION_ID, checkMigrations } from './backup-format.ts';

export interface SqliteBackupResult {
  bytes: number;
  migrations: string[];
}

/** One step copies everything: see why in backupSqlite. */
const ALL_PAGES = 2 ** 30;

/**
 * Online backup of the live database file into `target`, consistent while
 * the app keeps writing. SQLite's backup API restarts whenever another
 * connection writes between two steps, which under steady posting would
 * never finish, so the copy is one step: it reads one snapshot (WAL lets
 * writers go on meanwhile) on a worker thread. Progress is the copy's size
 * against the source's, polled while it runs.
 */
export async function backupSqlite(source: string, target: string, onProgress: (done: number, total: number) => void): Promise<SqliteBackupResult> {
  if (!fs.existsSync(source)) throw new BackupError(`there is no database at ${source} (check MUSESOCIAL_DATA_DIR)`);
  const live = new DatabaseSync(source);
  let poll: NodeJS.Timeout | undefined;
  try {
    live.exec('PRAGMA busy_timeout = 5000');
    const { pages, size } = live.prepare('SELECT page_count AS pages, page_size AS size FROM pragma_page_count(), pragma_page_size()').get() as { pages: number; size: number };
    const total = pages * size;
    poll = setInterval(() => onProgress(Math.min(fileSize(target), total), total), 200);
    await backup(live, target, { rate: ALL_PAGES });
    onProgress(total, total);
  } finally {
    clearInterval(poll);
    live.close();
  }
  // A self-contained file (no -wal beside it), tagged as ours, checked.
  const copy = new DatabaseSync(target);
  try {
    copy.exec(`PRAGMA journal_mode = DELETE; PRAGMA application_id = ${SQLITE_APPLICATION_ID};`);
    assertIntact(copy, target);
    const migrations = migrationsOf(copy, target);
    return { bytes: fileSize(target), migrations };
  } finally {
    copy.close();
  }
}

/** Checks a SQLite backup before anything is overwritten; returns its migrations. */
export function inspectSqliteBackup(file: string): string[] {
  let copy: DatabaseSync;
  try {
    copy = new DatabaseSync(file, { readOnly: true });
  } catch (error) {
    throw new BackupError(`cannot open ${file} as a SQLite database: ${(error as Error).message}`);
  }
  try {
    const { id } = copy.prepare('SELECT application_id AS id FROM pragma_application_id()').get() as { id: number };
    // 0: a plain copy of musesocial.sqlite (taken with the app stopped) is fine too.
    if (id !== SQLITE_APPLICATION_ID && id !== 0) throw new BackupError(`${file} is a SQLite database of another application (application_id ${id})`);
    assertIntact(copy, file);
    const migrations = migrationsOf(copy, file);
    checkMigrations(file, migrations);
    return migrations;
  } finally {
    copy.close();
  }
}

/**
 * Replaces the database at `target` with the backup, page by page through
 * SQLite's backup API, which takes the write lock: a reader sees either the
 * old database or the restored one, never a mixture.
 */
export async function restoreSqlite(file: string, target: string, onProgress: (done: number, total: number) => void): Promise<void> {
  const source = new DatabaseSync(file, { readOnly: true });
  try {
    const { size } = source.prepare('SELECT page_size AS size FROM pragma_page_size()').get() as { size: number };
    const progress = ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }) => onProgress((totalPages - remainingPages) * size, totalPages * size);
    await backup(source, target, { rate: 1024, progress });
  } finally {
    source.close();
  }
  const restored = new DatabaseSync(target);
  try {
    // The copy carried the backup's journal mode and tag; the live file is WAL and untagged.
    restored.exec('PRAGMA journal_mode = WAL; PRAGMA application_id = 0;');
    assertIntact(restored, target);
  } finally {
    restored.close();
  }
}

function assertIntact(database: DatabaseSync, file: string): void {
  const rows = database.prepare('PRAGMA quick_check').all() as Array<{ quick_check: string }>;
  const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  if (problems.length > 0) throw new BackupError(`${file} is damaged: ${problems.slice(0, 3).join('; ')}`);
}

function migrationsOf(database: DatabaseSync, file: string): string[] {
  try {
    return (database.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as Array<{ name: string }>).map((row) => row.name);
  } catch {
    throw new BackupError(`${file} has no schema_migrations table; it is not a Musesocial database`);
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
