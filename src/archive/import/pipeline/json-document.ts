import fs from 'node:fs/promises';
import type { ImportFormat } from '../imported-post.ts';
import { jsonOfYtdFile } from '../formats/x-archive.ts';
import { reject } from '../formats/record-results.ts';
import type { StreamedDocument } from '../imported-post.ts';
import { arrayElements } from './json-array-stream.ts';
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
 * A big document read element by element (json-array-stream.ts), twice.
 * The first pass checks that the document is whole — one cut short is
 * refused before anything is stored, as one parsed whole would be — and,
 * for a format whose records learn from each other (an X archive's owner
 * and edits), shows every element to its index. The second turns the
 * elements into pieces; an element that is not valid JSON is a rejected
 * record, as a bad line of JSONL is, and the rest imports. Memory is a
 * chunk and a piece, whatever the size. False when the records array is
 * not where the format looks.
 */
async function* streamedDocumentPieces(format: ImportFormat, streamed: StreamedDocument, path: string, fileName: string, size: number): AsyncGenerator<ParsedPiece, boolean> {
  const index = streamed.index?.() ?? null;
  const options = { arrayKeys: streamed.arrayKeys, maxElementBytes: MAX_RECORD_BYTES };
  // Progress: each pass counts for half the file's bytes (the first reports as it goes, in pieces without records).
  let reported = 0;
  const upTo = (bytes: number) => {
    const step = Math.max(0, Math.floor(bytes) - reported);
    reported += step;
    return step;
  };
  // The first pass decodes only what the index wants to see; without an index, nothing (it runs at the scan's speed).
  const check = arrayElements(path, { ...options, keepRest: true, decode: index ? (index.wants ? (raw: Buffer) => index.wants!(raw) : true) : false });
  for (let next = await check.next(); ; next = await check.next()) {
    if (next.done) {
      const { problem, found, rest } = next.value;
      if (problem) throw new UnreadableFileError(fileName, problem);
      if (!found) return false;
      // What lies around the records (an outbox's context, a response's metadata) must be JSON too.
      try {
        if (rest !== null) JSON.parse(rest);
      } catch (error) {
        throw new UnreadableFileError(fileName, `not valid JSON outside the records: ${(error as Error).message.slice(0, 200)}`);
      }
      break;
    }
    const element = next.value;
    if (element.end / 2 - reported >= PROGRESS_BYTES) yield progressOnly(upTo(element.end / 2));
    if (!index || !element.text) continue;
    const value = jsonValue(element.text);
    if (value !== undefined) index.see(value);
  }
  let piece = new PieceBuilder();
  for await (const element of arrayElements(path, options)) {
    const value = element.text === null ? undefined : jsonValue(element.text);
    if (element.text === null) piece.add(reject(`a record larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB, skipped`), element.number);
    else if (value === undefined) piece.add(reject(`not valid JSON (${jsonError(element.text)})`), element.number);
    else piece.add(format.parseRecord(index ? index.record(value) : value), element.number);
    if (piece.postCount >= BATCH_POSTS) {
      piece.bytes = upTo(size / 2 + element.end / 2);
      yield piece.build();
      piece = new PieceBuilder();
    }
  }
  piece.bytes = upTo(size);
  yield piece.build();
  return true;
}

/** How often the first pass over a document reports progress. */
const PROGRESS_BYTES = 8 * 1024 * 1024;

/** A piece that only says how far reading has got (import-file.ts reports it at once). */
function progressOnly(bytes: number): ParsedPiece {
  return { records: 0, lines: 0, bytes, posts: null, rejects: [], deletes: [], skipped: 0 };
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
