import type { Database } from '../../../db/database.ts';
import type { ImportFormatName } from '../imported-post.ts';
import type { XArchiveCompanions } from '../formats/x-archive.ts';
import { BatchWriter, type ImportTarget } from './batch-writer.ts';
import { BulkLoad, worthBulkLoading, type OnBulkStep } from './bulk-load.ts';
import { chooseFormat } from './choose-format.ts';
import { addCounts, zeroCounts, type ImportCounts } from './import-counts.ts';
import { mergeInOtherChats, type InOtherChat } from '../in-other-chats.ts';
import { finishImport, markUnfinishedRuns } from './imports.repository.ts';
import { linkLatePosts } from './link-pass.ts';
import type { ParsedPiece, Rejection } from './parsed-piece.ts';
import { BULK_LOAD_BYTES_PER_POST, BULK_LOAD_MIN_POSTS, MAX_PIECES_PER_TRANSACTION, STREAM_DOCUMENTS_FROM_BYTES, TRANSACTION_POSTS } from './limits.ts';
import { isOneLine } from './json-array-stream.ts';
import { isProgressOnly } from './json-document.ts';
import { firstLine, startsLikeJson } from '../formats/file-head.ts';
import { readPieces, type ReadOptions } from './read-pieces.ts';
import { sniffFile } from './sniff-file.ts';
import { UnreadableFileError } from './unreadable-file.ts';
import { companionsBeside, NO_COMPANIONS } from './x-archive-companions.ts';

/** Rejections kept in the summary (the database keeps up to MAX_STORED_REJECTIONS). */
const SUMMARY_REJECTIONS = 20;

export interface FileToImport {
  /** Where the bytes are. */
  path: string;
  /** What to call the file in messages and the import's record (an upload's original name). */
  fileName: string;
  /** `--format`; null to detect it. */
  format: ImportFormatName | null;
  /** What an X archive's account.js and note-tweet.js named among the files said; files beside tweets.js fill in the rest. */
  xArchive?: XArchiveCompanions;
}

export interface FileSummary {
  fileName: string;
  format: ImportFormatName | null;
  /** False when the format was named by the caller. */
  detected: boolean;
  /** The import's record; null when nothing was stored. */
  importId: number | null;
  counts: ImportCounts;
  /** The first rejected records, with their line. */
  rejections: Rejection[];
  /** Set when the file was refused as a whole; nothing of it was stored. */
  unreadable: string | null;
  /** Posts linked to a target that arrived after them. */
  linked: number;
  /** Posts the records held: more than the records when a retweet carries its original, a quote the post it quotes. */
  postsInRecords: number;
  /** Of the posts already archived, those archived in other chats (a post is archived in one chat), by chat. */
  inOtherChats: InOtherChat[];
  bytes: number;
  seconds: number;
  /**
   * Where the time went: waiting for parsed records, and storing them (the
   * rest is start-up and the link pass); and the writing thread's own CPU
   * time, which other processes on the machine do not inflate.
   */
  timings: { readingSeconds: number; writingSeconds: number; writingCpuSeconds: number; indexingSeconds: number; indexingSteps?: Record<string, number> };
  /** Whether the file was bulk-loaded (bulk-load.ts); indexingSeconds is then the time its indexes took at the end. */
  bulkLoaded: boolean;
}

export interface ImportProgress {
  fileName: string;
  bytesDone: number;
  bytesTotal: number;
  counts: ImportCounts;
}

/** What an X archive's tweets are read with: the owner's handle (account.js) and the long posts' whole texts (note-tweet.js). */
export interface XArchiveUse {
  owner: string | null;
  notes: number;
}

const xArchiveUse = (companions: XArchiveCompanions | null): XArchiveUse | null =>
  companions ? { owner: companions.account?.username ?? null, notes: companions.notes.length } : null;

/** A bulk load's step after the file's last record (bulk-load.ts), as it begins. */
export type BulkStep = Parameters<OnBulkStep>[0] & { fileName: string };

