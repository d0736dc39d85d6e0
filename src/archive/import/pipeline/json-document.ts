import fs from 'node:fs/promises';
import type { ImportFormat } from '../imported-post.ts';
import { jsonOfYtdFile } from '../formats/x-archive.ts';
import { BATCH_POSTS, MAX_DOCUMENT_BYTES } from './limits.ts';
import { PieceBuilder, type ParsedPiece } from './parsed-piece.ts';
import { UnreadableFileError } from './unreadable-file.ts';

/**
 * A file that is one JSON document (an X archive's tweets.js, a Mastodon
 * outbox.json, a pretty-printed API response). JSON has to be parsed whole,
 * so the size is capped; a document that does not parse — truncated,
 * say — is refused as a whole before anything is stored. Its records
 * (numbered from 1) then go out in batches.
 */
export async function* jsonDocumentPieces(format: ImportFormat, path: string, fileName: string): AsyncGenerator<ParsedPiece> {
  const { size } = await fs.stat(path);
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
