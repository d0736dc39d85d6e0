import fs from 'node:fs/promises';
import type { Database } from '../../db/database.ts';
import type { User } from '../../db/schema.ts';
import { forbidden, invalid, notFound, unauthenticated } from '../../errors.ts';
import { getVisibleChat } from '../../chats/chats.service.ts';
import { findChatBySlug, type ChatDetails } from '../../chats/chats.repository.ts';
import { mayImport } from './import.policy.ts';
import type { ImportFormatName } from './imported-post.ts';
import { IMPORT_FORMAT_NAMES } from './formats/index.ts';
import { chooseFormat, isFormatName } from './pipeline/choose-format.ts';
import { companionKind, readCompanions, UnreadableCompanionError } from './pipeline/x-archive-companions.ts';
import { sniffFile } from './pipeline/sniff-file.ts';
import { UnreadableFileError } from './pipeline/unreadable-file.ts';
import type { XArchiveCompanions } from './formats/x-archive.ts';
import { addCounts, zeroCounts, type ImportCounts } from './pipeline/import-counts.ts';
import { importFile, type FileSummary, type ImportFileOptions, type ImportProgress } from './pipeline/import-file.ts';
import { listImports, listRejections, type ImportRow } from './pipeline/imports.repository.ts';
import type { ReadOptions } from './pipeline/read-pieces.ts';
import type { Rejection } from './pipeline/parsed-piece.ts';
import { restoreJsonlFields } from '../export/jsonl-restore.ts';
import { forgetAgainAfterImport } from '../../consent/reimport-guard.ts';
import { refreshSearchStatistics } from '../../search/search-statistics.ts';

/** Who runs an import: the server's operator on the command line, or a signed-in person through the upload form. */
export type ImportActor = { via: 'cli' } | { via: 'web'; user: User | null };

export interface ImportInput {
  /** Where the bytes are, and the name to report (an upload's original name). */
  files: Array<{ path: string; fileName: string }>;
  /** A format name, or null/'' to detect each file's. */
  format: string | null;
}

export interface ImportReport {
  chat: ChatDetails;
  files: FileSummary[];
  /** Files named among the input that were used, not imported (an X archive's account.js and note-tweet.js). */
  companions: string[];
  totals: ImportCounts;
  /** Files refused as a whole. */
  unreadable: number;
}

export interface ImportRunOptions {
  /** Each file's format, once known (detected or named). */
  onFormat?: ImportFileOptions['onFormat'];
  onProgress?: (progress: ImportProgress) => void;
  /** A bulk load's steps after a file's last record (building its indexes, committing). */
  onBulkStep?: ImportFileOptions['onBulkStep'];
  /** Before each file to import (its index in the plan's `files`); throwing stops the import there. */
  onFileStart?: (index: number) => Promise<void> | void;
  /** After each file, with its summary as reported. */
  onFileEnd?: (index: number, summary: FileSummary) => Promise<void> | void;
  read?: ReadOptions;
  transactionPosts?: number;
  linkPostsPerRound?: number;
  bulkLoad?: ImportFileOptions['bulkLoad'];
}

/** What an import will do, checked: the chat, the format asked for, the files to import and the companions only read. */
export interface ImportPlan {
  chat: ChatDetails;
  format: ImportFormatName | null;
  files: Array<{ path: string; fileName: string }>;
  /** Files named among the input that are used, not imported (an X archive's account.js and note-tweet.js). */
  companions: string[];
  xArchive: XArchiveCompanions;
}

/**
 * Imports archived posts into a chat. An X archive's data/account.js and
 * data/note-tweet.js among the files name the owner of its tweets.js and
 * give the whole text of its long posts; they are not imported themselves.
 */
export async function importIntoChat(database: Database, actor: ImportActor, slug: string, input: ImportInput, options: ImportRunOptions = {}): Promise<ImportReport> {
  return runPlannedImport(database, actor, await planImport(database, actor, slug, input), options);
}

/** Everything that can be said about an import before it starts: who may, which format, which files (the upload form answers these at once). */
export async function planImport(database: Database, actor: ImportActor, slug: string, input: ImportInput): Promise<ImportPlan> {
  const chat = await chatForImport(database, actor, slug);
  const format = checkFormat(input.format);
  if (input.files.length === 0) throw invalid('file', 'choose at least one file to import');

  const companions: Array<{ path: string; fileName: string }> = [];
  const toImport: Array<{ path: string; fileName: string }> = [];
  for (const file of input.files) ((await startsLikeCompanion(file.path)) ? companions : toImport).push(file);
  const names = companions.map((f) => f.fileName);
  if (toImport.length === 0) throw invalid('file', `${names.join(' and ')} only ${companions.length === 1 ? 'completes' : 'complete'} an X archive's tweets: import data/tweets.js with ${companions.length === 1 ? 'it' : 'them'}`);
  let xArchive: XArchiveCompanions;
  try {
    xArchive = await readCompanions(companions);
  } catch (error) {
    if (error instanceof UnreadableCompanionError) throw invalid('file', error.message);
    throw error;
  }
  return { chat, format, files: toImport, companions: names, xArchive };
}