export interface ImportFileOptions {
  userId: number | null;
  via: 'cli' | 'web';
  /** Once the format is known, before the first record. */
  onFormat?: (info: { fileName: string; format: ImportFormatName; detected: boolean; bytes: number; xArchive: XArchiveUse | null }) => void;
  onProgress?: (progress: ImportProgress) => void;
  onBulkStep?: (step: BulkStep) => void;
  read?: ReadOptions;
  /**
   * Posts per transaction (default TRANSACTION_POSTS). On SQLite the one
   * connection is the import's while a transaction runs: a server
   * importing an upload while it serves live rooms keeps them short.
   */
  transactionPosts?: number;
  /** Posts whose late links are set together after the file (link-pass.ts; tests make it small). */
  linkPostsPerRound?: number;
  /**
   * SQLite only (bulk-load.ts): `auto` bulk-loads a file big enough, next
   * to the archive, in one transaction that blocks other writers until it
   * commits (the command line); `always` whatever its size (tests);
   * `never` (the default: the server, which must keep writing) commits
   * every few thousand posts.
   */
  bulkLoad?: 'auto' | 'always' | 'never';
}

/**
 * Imports one file into a chat: detects (or takes) its format, streams it
 * through the parse workers into the batch writer, then links late
 * arrivals. A file that cannot be read at all, or has no valid record,
 * comes back `unreadable` with nothing stored.
 */
