import type { ImportFormat } from '../imported-post.ts';
import { PieceBuilder, type ParsedPiece } from './parsed-piece.ts';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/**
 * One chunk of a JSONL file (whole lines) to a piece. Lines are split on
 * bytes, so a chunk never decodes more than one line at a time; a trailing
 * CR (streaming API output) and blank lines are tolerated; a line that is
 * not JSON is rejected with the parser's reason and the rest goes on.
 * Rejections are numbered from the chunk's first line.
 */
export function parseJsonLines(format: ImportFormat, bytes: Uint8Array): ParsedPiece {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const piece = new PieceBuilder();
  let start = 0;
  let line = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(NEWLINE, start);
    if (end === -1) end = buffer.length;
    line += 1;
    const stop = end > start && buffer[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    if (stop > start) parseLine(format, buffer.toString('utf8', start, stop), line, piece);
    start = end + 1;
  }
  piece.lines = line;
  piece.bytes = buffer.length;
  return piece.build();
}

function parseLine(format: ImportFormat, text: string, line: number, piece: PieceBuilder): void {
  // A byte-order mark can open the file; blank space around JSON is allowed.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') return;
    piece.unreadable(line, `not valid JSON (${(error as Error).message})`);
    return;
  }
  piece.add(format.parseRecord(value), line);
}
