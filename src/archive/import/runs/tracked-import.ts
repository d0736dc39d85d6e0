import type { Database } from '../../../db/database.ts';
import type { User } from '../../../db/schema.ts';
import { runPlannedImport, type ImportPlan } from '../import.service.ts';
import { ImportInterrupted, RunTracker, type TrackedRun } from './run-tracker.ts';

/**
 * Posts per transaction for uploads, and the JSON Lines chunk that is one
 * piece (the writer stores a piece whole: the default 4 MB is ~13,000
 * small tweets, 0.4 s on SQLite): while a transaction runs, the server's
 * own writes (a live post) wait for SQLite's lock, and progress moves a
 * piece at a time. 1 MB is ~3,400 small tweets, ~0.1 s.
 */
export const UPLOAD_TRANSACTION_POSTS = 500;
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/**
 * An upload's import with its progress written to the run's rows as it
 * goes (run-tracker.ts), on whichever thread runs it (run-thread.ts).
 * `signal` stops it between two batches with ImportInterrupted, which
 * then names the `imports` row of the file it stopped in.
 */
export async function importTracked(database: Database, run: TrackedRun, user: User, plan: ImportPlan, signal: AbortSignal, log: (error: unknown, message: string) => void): Promise<void> {
  const tracker = new RunTracker(database.db, run, signal, log);
  try {
    await runPlannedImport(database, { via: 'web', user }, plan, {
      onFileStart: tracker.onFileStart,
      onFormat: tracker.onFormat,
      onProgress: tracker.onProgress,
      onFileEnd: tracker.onFileEnd,
      transactionPosts: UPLOAD_TRANSACTION_POSTS,
      read: { chunkBytes: UPLOAD_CHUNK_BYTES },
    });
  } catch (error) {
    if (error instanceof ImportInterrupted) error.importId = await tracker.importInProgress().catch(() => null);
    throw error;
  } finally {
    await tracker.stop();
  }
}