/**
 * Why each file of the plan would be refused as a whole from its first
 * bytes alone (empty, binary, compressed, no format recognised), or null:
 * the form can say so at once instead of after the import. Files refused
 * only once read through (no valid record) are found by the import itself.
 */
export async function refusedAtFirstSight(plan: ImportPlan): Promise<Array<string | null>> {
  return Promise.all(
    plan.files.map(async (file) => {
      try {
        const { head } = await sniffFile(file.path, file.fileName);
        chooseFormat(file.fileName, head, plan.format, plan.xArchive);
        return null;
      } catch (error) {
        if (error instanceof UnreadableFileError) return error.reason;
        throw error;
      }
    }),
  );
}

export async function runPlannedImport(database: Database, actor: ImportActor, plan: ImportPlan, options: ImportRunOptions = {}): Promise<ImportReport> {
  const { chat, format, xArchive } = plan;
  const report: ImportReport = { chat, files: [], companions: plan.companions, totals: zeroCounts(), unreadable: 0 };
  const target = { chatId: chat.id, hostHandles: chat.hosts.map((h) => h.handle) };
  for (const [index, file] of plan.files.entries()) {
    await options.onFileStart?.(index);
    const summary = await importFile(database, target, { ...file, format, xArchive }, {
      userId: actor.via === 'web' ? (actor.user?.id ?? null) : null,
      via: actor.via,
      ...(options.onFormat ? { onFormat: options.onFormat } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onBulkStep ? { onBulkStep: options.onBulkStep } : {}),
      ...(options.read ? { read: options.read } : {}),
      ...(options.transactionPosts ? { transactionPosts: options.transactionPosts } : {}),
      ...(options.linkPostsPerRound ? { linkPostsPerRound: options.linkPostsPerRound } : {}),
      ...(options.bulkLoad ? { bulkLoad: options.bulkLoad } : {}),
    });
    if (summary.importId !== null) await afterImport(database, chat.id, file.path, summary);
    report.files.push(summary);
    addCounts(report.totals, summary.counts);
    if (summary.unreadable) report.unreadable += 1;
    await options.onFileEnd?.(index, summary);
  }
  await refreshSearchStatistics(database, report.totals.imported);
  return report;
}

/**
 * Our own JSON Lines bring their question fields back; then an old archive
 * must not bring back anyone forgotten for consent (their posts go again,
 * counted as skipped rather than imported).
 */
async function afterImport(database: Database, chatId: number, path: string, summary: FileSummary): Promise<void> {
  if (summary.format === 'jsonl') await restoreJsonlFields(database, chatId, path);
  const again = await forgetAgainAfterImport(database.db, chatId);
  const gone = Math.min(again.removed, summary.counts.imported);
  summary.counts.imported -= gone;
  summary.counts.skipped += gone;
}

/** The chat, when this actor may import into it: its organizer and admins (the command line is the operator). */
export async function chatForImport(database: Database, actor: ImportActor, slug: string): Promise<ChatDetails> {
  if (actor.via === 'cli') {
    const chat = await findChatBySlug(database.db, slug);
    if (!chat) throw notFound(`Chat ${slug}`);
    return chat;
  }
  const chat = await getVisibleChat(database.db, slug, actor.user);
  if (!actor.user) throw unauthenticated();
  if (!mayImport(actor.user, chat)) throw forbidden('Only the chat’s organizer and admins can import archives into it');
  return chat;
}

export interface ImportHistoryEntry extends ImportRow {
  rejections: Array<Rejection & { fileName: string }>;
}

/** The chat's latest imports, each with its first rejected records. */
export async function importHistory(database: Database, chat: ChatDetails, limit = 10): Promise<ImportHistoryEntry[]> {
  const rows = await listImports(database.db, chat.id, limit);
  return Promise.all(rows.map(async (row) => ({ ...row, rejections: row.rejected > 0 ? await listRejections(database.db, row.id, 5) : [] })));
}

function checkFormat(format: string | null): ImportFormatName | null {
  if (format === null || format === '' || format === 'auto') return null;
  if (!isFormatName(format)) throw invalid('format', `must be one of ${IMPORT_FORMAT_NAMES.join(', ')} (got "${format.slice(0, 40)}")`);
  return format;
}

/** An X archive's data/account.js starts with `window.YTD.account.part0 =` (note-tweet.js with `window.YTD.note_tweet…`): its first bytes tell. */
async function startsLikeCompanion(path: string): Promise<boolean> {
  try {
    const handle = await fs.open(path, 'r');
    try {
      const head = Buffer.alloc(256);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return companionKind(head.subarray(0, bytesRead).toString('utf8')) !== null;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
