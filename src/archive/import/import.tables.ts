import type { Generated } from 'kysely';

/** Row types of the archive-import tables (migration 0010_archive_import). */

export type ImportStatus = 'running' | 'finished' | 'interrupted';

export interface ImportsTable {
  id: Generated<number>;
  chatId: number;
  /** Who uploaded the file; null for the command line (the server's operator). */
  userId: number | null;
  via: 'cli' | 'web';
  fileName: string;
  format: string;
  /** `running` until the last batch commits; a run killed half-way stays `running` until the file is imported again. */
  status: ImportStatus;
  startedAt: number;
  finishedAt: number | null;
  readCount: Generated<number>;
  importedCount: Generated<number>;
  duplicateCount: Generated<number>;
  rejectedCount: Generated<number>;
  skippedCount: Generated<number>;
  deletedCount: Generated<number>;
}

export interface ImportRejectionsTable {
  id: Generated<number>;
  importId: number;
  fileName: string;
  /** Line of a JSONL or CSV file, or position of the record in a JSON document. */
  line: number;
  reason: string;
}
