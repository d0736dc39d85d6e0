import { Worker } from 'node:worker_threads';
import { WORKER_EXEC_ARGV } from './pipeline/worker-pool.ts';
import type { TAGS_WORKBOOK } from './tags-workbook.ts';

const THREAD_URL = new URL('./tags-workbook.worker.ts', import.meta.url);

/**
 * The conversion's heap: it keeps one row and one chunk of XML at a time
 * (a 200,000-row sheet peaked at 64 MB of heap), and garbage is collected
 * early under a small cap rather than left to a main thread's limits.
 */
const LIMITS = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 96 };

/**
 * unpackTagsWorkbook (tags-workbook.ts) in a thread of its own: a big sheet
 * takes seconds of CPU that should not be the server's (an upload) or the
 * command's progress reports, and its memory goes with the thread.
 */
export function unpackTagsWorkbookInThread(file: string, into: string): Promise<{ kind: typeof TAGS_WORKBOOK; files: string[] } | null> {
  const worker = new Worker(THREAD_URL, { workerData: { file, into }, execArgv: WORKER_EXEC_ARGV, resourceLimits: LIMITS });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (result: { kind: typeof TAGS_WORKBOOK; files: string[] } | null) => {
      settled = true;
      resolve(result);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the workbook thread stopped (exit code ${code})`));
    });
  });
}
