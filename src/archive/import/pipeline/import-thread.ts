import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../errors.ts';
import type { ImportInput, ImportReport, ImportRunOptions } from '../import.service.ts';
import type { BulkStep, ImportFileOptions, ImportProgress } from './import-file.ts';
import type { ReadOptions } from './read-pieces.ts';
import { WORKER_EXEC_ARGV } from './worker-pool.ts';

const THREAD_URL = new URL('./import-thread.worker.ts', import.meta.url);

/**
 * The writing thread's heap. A long import allocates gigabytes on the
 * thread that stores posts; with V8's defaults for a main thread its
 * nurseries and old generation grow to several hundred MB just because
 * they may. Small limits keep the whole import near 200 MB, with plenty of
 * room over what it keeps alive (its bounded caches and a few batches).
 */
export const WRITER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 160 };

export interface ThreadRequest {
  slug: string;
  input: ImportInput;
  read?: ReadOptions;
  /** Whether to load in one transaction (bulk-load.ts); auto when absent. */
  bulkLoad?: NonNullable<ImportFileOptions['bulkLoad']>;
}

export type FromImportThread =
  | { type: 'format'; info: Parameters<NonNullable<ImportFileOptions['onFormat']>>[0] }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'bulk-step'; step: BulkStep }
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: { message: string; stack?: string; code?: ErrorCode; field?: string } };

/**
 * `musesocial import` runs here: the import, with its own database
 * connection (from the same configuration), in a thread whose memory is
 * capped, while the command's thread only reports progress.
 */
export function importInThread(request: ThreadRequest, options: Pick<ImportRunOptions, 'onFormat' | 'onProgress' | 'onBulkStep'> = {}): Promise<ImportReport> {
  const worker = new Worker(THREAD_URL, { workerData: request, execArgv: WORKER_EXEC_ARGV, resourceLimits: WRITER_LIMITS });
  return new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: FromImportThread) => {
      if (message.type === 'format') options.onFormat?.(message.info);
      else if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'bulk-step') options.onBulkStep?.(message.step);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.report);
      } else {
        settled = true;
        const { code, field, message: text, stack } = message.error;
        const error = code ? new AppError(code, text, field) : Object.assign(new Error(text), { stack });
        reject(error);
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the import thread stopped (exit code ${code})`));
    });
  });
}
