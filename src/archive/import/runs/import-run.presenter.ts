import type { ImportCounts } from '../pipeline/import-counts.ts';
import { addCounts, zeroCounts } from '../pipeline/import-counts.ts';
import type { Rejection } from '../pipeline/parsed-piece.ts';
import { estimate } from '../pipeline/progress.ts';
import { mergeInOtherChats, type InOtherChat } from '../in-other-chats.ts';
import { formatLabel } from '../format-labels.ts';
import { UNPACKING, type RunFileRow, type RunRow } from './import-runs.repository.ts';
import type { ImportRunFileStatus, ImportRunStatus } from './import-runs.tables.ts';

/** One file of a run as the progress page and its JSON show it. */
export interface PresentedRunFile {
  position: number;
  fileName: string;
  status: ImportRunFileStatus;
  /** null until known (detected or named). */
  format: string | null;
  /** A packed upload (zip, tarball, gzip, workbook) being opened: the files inside take its place. */
  unpacking: boolean;
  formatLabel: string;
  detected: boolean;
  bytesDone: number;
  bytesTotal: number;
  counts: ImportCounts;
  /** Why the file was refused as a whole; nothing of it was stored. */
  unreadable: string | null;
  /** Its first rejected records (the counts say how many in all). */
  rejections: Rejection[];
  /** Of its posts already archived, those in other chats, by chat. */
  inOtherChats: InOtherChat[];
  /** Averages since the file started; null before it did. */
  bytesPerSecond: number | null;
  recordsPerSecond: number | null;
  /** While it runs, once there is enough to go on. */
  secondsLeft: number | null;
}

/** GET /chats/SLUG/imports/ID.json; the page renders the same. */
export interface PresentedRun {
  id: number;
  chat: string;
  url: string;
  status: ImportRunStatus;
  /** Why a failed run failed. */
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  uploadedBy: string | null;
  /** Files only read (an X archive's account.js). */
  companions: string[];
  bytesDone: number;
  bytesTotal: number;
  totals: ImportCounts;
  /** Files refused as a whole. */
  unreadable: number;
  /** Posts already archived in other chats, all files together, by chat. */
  inOtherChats: InOtherChat[];
  files: PresentedRunFile[];
}

export function runUrl(chatSlug: string, runId: number): string {
  return `/chats/${chatSlug}/imports/${runId}`;
}

export function presentRun(chatSlug: string, run: RunRow, files: RunFileRow[], now = Date.now()): PresentedRun {
  const totals = zeroCounts();
  for (const file of files) addCounts(totals, file.counts);
  return {
    id: run.id,
    chat: chatSlug,
    url: runUrl(chatSlug, run.id),
    status: run.status,
    error: run.error,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt).toISOString(),
    uploadedBy: run.userHandle,
    companions: run.companions,
    bytesDone: files.reduce((sum, f) => sum + f.bytesDone, 0),
    bytesTotal: files.reduce((sum, f) => sum + f.bytesTotal, 0),
    totals,
    unreadable: files.filter((f) => f.status === 'unreadable').length,
    inOtherChats: mergeInOtherChats(files.map((f) => f.inOtherChats)),
    files: files.map((file) => presentFile(file, now)),
  };
}

function presentFile(file: RunFileRow, now: number): PresentedRunFile {
  const seconds = file.startedAt === null ? null : ((file.finishedAt ?? now) - file.startedAt) / 1000;
  const pace = seconds === null ? null : estimate(file.bytesDone, file.bytesTotal, file.counts.read, seconds);
  return {
    position: file.position,
    fileName: file.fileName,
    status: file.status,
    format: file.format,
    unpacking: file.format === UNPACKING,
    formatLabel: file.format === UNPACKING ? 'Packed file' : formatLabel(file.format, file.detected),
    detected: file.detected,
    bytesDone: file.bytesDone,
    bytesTotal: file.bytesTotal,
    counts: file.counts,
    unreadable: file.unreadable,
    rejections: file.rejections,
    inOtherChats: file.inOtherChats,
    bytesPerSecond: pace ? pace.bytesPerSecond : null,
    recordsPerSecond: pace ? pace.recordsPerSecond : null,
    secondsLeft: pace && file.status === 'running' ? pace.secondsLeft : null,
  };
}
