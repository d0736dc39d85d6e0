import type { FormatSpec } from './choose-format.ts';
import type { ParsedPiece } from './parsed-piece.ts';
import type { ArrayRange } from './json-array-stream.ts';

/** What the writing thread and the parse workers say to each other. */

export interface WorkerSetup {
  spec: FormatSpec;
}

export type ToWorker =
  /** Whole lines of a JSONL file; the buffer is handed over and handed back. */
  | { type: 'lines'; seq: number; bytes: Uint8Array }
  /** A range of a big JSON document's records array (json-array-stream.ts ArrayLayout): parse its elements into one piece. */
  | { type: 'range'; seq: number; path: string; range: ArrayRange; depth: number }
  /** Parse this whole file (a JSON document or CSV) and stream its pieces. */
  | { type: 'file'; framing: 'json' | 'csv'; path: string; fileName: string }
  /** The writer has taken one streamed piece: the worker may send another. */
  | { type: 'credit' };

export type FromWorker =
  | { type: 'piece'; seq: number; piece: ParsedPiece; buffer: ArrayBuffer | null }
  | { type: 'end' }
  /** `unreadable`: the file itself was refused (invalid JSON document …), not a bug. */
  | { type: 'error'; message: string; unreadable: { fileName: string; reason: string } | null };
