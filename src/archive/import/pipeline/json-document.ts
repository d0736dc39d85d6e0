import fs from 'node:fs/promises';
import type { ImportFormat } from '../imported-post.ts';
import { jsonOfYtdFile } from '../formats/x-archive.ts';
import { reject } from '../formats/record-results.ts';
import type { DocumentIndex, StreamedDocument } from '../imported-post.ts';
import { arrayElements, type ArrayElement, type ArrayLayout, type ArrayRange } from './json-array-stream.ts';
import { BATCH_POSTS, MAX_DOCUMENT_BYTES, MAX_RECORD_BYTES, STREAM_DOCUMENTS_FROM_BYTES } from './limits.ts';
import { PieceBuilder, type ParsedPiece } from './parsed-piece.ts';
import { UnreadableFileError } from './unreadable-file.ts';

/**
 * A file that is one JSON document (an X archive's tweets.js, a Mastodon
 * outbox.json, a pretty-printed API response). A big one whose records are
 * one array (format.streamed) is read element by element; any other is
 * parsed whole, so its size is capped. Either way a document cut short is
 * refused as a whole before any record is given; one parsed whole is
 * refused for any error, where one read element by element only rejects
 * the record that is not JSON. Its records (numbered from 1) go out in
 * batches.
 */
export async function* jsonDocumentPieces(format: ImportFormat, path: string, fileName: string, options: { streamFromBytes?: number } = {}): AsyncGenerator<ParsedPiece> {
  const { size } = await fs.stat(path);
  if (format.streamed && size >= (options.streamFromBytes ?? STREAM_DOCUMENTS_FROM_BYTES)) {
    // A document whose records array is not where the format looks is parsed whole after all.
    if (yield* streamedDocumentPieces(format, format.streamed, path, fileName, size)) return;
  }
  if (size > MAX_DOCUMENT_BYTES) {
    throw new UnreadableFileError(
      fileName,
      `a JSON document of ${Math.round(size / 1024 / 1024)} MB is larger than the ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB that can be read at once; split it or convert it to JSON lines (jq -c '.[]')`,
    );
  }
  const records = readRecords(format, await fs.readFile(path, 'utf8'), fileName);
  // Progress in bytes, shared out over the records.
  const bytesAt = (record: number) => (records.length === 0 ? size : Math.round((size * record) / records.length));
  let piece = new PieceBuilder();
  let start = 0;
  for (let i = 0; i < records.length; i++) {
    piece.add(format.parseRecord(records[i]), i + 1);
    if (piece.postCount >= BATCH_POSTS) {
      piece.bytes = bytesAt(i + 1) - bytesAt(start);
      start = i + 1;
      yield piece.build();
      piece = new PieceBuilder();
    }
  }
  piece.bytes = bytesAt(records.length) - bytesAt(start);
  yield piece.build();
}

/**
 * A big document read element by element (json-array-stream.ts), twice:
 * checkDocument, then a second pass that turns the elements into pieces;
 * an element that is not valid JSON is a rejected record, as a bad line of
 * JSONL is, and the rest imports. Memory is a chunk and a piece, whatever
 * the size. False when the records array is not where the format looks.
 * (read-pieces.ts spreads the second pass over parse workers instead.)
 */
async function* streamedDocumentPieces(format: ImportFormat, streamed: StreamedDocument, path: string, fileName: string, size: number): AsyncGenerator<ParsedPiece, boolean> {
  const progress = new HalfProgress(size);
  const checked = yield* checkDocument(streamed, path, fileName, progress);
  if (!checked) return false;
  try {
    let piece = new PieceBuilder();
    for await (const element of arrayElements(path, { arrayKeys: streamed.arrayKeys, maxElementBytes: MAX_RECORD_BYTES })) {
      addElement(piece, format, checked.index, element);
      if (piece.postCount >= BATCH_POSTS) {
        piece.bytes = progress.secondPassAt(element.end);
        yield piece.build();
        piece = new PieceBuilder();
      }
    }
    piece.bytes = progress.secondPassAt(size);
    yield piece.build();
    return true;
  } finally {
    checked.index?.close?.();
  }
}

/** What a first pass found: the index it fed (null for a format without one) and, when asked for, where to cut the records array. */
export interface CheckedDocument {
  index: DocumentIndex | null;
  layout: ArrayLayout | null;
}

/**
 * The first pass over a big document: checks that it is whole — one cut
 * short, or broken around its records, is refused before anything is
 * stored, as one parsed whole would be — and, for a format whose records
 * learn from each other (an X archive's owner and edits), shows the index
 * the elements it wants. Yields progress only. Null when the records
 * array is not where the format looks. The caller closes the index it
 * returns once the document is read (DocumentIndex.close); refused or not
 * found, it is closed here.
 */
