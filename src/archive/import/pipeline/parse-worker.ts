import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { resolveFormat } from './choose-format.ts';
import { csvPieces } from './csv-rows.ts';
import { documentRangePiece, jsonDocumentPieces } from './json-document.ts';
import { parseJsonLines } from './json-lines.ts';
import type { ParsedPiece } from './parsed-piece.ts';
import { transferablesOf } from './post-batch.ts';
import { UnreadableFileError } from './unreadable-file.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.ts';

/**
 * A parse worker: JSON.parse and the format's parser run here, on another
 * core than the one writing to the database. See worker-pool.ts.
 */
// Only in a worker: compile-ahead.ts loads this module on a main thread too, to compile it.
const port = parentPort!;
const format = isMainThread ? (null as never) : resolveFormat((workerData as WorkerSetup).spec);

/** Streamed pieces the writer has not taken yet; a few are enough to keep it busy. */
const MAX_UNTAKEN = 3;
let untaken = 0;
let wake: (() => void) | null = null;

/** The document ranges this worker was given, parsed in turn. */
let ranges: Promise<void> = Promise.resolve();

const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

if (!isMainThread) port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'lines': {
      try {
        const piece = parseJsonLines(format, message.bytes);
        const buffer = message.bytes.buffer as ArrayBuffer;
        send({ type: 'piece', seq: message.seq, piece, buffer }, [buffer, ...transferablesOf(piece.posts)]);
      } catch (error) {
        send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error), unreadable: null });
      }
      break;
    }
    case 'range':
      // One range at a time, as lines are: ranges queued to this worker wait their turn rather than all being read at once.
      ranges = ranges.then(() =>
        documentRangePiece(format, message.path, message.range, message.depth).then(
          (piece) => send({ type: 'piece', seq: message.seq, piece, buffer: null }, transferablesOf(piece.posts)),
          (error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error), unreadable: null }),
        ),
      );
      break;
    case 'file':
      void streamFile(message.framing === 'csv' ? csvPieces(format, message.path) : jsonDocumentPieces(format, message.path, message.fileName));
      break;
    case 'credit':
      untaken -= 1;
      wake?.();
      break;
  }
});

async function streamFile(pieces: AsyncGenerator<ParsedPiece>): Promise<void> {
  try {
    let seq = 0;
    for await (const piece of pieces) {
      while (untaken >= MAX_UNTAKEN) await new Promise<void>((resolve) => (wake = resolve));
      untaken += 1;
      send({ type: 'piece', seq: seq++, piece, buffer: null }, transferablesOf(piece.posts));
    }
    send({ type: 'end' });
  } catch (error) {
    const unreadable = error instanceof UnreadableFileError ? { fileName: error.fileName, reason: error.reason } : null;
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error), unreadable });
  }
}

if (!isMainThread) process.on('uncaughtException', (error) => send({ type: 'error', message: error.stack ?? error.message, unreadable: null }));
