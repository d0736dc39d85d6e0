import os from 'node:os';
import type { ImportFormat, StreamedDocument } from '../imported-post.ts';
import type { FormatSpec } from './choose-format.ts';
import { ChunkReader, type Chunk } from './chunk-reader.ts';
import { csvPieces } from './csv-rows.ts';
import { checkDocument, HalfProgress, jsonDocumentPieces } from './json-document.ts';
import { parseJsonLines } from './json-lines.ts';
import { CHUNK_BYTES, INLINE_BELOW_BYTES, STREAM_DOCUMENTS_FROM_BYTES } from './limits.ts';
import { holdsRecordsArray, type ArrayLayout, type ArrayRange } from './json-array-stream.ts';
import type { ParsedPiece } from './parsed-piece.ts';
import { ParseWorkers } from './worker-pool.ts';

export interface ReadOptions {
  /**
   * Most parse workers; 0 parses on the calling thread. Default: one per
   * core but one, at most 3 (see defaultWorkerCount). A JSONL file starts
   * with one and gets more only while the writer is left waiting for
   * parsed chunks.
   */
  workers?: number;
  /** Files smaller than this are parsed on the calling thread whatever `workers` says. */
  inlineBelowBytes?: number;
  /** JSONL chunk size (tests make it small to cross chunk boundaries). */
  chunkBytes?: number;
}

export interface FileToRead {
  path: string;
  fileName: string;
  size: number;
  format: ImportFormat;
  spec: FormatSpec;
}

/**
 * One core writes; parse workers may use the others, at most three (each
 * costs ~50 MB). On two cores that is one: a second parser would only
 * take turns with the writer.
 */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(3, os.availableParallelism() - 1));
}

/**
 * A file's pieces in file order, parsed in worker threads while the caller
 * writes the previous ones. The caller's pace is the limit: at most two
 * chunks per worker are in flight, so memory stays bounded however big
 * the file is.
 */
export async function* readPieces(file: FileToRead, options: ReadOptions = {}): AsyncGenerator<ParsedPiece> {
  const workers = file.size < (options.inlineBelowBytes ?? INLINE_BELOW_BYTES) ? 0 : (options.workers ?? defaultWorkerCount());
  const framing = file.format.framing;
  if (workers === 0) {
    if (framing === 'jsonl') yield* inlineLines(file, options);
    else if (framing === 'csv') yield* csvPieces(file.format, file.path);
    else yield* jsonDocumentPieces(file.format, file.path, file.fileName);
    return;
  }
  if (framing === 'json' && (await readsElementByElement(file))) {
    yield* documentInWorkers(file, workers);
    return;
  }
  const pool = new ParseWorkers(file.spec, 1, framing === 'jsonl' ? 'chunks' : framing === 'csv' ? 'rows' : 'whole');
  try {
    if (framing === 'jsonl') yield* linesInWorkers(file, pool, workers, options);
    else yield* pool.streamFile(framing, file.path, file.fileName);
  } finally {
    await pool.close();
  }
}

/** Whether a JSON document will be read element by element (json-document.ts decides the same way): then on several threads (documentInWorkers). */
async function readsElementByElement(file: FileToRead): Promise<boolean> {
  const streamed = file.format.streamed;
  return streamed !== undefined && file.size >= STREAM_DOCUMENTS_FROM_BYTES && (await holdsRecordsArray(file.path, { arrayKeys: streamed.arrayKeys }));
}

async function* inlineLines(file: FileToRead, options: ReadOptions): AsyncGenerator<ParsedPiece> {
  const reader = await ChunkReader.open(file.path, options.chunkBytes ? { chunkBytes: options.chunkBytes } : {});
  try {
    for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
      yield chunk.kind === 'lines' ? parseJsonLines(file.format, chunk.bytes) : oversizeLine(chunk);
    }
  } finally {
    await reader.close();
  }
}

/** Chunks of ~1,000 tweets in a transaction of TRANSACTION_POSTS. */
const READ_AHEAD_FOR_TRANSACTION = 4;

/** How long the writer may wait for parsed chunks, as a share of the time, before another worker is started. */
const WAITING_FOR_MORE_WORKERS = 0.2;
/** Pieces between two looks at that share. */
const WINDOW = 8;

async function* linesInWorkers(file: FileToRead, pool: ParseWorkers, maxWorkers: number, options: ReadOptions): AsyncGenerator<ParsedPiece> {
  const reader = await ChunkReader.open(file.path, options.chunkBytes ? { chunkBytes: options.chunkBytes } : {});
  const tasks: Tasks<Chunk> = { next: () => reader.next(), recycle: (buffer) => reader.recycle(buffer), close: () => reader.close() };
  for await (const { piece } of inWorkers(pool, maxWorkers, tasks, (seq, chunk) => parseChunk(pool, seq, chunk))) yield piece;
}

/**
 * A big JSON document on several threads: the first pass (checkDocument)
 * runs here, while there is nothing to store yet, and cuts the records
 * array into ranges of about CHUNK_BYTES; parse workers then take the
 * ranges as they take JSONL chunks, with what the first pass gathered
 * (an X archive's owner and edits) in their format.
 */
