import fs from 'node:fs/promises';
import type { Database } from '../../../db/database.ts';
import type { User } from '../../../db/schema.ts';
import { notFound } from '../../../errors.ts';
import type { ChatDetails } from '../../../chats/chats.repository.ts';
import { chatForImport, type ImportPlan } from '../import.service.ts';
import { markImportInterrupted } from '../pipeline/imports.repository.ts';
import type { BackgroundImports } from './background-imports.ts';
import { endRun, findRun, insertRun, listRuns, touchRun } from './import-runs.repository.ts';
import { presentRun, type PresentedRun } from './import-run.presenter.ts';
import { HEARTBEAT_EVERY_MS, ImportInterrupted } from './run-tracker.ts';
import { runImportInThread, threadSourceOf } from './run-thread.ts';
import { importTracked } from './tracked-import.ts';
import { unpackUploads } from './unpack-uploads.ts';
import type { InputFile } from '../downloaded-archives.ts';

/**
 * A run whose process wrote nothing for this long was killed (its
 * heartbeat is every 10 s, and progress every 250 ms while it reads).
 */
export const SILENT_RUN_MS = 120_000;
/** A failure's message as shown on the page. */
const MAX_ERROR_LENGTH = 500;

export interface RunLog {
  error(details: object, message: string): void;
}

export interface StartRunInput {
  user: User;
  plan: ImportPlan;
  requestedFormat: string | null;
  /** Temporary directories holding the uploads: removed when the run ends, however it ends. */
  uploadDirs: string[];
  /** The uploads as received, when the run is to open packed ones first (unpack-uploads.ts); `plan` then names them as they are. */
  unpackFirst?: InputFile[];
}

/**
 * Records a run for the planned upload and starts it in the background;
 * returns its id at once. From here the run owns the uploaded files.
 */
export async function startImportRun(database: Database, jobs: BackgroundImports, log: RunLog, input: StartRunInput): Promise<number> {
  const { plan, user } = input;
  const sizes = await Promise.all(plan.files.map(async (f) => (await fs.stat(f.path)).size));
  const { runId, fileIds } = await insertRun(database.db, {
    chatId: plan.chat.id,
    userId: user.id,
    requestedFormat: input.requestedFormat,
    companions: plan.companions,
    files: plan.files.map((f, i) => ({ fileName: f.fileName, bytesTotal: sizes[i]! })),
    now: Date.now(),
  });
  const removeUploads = () => Promise.all(input.uploadDirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))).then(() => undefined);
  const logError = (error: unknown, message: string) => log.error({ err: error, importRun: runId }, message);
  const run = { id: runId, chatId: plan.chat.id, userId: user.id, fileIds, fileNames: plan.files.map((f) => f.fileName) };

  const interrupt = async (importId: number | null) => {
    await endRun(database.db, runId, 'interrupted', null, Date.now());
    if (importId !== null) await markImportInterrupted(database.db, importId);
  };

  // While it waits its turn (background-imports.ts) nothing else writes the run: without a
  // heartbeat, a wait of two minutes would look like a killed process (SILENT_RUN_MS).
  const beat = () => setInterval(() => void touchRun(database.db, runId, Date.now()).catch((e: unknown) => logError(e, 'import run heartbeat failed')), HEARTBEAT_EVERY_MS).unref();
  const waiting = beat();
  /** The same while the run opens its packed uploads (a gigabyte's zip or gzip takes a while, writing no progress). */
  const whileBeating = async <T>(step: () => Promise<T>): Promise<T> => {
    const beating = beat();
    try {
      return await step();
    } finally {
      clearInterval(beating);
    }
  };

  jobs.start(
    runId,
    async (signal) => {
      clearInterval(waiting);
      let failure: unknown = null;
      try {
        const prepared = input.unpackFirst ? await whileBeating(() => unpackUploads(database, run, user, { plan, uploads: input.unpackFirst!, requestedFormat: input.requestedFormat })) : { plan, run };
        const source = threadSourceOf(database);
        if (source) await runImportInThread({ source, run: prepared.run, user, plan: prepared.plan }, signal, logError);
        else await importTracked(database, prepared.run, user, prepared.plan, signal, logError);
      } catch (error) {
        failure = error;
      }
      // The files go first: whoever sees the run ended finds them gone.
      await removeUploads().catch((e: unknown) => logError(e, 'uploaded files not removed'));
      if (failure === null) await endRun(database.db, runId, 'finished', null, Date.now());
      else if (failure instanceof ImportInterrupted) await interrupt(failure.importId);
      else {
        logError(failure, 'import run failed');
        await endRun(database.db, runId, 'failed', failureMessage(failure), Date.now());
      }
    },
    async () => {
      clearInterval(waiting);
      // The import did not stop in time: its file's `imports` row is left to markUnfinishedRuns.
      await interrupt(null).catch((e: unknown) => logError(e, 'import run not marked interrupted'));
      await removeUploads().catch((e: unknown) => logError(e, 'uploaded files not removed'));
    },
    (error) => logError(error, 'import run ended badly'),
  );
  return runId;
}

function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.trim() || 'unknown error').slice(0, MAX_ERROR_LENGTH);
}

/**
 * A run as its chat's organizer or an admin sees it (others are refused
 * as on the form). A run still marked running whose process went silent
 * (killed without a shutdown) is marked interrupted now.
 */
export async function visibleRun(database: Database, user: User | null, slug: string, runId: number, now = Date.now()): Promise<{ chat: ChatDetails; run: PresentedRun }> {
  const chat = await chatForImport(database, { via: 'web', user }, slug);
  let found = await findRun(database.db, runId);
  if (!found || found.run.chatId !== chat.id) throw notFound('Import');
  if (found.run.status === 'running' && found.run.updatedAt < now - SILENT_RUN_MS) {
    await endRun(database.db, runId, 'interrupted', null, now, now - SILENT_RUN_MS);
    found = (await findRun(database.db, runId))!;
  }
  return { chat, run: presentRun(chat.slug, found.run, found.files, now) };
}

/** The chat's latest runs for the form page (already authorized there). */
export async function recentRuns(database: Database, chat: ChatDetails, limit = 5, now = Date.now()): Promise<PresentedRun[]> {
  const runs = await listRuns(database.db, chat.id, limit);
  return runs.map(({ run, files }) => presentRun(chat.slug, run.status === 'running' && run.updatedAt < now - SILENT_RUN_MS ? { ...run, status: 'interrupted' } : run, files, now));
}
