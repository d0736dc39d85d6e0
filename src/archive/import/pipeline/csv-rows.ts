import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { ImportFormat } from '../imported-post.ts';
import { BATCH_POSTS } from './limits.ts';
import { PieceBuilder, type ParsedPiece } from './parsed-piece.ts';

/**
 * A CSV file with a header row (a TAGS sheet): streamed row by row, each
 * row an object keyed by column name. A row the CSV reader cannot make
 * sense of (an unclosed quote, say) is rejected with its line; the rows
 * after it still import.
 */
export async function* csvPieces(format: ImportFormat, path: string): AsyncGenerator<ParsedPiece> {
  const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  input.on('data', (chunk) => (bytesRead += chunk.length));
  const parser = input.pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: true }),
  );
  let piece = new PieceBuilder();
  let reported = 0;
  const skippedRows: Array<{ line: number; reason: string }> = [];
  parser.on('skip', (error: Error & { lines?: number }) => skippedRows.push({ line: error.lines ?? 0, reason: `unreadable CSV row (${error.message})` }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    for (const bad of skippedRows.splice(0)) piece.unreadable(bad.line, bad.reason);
    piece.add(format.parseRecord(record), info.lines);
    if (piece.postCount >= BATCH_POSTS) {
      piece.bytes = bytesRead - reported;
      reported = bytesRead;
      yield piece.build();
      piece = new PieceBuilder();
    }
  }
  for (const bad of skippedRows.splice(0)) piece.unreadable(bad.line, bad.reason);
  piece.bytes = bytesRead - reported;
  yield piece.build();
}
