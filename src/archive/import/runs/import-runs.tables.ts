import type { Generated } from 'kysely';
import type { IMPORT_RUN_FILE_STATUSES, IMPORT_RUN_STATUSES } from '../../../db/migrations/0018_import_runs.ts';

/** Row types of the background upload imports (migration 0018_import_runs). */

export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];
export type ImportRunFileStatus = (typeof IMPORT_RUN_FILE_STATUSES)[number];

export interface ImportRunsTable {
  id: Generated<number>;
  chatId: number;
  /** Who uploaded; null once that account is gone. */
  userId: number | null;
  status: ImportRunStatus;
  requestedFormat: string | null;
  /** JSON array of file names. */
  companions: Generated<string>;
  error: string | null;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface ImportRunFilesTable {
  id: Generated<number>;
  runId: number;
  position: number;
  fileName: string;
  status: ImportRunFileStatus;
  format: string | null;
  detected: Generated<number>;
  bytesDone: Generated<number>;
  bytesTotal: number;
  readCount: Generated<number>;
  importedCount: Generated<number>;
  duplicateCount: Generated<number>;
  rejectedCount: Generated<number>;
  skippedCount: Generated<number>;
  deletedCount: Generated<number>;
  importId: number | null;
  unreadable: string | null;
  /** JSON array of `{ line, reason }`. */
  rejections: Generated<string>;
  /** JSON array of `{ slug, title, posts }`: posts of the file archived in other chats (in-other-chats.ts). */
  inOtherChats: Generated<string>;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface ImportRunsTables {
  importRuns: ImportRunsTable;
  importRunFiles: ImportRunFilesTable;
}
