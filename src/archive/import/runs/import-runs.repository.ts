import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ImportCounts } from '../pipeline/import-counts.ts';
import type { Rejection } from '../pipeline/parsed-piece.ts';
import type { InOtherChat } from '../in-other-chats.ts';
import type { ImportRunFilesTable, ImportRunFileStatus, ImportRunsTable, ImportRunStatus } from './import-runs.tables.ts';

/** The only SQL of background upload imports (tables of migration 0018_import_runs). */

type Db = Kysely<DB> | Transaction<DB>;

export interface RunRow {
  id: number;
  chatId: number;
  userId: number | null;
  userHandle: string | null;
  status: ImportRunStatus;
  requestedFormat: string | null;
  companions: string[];
  error: string | null;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface RunFileRow {
  id: number;
  position: number;
  fileName: string;
  status: ImportRunFileStatus;
  format: string | null;
  detected: boolean;
  bytesDone: number;
  bytesTotal: number;
  counts: ImportCounts;
  importId: number | null;
  unreadable: string | null;
  rejections: Rejection[];
  inOtherChats: InOtherChat[];
  startedAt: number | null;
  finishedAt: number | null;
}

export interface NewRun {
  chatId: number;
  userId: number | null;
  requestedFormat: string | null;
  companions: string[];
  files: Array<{ fileName: string; bytesTotal: number }>;
  now: number;
}

/** The run and its files, in one transaction: a page asked for at once sees them all. */
export async function insertRun(db: Kysely<DB>, run: NewRun): Promise<{ runId: number; fileIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('importRuns')
      .values({ chatId: run.chatId, userId: run.userId, status: 'running', requestedFormat: run.requestedFormat, companions: JSON.stringify(run.companions), error: null, startedAt: run.now, updatedAt: run.now, finishedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = Number(id);
    return { runId, fileIds: await insertRunFiles(trx, runId, run.files) };
  });
}

/** A run's files, waiting, in order; their ids in that order. */
async function insertRunFiles(trx: Db, runId: number, files: NewRun['files']): Promise<number[]> {
  if (files.length === 0) return [];
  const rows = await trx
    .insertInto('importRunFiles')
    .values(files.map((f, position) => ({ runId, position, fileName: f.fileName, status: 'waiting' as const, bytesTotal: f.bytesTotal, startedAt: null, finishedAt: null, importId: null, unreadable: null, format: null })))
    .returning(['id', 'position'])
    .execute();
  return rows.sort((a, b) => Number(a.position) - Number(b.position)).map((r) => Number(r.id));
}

/** A file's format while the packed upload it is (a zip, a tarball, a workbook…) is opened in the background. */
export const UNPACKING = 'unpacking';

/** The packed uploads of a run are being opened (the page says so until the files inside take their place). */
export async function markUnpacking(db: Kysely<DB>, runId: number, fileIds: number[], now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (fileIds.length > 0) await trx.updateTable('importRunFiles').set({ status: 'running', format: UNPACKING, startedAt: now }).where('id', 'in', fileIds).execute();
    await touchRun(trx, runId, now);
  });
}

/**
 * The files a run imports, once its packed uploads are opened: what was
 * inside them takes their place, with the companions read beside them.
 * One transaction: a page asked for meanwhile sees the uploads or the
 * files inside, never a mix.
 */
export async function replaceRunFiles(db: Kysely<DB>, runId: number, companions: string[], files: Array<{ fileName: string; bytesTotal: number }>, now: number): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('importRunFiles').where('runId', '=', runId).execute();
    await trx.updateTable('importRuns').set({ companions: JSON.stringify(companions), updatedAt: now }).where('id', '=', runId).execute();
    return insertRunFiles(trx, runId, files);
  });
}

export interface FileProgress {
  format: string | null;
  detected: boolean;
  bytesDone: number;
  counts: ImportCounts;
}

const countColumns = (counts: ImportCounts) => ({
  readCount: counts.read,
  importedCount: counts.imported,
  duplicateCount: counts.duplicates,
  rejectedCount: counts.rejected,
  skippedCount: counts.skipped,
  deletedCount: counts.deleted,
});

/** A file's numbers so far, and the run's heartbeat with them. */
export async function recordFileProgress(db: Kysely<DB>, runId: number, fileId: number, status: 'running', progress: FileProgress, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('importRunFiles')
      .set({ status, format: progress.format, detected: progress.detected ? 1 : 0, bytesDone: progress.bytesDone, ...countColumns(progress.counts) })
      .where('id', '=', fileId)
      .execute();
    await touchRun(trx, runId, now);
  });
}

export async function startRunFile(db: Kysely<DB>, runId: number, fileId: number, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('importRunFiles').set({ status: 'running', startedAt: now }).where('id', '=', fileId).execute();
    await touchRun(trx, runId, now);
  });
}

export interface FileOutcome extends FileProgress {
  status: 'finished' | 'unreadable';
  importId: number | null;
  unreadable: string | null;
  rejections: Rejection[];
  inOtherChats: InOtherChat[];
}

export async function finishRunFile(db: Kysely<DB>, runId: number, fileId: number, outcome: FileOutcome, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('importRunFiles')
      .set({
        status: outcome.status,
        format: outcome.format,
        detected: outcome.detected ? 1 : 0,
        bytesDone: outcome.bytesDone,
        ...countColumns(outcome.counts),
        importId: outcome.importId,
        unreadable: outcome.unreadable,
        rejections: JSON.stringify(outcome.rejections),
        inOtherChats: JSON.stringify(outcome.inOtherChats),
        finishedAt: now,
      })
      .where('id', '=', fileId)
      .execute();
    await touchRun(trx, runId, now);
  });
}

