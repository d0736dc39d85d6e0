import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { ImportFormat } from '../imported-post.ts';
import { BATCH_POSTS, MAX_CSV_RECORD_CHARS } from './limits.ts';
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
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: true, max_record_size: MAX_CSV_RECORD_CHARS }),
  );
  let piece = new PieceBuilder();
  let reported = 0;
  const skippedRows: Array<{ line: number; reason: string }> = [];
  let lastSkip = '';
  parser.on('skip', (error: Error & { code?: string; lines?: number; records?: number }) => {
    // csv-parse reports a record past max_record_size twice (when it overflows, and again at the end).
    const key = `${error.lines}\u0000${error.message}`;
    if (key === lastSkip) return;
    lastSkip = key;
    const reason =
      error.code === 'CSV_MAX_RECORD_SIZE'
        ? `unreadable CSV row: row ${(error.records ?? 0) + 1} runs on past ${MAX_CSV_RECORD_CHARS / 1024 / 1024} MB, to line ${error.lines} (a quote left open?); the rows it swallowed are not read`
        : `unreadable CSV row (${error.message})`;
    skippedRows.push({ line: error.lines ?? 0, reason });
  });
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
