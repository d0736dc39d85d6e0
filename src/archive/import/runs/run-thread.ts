import { Worker } from 'node:worker_threads';
import type { Database, DatabaseSource } from '../../../db/database.ts';
import type { User } from '../../../db/schema.ts';
import { AppError, type ErrorCode } from '../../../errors.ts';
import type { ImportPlan } from '../import.service.ts';
import { WRITER_LIMITS } from '../pipeline/import-thread.ts';
import { WORKER_EXEC_ARGV } from '../pipeline/worker-pool.ts';
import { STOP_WAIT_MS } from './background-imports.ts';
import { ImportInterrupted, type TrackedRun } from './run-tracker.ts';

const THREAD_URL = new URL('./run-thread.worker.ts', import.meta.url);

export interface RunThreadRequest {
  source: DatabaseSource;
  run: TrackedRun;
  user: User;
  plan: ImportPlan;
}

export type ToRunThread = { type: 'stop' };

export type FromRunThread =
  | { type: 'log'; message: string; error: { message: string; stack?: string } }
  | { type: 'done' }
  | { type: 'error'; interrupted: { importId: number | null } | null; error: { message: string; stack?: string; code?: ErrorCode; field?: string } };

/**
 * Where an upload's import can open a connection of its own, or null: an
 * in-memory SQLite database (tests) exists only on the connection that
 * made it, so its uploads import on the server's thread.
 */
export function threadSourceOf(database: Database): DatabaseSource | null {
  const source = database.source;
  if (!source || (source.kind === 'sqlite' && (source.file === ':memory:' || source.file === ''))) return null;
  return source;
}

/**
 * Runs an upload's import (importTracked: the import and its progress
 * rows) on a thread of its own, with its own database connection. On the
 * server's thread it held the event loop: SQLite's statements are
 * synchronous (a statement of a few hundred posts with their search rows
 * took 50–300 ms, and every page and live event waited meanwhile:
 * bench:upload), and its garbage filled the server's heap. The progress
 * rows are written from there too, so the server's thread never waits for
 * the import's SQLite lock. `signal` asks the thread to stop between two
 * batches; the promise then rejects with ImportInterrupted.
 */
export function runImportInThread(request: RunThreadRequest, signal: AbortSignal, log: (error: unknown, message: string) => void): Promise<void> {
  const worker = new Worker(THREAD_URL, { workerData: request, execArgv: WORKER_EXEC_ARGV, resourceLimits: WRITER_LIMITS });
  const stop = () => {
    worker.postMessage({ type: 'stop' } satisfies ToRunThread);
    // Not at its next batch by the time BackgroundImports marks the run interrupted: ended where it
    // is (its open transaction rolls back; what is stored stays whole).
    setTimeout(() => void worker.terminate(), STOP_WAIT_MS).unref();
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      settled = true;
      signal.removeEventListener('abort', stop);
      outcome();
    };
    worker.on('message', (message: FromRunThread) => {
      if (message.type === 'log') log(errorFrom(message.error), message.message);
      else if (message.type === 'done') settle(resolve);
      else settle(() => reject(message.interrupted ? Object.assign(new ImportInterrupted(), message.interrupted) : errorFrom(message.error)));
    });
    worker.on('error', (error) => {
      if (!settled) settle(() => reject(error));
    });
    worker.on('exit', (code) => {
      if (!settled) settle(() => reject(new Error(`the import thread stopped (exit code ${code})`)));
    });
  });
}

/** An error as it can cross to another thread (an AppError keeps its code and field). */
export function errorToSend(error: unknown): { message: string; stack?: string; code?: ErrorCode; field?: string } {
  const e = error instanceof Error ? error : new Error(String(error));
  return { message: e.message, ...(e.stack ? { stack: e.stack } : {}), ...(e instanceof AppError ? { code: e.code, ...(e.field ? { field: e.field } : {}) } : {}) };
}

function errorFrom({ code, field, message, stack }: { message: string; stack?: string; code?: ErrorCode; field?: string }): Error {
  return code ? new AppError(code, message, field) : Object.assign(new Error(message), stack ? { stack } : {});
}
