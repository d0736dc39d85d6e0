import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ImportFormatName } from '../imported-post.ts';
import type { ImportCounts } from '../pipeline/import-counts.ts';
import type { FileSummary, ImportProgress } from '../pipeline/import-file.ts';
import { zeroCounts } from '../pipeline/import-counts.ts';
import { findImportOfRunningFile, finishRunFile, linkRunFileToImport, recordFileProgress, startRunFile, touchRun } from './import-runs.repository.ts';

/** At most this often a file's progress is written: a few times a second, not per batch. */
export const PROGRESS_EVERY_MS = 250;
/** The run's heartbeat while nothing else is written (a link pass, the search statistics). */
export const HEARTBEAT_EVERY_MS = 10_000;

/** Thrown from a progress callback to stop the import between two batches (the server is shutting down). */
export class ImportInterrupted extends Error {
  /** The `imports` row of the file it stopped in, once known (importTracked sets it). */
  importId: number | null = null;

  constructor() {
    super('the server is shutting down');
    this.name = 'ImportInterrupted';
  }
}

/** The run a tracker writes: its rows, and each file's name (to find the `imports` row it makes). */
export interface TrackedRun {
  id: number;
  chatId: number;
  userId: number | null;
  fileIds: number[];
  fileNames: string[];
}

interface Current {
  index: number;
  fileId: number;
  fileName: string;
  startedAt: number;
  format: ImportFormatName | null;
  detected: boolean;
  bytesDone: number;
  counts: ImportCounts;
  importId: number | null;
}

/**
 * Turns the import's callbacks into writes of the run's rows: the file
 * being imported, its format once known, its bytes and counts at most
 * every PROGRESS_EVERY_MS (one write at a time, the latest numbers), and
 * a heartbeat. Progress writes are best effort: a failed one is logged
 * and the next carries the numbers on.
 */
export class RunTracker {
  private current: Current | null = null;
  private writing: Promise<void> | null = null;
  private dirty = false;
  private lastWrite = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly run: TrackedRun,
    private readonly signal: AbortSignal,
    private readonly log: (error: unknown, message: string) => void,
  ) {
    this.heartbeat = setInterval(() => void touchRun(db, run.id, Date.now()).catch((error) => log(error, 'import run heartbeat failed')), HEARTBEAT_EVERY_MS);
    this.heartbeat.unref();
  }

  /**
   * The `imports` row of the file being imported now, if any (a shutdown
   * marks it interrupted): after the progress write in flight, which may
   * be the one finding it, or looked up now.
   */
  async importInProgress(): Promise<number | null> {
    await this.settle();
    const current = this.current;
    if (!current) return null;
    if (current.importId === null) await this.findImport(current);
    return current.importId;
  }

  readonly onFileStart = async (index: number): Promise<void> => {
    this.stopIfAsked();
    const now = Date.now();
    this.current = { index, fileId: this.run.fileIds[index]!, fileName: this.run.fileNames[index]!, startedAt: now, format: null, detected: false, bytesDone: 0, counts: zeroCounts(), importId: null };
    await startRunFile(this.db, this.run.id, this.current.fileId, now);
  };

  readonly onFormat = (info: { format: ImportFormatName; detected: boolean }): void => {
    if (!this.current) return;
    this.current.format = info.format;
    this.current.detected = info.detected;
    this.schedule();
  };

  readonly onProgress = (progress: ImportProgress): void => {
    if (this.current) {
      this.current.bytesDone = progress.bytesDone;
      this.current.counts = { ...progress.counts };
      this.schedule();
    }
    // Between two batches: what is stored is whole, and importing the file again completes it.
    this.stopIfAsked();
  };

  readonly onFileEnd = async (index: number, summary: FileSummary): Promise<void> => {
    const fileId = this.run.fileIds[index]!;
    await this.settle();
    await finishRunFile(
      this.db,
      this.run.id,
      fileId,
      {
        status: summary.unreadable ? 'unreadable' : 'finished',
        format: summary.format,
        detected: summary.detected,
        bytesDone: summary.unreadable ? 0 : summary.bytes,
        counts: summary.counts,
        importId: summary.importId,
        unreadable: summary.unreadable,
        rejections: summary.rejections,
        inOtherChats: summary.inOtherChats,
      },
      Date.now(),
    );
    this.current = null;
  };

  /** Waits for the write in flight, drops any planned one. */
  async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    await this.writing;
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.settle();
  }

  private stopIfAsked(): void {
    if (this.signal.aborted) throw new ImportInterrupted();
  }

  private schedule(): void {
    this.dirty = true;
    if (this.writing || this.timer) return;
    const wait = this.lastWrite + PROGRESS_EVERY_MS - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.write();
      }, wait);
      this.timer.unref();
    } else this.write();
  }

  private write(): void {
    const current = this.current;
    if (!this.dirty || !current) return;
    this.dirty = false;
    this.lastWrite = Date.now();
    this.writing = (async () => {
      try {
        await recordFileProgress(this.db, this.run.id, current.fileId, 'running', { format: current.format, detected: current.detected, bytesDone: current.bytesDone, counts: current.counts }, this.lastWrite);
        if (current.importId === null && current.counts.read > current.counts.rejected) await this.findImport(current);
      } catch (error) {
        this.log(error, 'import run progress not recorded');
      } finally {
        this.writing = null;
        if (this.dirty) this.schedule();
      }
    })();
  }

  private async findImport(current: Current): Promise<void> {
    const importId = await findImportOfRunningFile(this.db, { chatId: this.run.chatId, fileName: current.fileName, userId: this.run.userId, since: current.startedAt });
    if (importId === null) return;
    current.importId = importId;
    await linkRunFileToImport(this.db, current.fileId, importId);
  }
}