export async function linkRunFileToImport(db: Db, fileId: number, importId: number): Promise<void> {
  await db.updateTable('importRunFiles').set({ importId }).where('id', '=', fileId).where('importId', 'is', null).execute();
}

/**
 * The `imports` row a running file's batches created: the pipeline makes
 * it with its first batch and says which only at the end, so the newest
 * running web import of that file, chat and person since the file
 * started, that no other run claimed. Lets the history link to the run
 * and a shutdown mark the row while the file is still being imported.
 */
export async function findImportOfRunningFile(db: Db, file: { chatId: number; fileName: string; userId: number | null; since: number }): Promise<number | null> {
  let query = db
    .selectFrom('imports')
    .select('imports.id')
    .where('imports.chatId', '=', file.chatId)
    .where('imports.fileName', '=', file.fileName)
    .where('imports.via', '=', 'web')
    .where('imports.status', '=', 'running')
    .where('imports.startedAt', '>=', file.since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('importRunFiles').select('importRunFiles.id').whereRef('importRunFiles.importId', '=', 'imports.id'))));
  query = file.userId === null ? query.where('imports.userId', 'is', null) : query.where('imports.userId', '=', file.userId);
  const row = await query.orderBy('imports.id', 'desc').limit(1).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function touchRun(db: Db, runId: number, now: number): Promise<void> {
  await db.updateTable('importRuns').set({ updatedAt: now }).where('id', '=', runId).where('status', '=', 'running').execute();
}

/**
 * Ends a run that is still running (the first ending wins: a shutdown's
 * `interrupted` is not overwritten by the failure it causes); a file
 * cut off half-way is `stopped`. With `silentBefore`, only a run whose
 * process stopped beating before then (killed). Returns whether this call
 * ended it.
 */
export async function endRun(db: Kysely<DB>, runId: number, status: Exclude<ImportRunStatus, 'running'>, error: string | null, now: number, silentBefore?: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let update = trx.updateTable('importRuns').set({ status, error, finishedAt: now, updatedAt: now }).where('id', '=', runId).where('status', '=', 'running');
    if (silentBefore !== undefined) update = update.where('updatedAt', '<', silentBefore);
    const ended = await update.executeTakeFirst();
    if (Number(ended.numUpdatedRows) === 0) return false;
    await trx.updateTable('importRunFiles').set({ status: 'stopped', finishedAt: now }).where('runId', '=', runId).where('status', '=', 'running').execute();
    return true;
  });
}

/** Runs with their uploader's handle. */
const runsWithUploader = (db: Db) => db.selectFrom('importRuns').leftJoin('users', 'users.id', 'importRuns.userId').selectAll('importRuns').select('users.handle as userHandle');

export async function findRun(db: Db, runId: number): Promise<{ run: RunRow; files: RunFileRow[] } | null> {
  const run = await runsWithUploader(db).where('importRuns.id', '=', runId).executeTakeFirst();
  if (!run) return null;
  const files = await db.selectFrom('importRunFiles').selectAll().where('runId', '=', runId).orderBy('position').execute();
  return { run: toRun(run), files: files.map(toFile) };
}

/** A chat's latest runs, newest first, with their files' names and numbers. */
export async function listRuns(db: Db, chatId: number, limit: number): Promise<Array<{ run: RunRow; files: RunFileRow[] }>> {
  const runs = await runsWithUploader(db)
    .where('importRuns.chatId', '=', chatId)
    .orderBy('importRuns.startedAt', 'desc')
    .orderBy('importRuns.id', 'desc')
    .limit(limit)
    .execute();
  if (runs.length === 0) return [];
  const files = await db
    .selectFrom('importRunFiles')
    .selectAll()
    .where(
      'runId',
      'in',
      runs.map((r) => Number(r.id)),
    )
    .orderBy('runId')
    .orderBy('position')
    .execute();
  return runs.map((r) => ({ run: toRun(r), files: files.filter((f) => Number(f.runId) === Number(r.id)).map(toFile) }));
}

function toRun(r: Selectable<ImportRunsTable> & { userHandle: string | null }): RunRow {
  return {
    id: Number(r.id),
    chatId: Number(r.chatId),
    userId: r.userId === null ? null : Number(r.userId),
    userHandle: r.userHandle,
    status: r.status,
    requestedFormat: r.requestedFormat,
    companions: parseJsonArray<string>(r.companions),
    error: r.error,
    startedAt: Number(r.startedAt),
    updatedAt: Number(r.updatedAt),
    finishedAt: r.finishedAt === null ? null : Number(r.finishedAt),
  };
}

function toFile(f: Selectable<ImportRunFilesTable>): RunFileRow {
  return {
    id: Number(f.id),
    position: Number(f.position),
    fileName: f.fileName,
    status: f.status,
    format: f.format,
    detected: Number(f.detected) === 1,
    bytesDone: Number(f.bytesDone),
    bytesTotal: Number(f.bytesTotal),
    counts: {
      read: Number(f.readCount),
      imported: Number(f.importedCount),
      duplicates: Number(f.duplicateCount),
      rejected: Number(f.rejectedCount),
      skipped: Number(f.skippedCount),
      deleted: Number(f.deletedCount),
    },
    importId: f.importId === null ? null : Number(f.importId),
    unreadable: f.unreadable,
    rejections: parseJsonArray<Rejection>(f.rejections),
    inOtherChats: parseJsonArray<InOtherChat>(f.inOtherChats),
    startedAt: f.startedAt === null ? null : Number(f.startedAt),
    finishedAt: f.finishedAt === null ? null : Number(f.finishedAt),
  };
}

function parseJsonArray<T>(text: string): T[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}