export async function* checkDocument(streamed: StreamedDocument, path: string, fileName: string, progress: HalfProgress, cutEvery = 0): AsyncGenerator<ParsedPiece, CheckedDocument | null> {
  const index = streamed.index?.() ?? null;
  let handedOver = false;
  try {
    const checked = yield* firstPassWith(index, streamed, path, fileName, progress, cutEvery);
    handedOver = checked !== null;
    return checked;
  } finally {
    // Refused, not found, or abandoned (the import stopped): nobody else will close it.
    if (!handedOver) index?.close?.();
  }
}

/** checkDocument's pass, feeding `index`. */
async function* firstPassWith(index: DocumentIndex | null, streamed: StreamedDocument, path: string, fileName: string, progress: HalfProgress, cutEvery: number): AsyncGenerator<ParsedPiece, CheckedDocument | null> {
  // Only what the index wants is decoded; without an index, nothing (the pass runs at the scan's speed).
  const decode = index ? (index.wants ? (raw: Buffer) => index.wants!(raw) : true) : false;
  const check = arrayElements(path, { arrayKeys: streamed.arrayKeys, maxElementBytes: MAX_RECORD_BYTES, keepRest: true, decode, ...(cutEvery > 0 ? { cutEvery } : {}) });
  for (;;) {
    const next = await check.next();
    if (next.done) {
      const { problem, found, rest, layout } = next.value;
      if (problem) throw new UnreadableFileError(fileName, problem);
      if (!found) return null;
      // What lies around the records (an outbox's context, a response's metadata) must be JSON too.
      try {
        if (rest !== null) JSON.parse(rest);
      } catch (error) {
        throw new UnreadableFileError(fileName, `not valid JSON outside the records: ${(error as Error).message.slice(0, 200)}`);
      }
      return { index, layout: layout ?? null };
    }
    const element = next.value;
    const step = progress.firstPassAt(element.end);
    if (step > 0) yield progressOnly(step);
    if (!index || !element.text) continue;
    const value = jsonValue(element.text);
    if (value !== undefined) index.see(value);
  }
}

/** Progress of a document read twice: each pass is half of the file's bytes. The first reports every PROGRESS_BYTES. */
export class HalfProgress {
  private reported = 0;

  constructor(private readonly size: number) {}

  /** The bytes to report, if any, once the first pass is at `offset`. */
  firstPassAt(offset: number): number {
    return offset / 2 - this.reported >= PROGRESS_BYTES ? this.upTo(offset / 2) : 0;
  }

  /** The bytes to report once the second pass is at `offset` (the file's size at its end: the total is then the size). */
  secondPassAt(offset: number): number {
    return this.upTo(offset >= this.size ? this.size : this.size / 2 + offset / 2);
  }

  private upTo(bytes: number): number {
    const step = Math.max(0, Math.floor(bytes) - this.reported);
    this.reported += step;
    return step;
  }
}

/** One element's record (or its rejection) into a piece. */
function addElement(piece: PieceBuilder, format: ImportFormat, index: DocumentIndex | null, element: ArrayElement): void {
  const value = element.text === null ? undefined : jsonValue(element.text);
  if (element.text === null) piece.add(reject(`a record larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB, skipped`), element.number);
  else if (value === undefined) piece.add(reject(`not valid JSON (${jsonError(element.text)})`), element.number);
  else piece.add(format.parseRecord(index ? index.record(value) : value), element.number);
}

/**
 * A parse worker's share of a big document read on several threads
 * (read-pieces.ts): one range of its records array (an ArrayLayout's),
 * as one piece. `format` turns elements into records itself (resolveFormat
 * with the first pass's index). Its bytes are the reader's to set.
 */
export async function documentRangePiece(format: ImportFormat, path: string, range: ArrayRange, depth: number): Promise<ParsedPiece> {
  const piece = new PieceBuilder();
  for await (const element of arrayElements(path, { arrayKeys: [], range: { ...range, depth }, maxElementBytes: MAX_RECORD_BYTES })) addElement(piece, format, null, element);
  return piece.build();
}

/** How often the first pass over a document reports progress. */
const PROGRESS_BYTES = 8 * 1024 * 1024;

/** A piece that only says how far reading has got (import-file.ts reports it at once). */
export function progressOnly(bytes: number): ParsedPiece {
  return { records: 0, lines: 0, bytes, posts: null, rejects: [], deletes: [], skipped: 0, headers: 0 };
}

/** Whether a piece says nothing but how far reading has got (progressOnly's). */
export function isProgressOnly(piece: ParsedPiece): boolean {
  return piece.records === 0 && piece.posts === null && piece.deletes.length === 0 && piece.rejects.length === 0;
}

/** The element's value; undefined when it is not valid JSON. */
function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message.slice(0, 200);
  }
}

function readRecords(format: ImportFormat, text: string, fileName: string): unknown[] {
  // window.YTD.tweets.part0 = [...] (X archives) is JavaScript around JSON.
  const json = jsonOfYtdFile(text);
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    const truncated = /end of JSON input|Unterminated/i.test(message);
    throw new UnreadableFileError(fileName, `not valid JSON${truncated ? ' (the file looks truncated)' : ''}: ${message.slice(0, 200)}`);
  }
  return format.records ? format.records(document) : [document];
}