async function* documentInWorkers(file: FileToRead, maxWorkers: number): AsyncGenerator<ParsedPiece> {
  const streamed = file.format.streamed!;
  const progress = new HalfProgress(file.size);
  const { layout, spec, close } = yield* firstPass(file, streamed, progress);
  try {
    const pool = new ParseWorkers(spec, 1, 'elements');
    let next = 0;
    const tasks: Tasks<ArrayRange> = { next: async () => layout.ranges[next++] ?? null, close: async () => {} };
    try {
      for await (const { piece, task } of inWorkers(pool, maxWorkers, tasks, (seq, range) => pool.parseRange(seq, file.path, range, layout.depth))) {
        piece.bytes = progress.secondPassAt(Math.min(task.to, file.size));
        yield piece;
      }
    } finally {
      await pool.close();
    }
  } finally {
    // After the workers: they read what the index keeps outside memory (a Mastodon timeline's uris) until then.
    close();
  }
}

/**
 * The first pass over a document: where to cut it, the format the
 * workers need, with what the index gathered as its snapshot, and how to
 * close the index once they are done (an index that would grow with the
 * document keeps what it gathers in a file: mastodon-reply-file.ts).
 */
async function* firstPass(file: FileToRead, streamed: StreamedDocument, progress: HalfProgress): AsyncGenerator<ParsedPiece, { layout: ArrayLayout; spec: FormatSpec; close: () => void }> {
  const checked = yield* checkDocument(streamed, file.path, file.fileName, progress, CHUNK_BYTES);
  const index = checked?.index ?? null;
  const close = () => index?.close?.();
  // readsElementByElement found the records array: only a file changed since could lose it.
  const layout = checked?.layout;
  if (!checked || !layout) {
    close();
    throw new Error(`${file.fileName}: the records array is gone from the file`);
  }
  return { layout, spec: index ? { ...file.spec, documentIndex: index.snapshot() } : file.spec, close };
}

/** Where parse tasks come from, in file order: a JSONL file's chunks, a document's ranges. */
interface Tasks<T> {
  next(): Promise<T | null>;
  /** A chunk's buffer, back from its worker. */
  recycle?(buffer: ArrayBuffer): void;
  close(): Promise<void>;
}

async function* inWorkers<T>(pool: ParseWorkers, maxWorkers: number, tasks: Tasks<T>, parse: (seq: number, task: T) => Promise<{ piece: ParsedPiece; buffer: ArrayBuffer | null }>): AsyncGenerator<{ piece: ParsedPiece; task: T }> {
  const inFlight: Array<{ task: T; result: Promise<{ piece: ParsedPiece; buffer: ArrayBuffer | null }> }> = [];
  let eof = false;
  let seq = 0;
  let reading: Promise<void> | null = null;
  let readError: unknown = null;
  let wake: (() => void) | null = null;
  // Whatever the file size: two tasks per worker (one being parsed, one waiting), and the few
  // more the writer gathers into one transaction (TRANSACTION_POSTS).
  const limit = () => pool.size * 2 + READ_AHEAD_FOR_TRANSACTION;
  // Reads go on by themselves, one at a time: the next task is read (by libuv's threads) and
  // handed to a worker while the writer is still storing the last ones.
  const pump = () => {
    if (reading || eof || readError !== null || inFlight.length >= limit()) return;
    reading = tasks.next().then(
      (task) => {
        reading = null;
        if (task === null) eof = true;
        else {
          const result = parse(seq++, task);
          // Awaited in order later; until then a failure must not count as unhandled.
          result.catch(() => {});
          inFlight.push({ task, result });
        }
        wake?.();
        pump();
      },
      (error: unknown) => {
        reading = null;
        readError = error;
        wake?.();
      },
    );
  };
  try {
    let window = { pieces: 0, waited: 0, started: performance.now() };
    for (;;) {
      pump();
      if (readError !== null) throw readError;
      const waitStarted = performance.now();
      const next = inFlight.shift();
      if (!next) {
        if (eof && !reading) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        window.waited += performance.now() - waitStarted;
        continue;
      }
      pump();
      const { piece, buffer } = await next.result;
      window.waited += performance.now() - waitStarted;
      if (buffer) tasks.recycle?.(buffer);
      yield { piece, task: next.task };
      // A writer slower than one parser (SQLite with its search index) never waits, and keeps
      // the import at one worker's memory; a faster one gets workers until it is fed.
      if (++window.pieces >= WINDOW) {
        if (window.waited > WAITING_FOR_MORE_WORKERS * (performance.now() - window.started) && pool.size < maxWorkers) pool.add();
        window = { pieces: 0, waited: 0, started: performance.now() };
      }
    }
  } finally {
    // Results still in flight are dropped; their failures must not surface as unhandled.
    for (const pending of inFlight) pending.result.catch(() => {});
    await (reading as Promise<void> | null)?.catch(() => {});
    await tasks.close();
  }
}

function parseChunk(pool: ParseWorkers, seq: number, chunk: Chunk): Promise<{ piece: ParsedPiece; buffer: ArrayBuffer | null }> {
  if (chunk.kind === 'oversize') return Promise.resolve({ piece: oversizeLine(chunk), buffer: null });
  return pool.parseLines(seq, chunk.bytes);
}

function oversizeLine(chunk: { bytes: number }): ParsedPiece {
  return {
    records: 1,
    lines: 1,
    bytes: chunk.bytes,
    posts: null,
    rejects: [{ line: 1, reason: `line longer than ${Math.round(chunk.bytes / 1024 / 1024)} MB, skipped` }],
    deletes: [],
    skipped: 0,
    headers: 0,
  };
}