export async function importFile(database: Database, target: ImportTarget, file: FileToImport, options: ImportFileOptions): Promise<FileSummary> {
  const started = performance.now();
  const summary: FileSummary = { fileName: file.fileName, format: file.format, detected: false, importId: null, counts: zeroCounts(), rejections: [], unreadable: null, linked: 0, postsInRecords: 0, inOtherChats: [], bytes: 0, seconds: 0, timings: { readingSeconds: 0, writingSeconds: 0, writingCpuSeconds: 0, indexingSeconds: 0 }, bulkLoaded: false };
  const finish = () => ((summary.seconds = (performance.now() - started) / 1000), summary);
  let writer: BatchWriter | null = null;
  let bulk: BulkLoad | null = null;
  let headers = 0;
  try {
    const { size, head } = await sniffFile(file.path, file.fileName);
    summary.bytes = size;
    const named = file.xArchive ?? NO_COMPANIONS;
    // A big file of one JSON line (an array written by json.dump) is a document to read element by element.
    const oneLine = size >= STREAM_DOCUMENTS_FROM_BYTES && startsLikeJson(head) && !firstLine(head).complete && (await isOneLine(file.path));
    let chosen = chooseFormat(file.fileName, head, file.format, named, { oneLine });
    // Only an X archive's tweets look for account.js and note-tweet.js beside them.
    if (chosen.spec.xArchive) chosen = chooseFormat(file.fileName, head, file.format, await companionsBeside(file.path, named));
    summary.format = chosen.format.name;
    summary.detected = chosen.detected;
    options.onFormat?.({ fileName: file.fileName, format: chosen.format.name, detected: chosen.detected, bytes: size, xArchive: xArchiveUse(chosen.spec.xArchive) });
    bulk = (await bulkLoadWanted(database, size, options.bulkLoad ?? 'never')) ? await BulkLoad.begin(database) : null;
    writer = new BatchWriter(database, target, { fileName: file.fileName, format: chosen.format.name, userId: options.userId, via: options.via, startedAt: Date.now() }, bulk);

    let lineBase = 0;
    let bytesDone = 0;
    let clock = performance.now();
    const lap = () => {
      const now = performance.now();
      const seconds = (now - clock) / 1000;
      clock = now;
      return seconds;
    };
    let group: Array<{ piece: ParsedPiece; rejects: Rejection[] }> = [];
    let groupPosts = 0;
    const flush = async () => {
      if (group.length === 0) return;
      const cpu = process.threadCpuUsage();
      addCounts(summary.counts, await writer!.write(group));
      const used = process.threadCpuUsage(cpu);
      summary.timings.writingCpuSeconds += (used.user + used.system) / 1e6;
      summary.timings.writingSeconds += lap();
      options.onProgress?.({ fileName: file.fileName, bytesDone, bytesTotal: size, counts: summary.counts });
      group = [];
      groupPosts = 0;
    };
    for await (const piece of readPieces({ path: file.path, fileName: file.fileName, size, format: chosen.format, spec: chosen.spec }, options.read)) {
      summary.timings.readingSeconds += lap();
      headers += piece.headers;
      if (isProgressOnly(piece)) {
        // Only progress (a big document's first, checking pass: json-document.ts): shown at once.
        bytesDone += piece.bytes;
        options.onProgress?.({ fileName: file.fileName, bytesDone, bytesTotal: size, counts: summary.counts });
        continue;
      }
      const rejects = piece.rejects.map((r) => ({ line: r.line + lineBase, reason: r.reason }));
      lineBase += piece.lines;
      bytesDone += piece.bytes;
      summary.rejections.push(...rejects.slice(0, SUMMARY_REJECTIONS - summary.rejections.length));
      group.push({ piece, rejects });
      summary.postsInRecords += piece.posts?.size ?? 0;
      groupPosts += piece.posts?.size ?? 0;
      if (groupPosts >= (options.transactionPosts ?? TRANSACTION_POSTS) || group.length >= MAX_PIECES_PER_TRANSACTION) await flush();
    }
    await flush();
    if (bulk && writer.id !== null) {
      const cpu = process.threadCpuUsage();
      await bulk.commit((step) => options.onBulkStep?.({ fileName: file.fileName, ...step }));
      const used = process.threadCpuUsage(cpu);
      summary.timings.writingCpuSeconds += (used.user + used.system) / 1e6;
      summary.timings.indexingSeconds = lap();
      summary.timings.indexingSteps = bulk.steps;
    } else await bulk?.rollback();
  } catch (error) {
    // Nothing of a bulk load is kept: the database is as it was.
    await bulk?.rollback();
    if (!(error instanceof UnreadableFileError)) throw error;
    // Refused as a whole (e.g. a JSON document that does not parse): only
    // documents are, and they are refused before their first batch.
    summary.unreadable = error.reason;
    return finish();
  }

  summary.inOtherChats = await chatsHolding(database.db, writer.inOtherChats);
  summary.importId = writer.id;
  summary.bulkLoaded = bulk !== null && writer.id !== null;
  if (writer.id === null) {
    const { read, rejected } = summary.counts;
    // An export of a chat with no posts is a header alone: nothing to import, and nothing wrong with it.
    if (read === 0 && headers === 0) summary.unreadable = 'no records in the file';
    else if (rejected > 0) summary.unreadable = rejected === read ? `no valid records: all ${read} rejected` : `no valid records: ${rejected} of ${read} rejected, the rest are not posts`;
    return finish();
  }
  const { linked } = await linkLatePosts(database, target.chatId, options.linkPostsPerRound);
  summary.linked = linked;
  await finishImport(database.db, writer.id, Date.now());
  await markUnfinishedRuns(database.db, target.chatId, file.fileName, writer.id);
  return finish();
}

async function bulkLoadWanted(database: Database, bytes: number, mode: 'auto' | 'always' | 'never'): Promise<boolean> {
  if (database.kind !== 'sqlite' || !database.sqlite || mode === 'never') return false;
  if (mode === 'always') return true;
  return worthBulkLoading(database.db, Math.floor(bytes / BULK_LOAD_BYTES_PER_POST), BULK_LOAD_MIN_POSTS);
}

/** The chats of `posts` (chat id → posts), most posts first. */
async function chatsHolding(db: Database['db'], posts: Map<number, number>): Promise<InOtherChat[]> {
  if (posts.size === 0) return [];
  const chats = await db.selectFrom('chats').select(['id', 'slug', 'title']).where('id', 'in', [...posts.keys()]).execute();
  return mergeInOtherChats([chats.map((chat) => ({ slug: chat.slug, title: chat.title, posts: posts.get(Number(chat.id)) ?? 0 }))]);
}
