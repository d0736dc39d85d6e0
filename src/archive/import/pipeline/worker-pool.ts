import { Worker } from 'node:worker_threads';
import type { FormatSpec } from './choose-format.ts';
import type { ParsedPiece } from './parsed-piece.ts';
import { CHUNK_BYTES } from './limits.ts';
import { UnreadableFileError } from './unreadable-file.ts';
import type { ArrayRange } from './json-array-stream.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.ts';

// Workers run TypeScript like the rest of the app, through tsx: module
// hooks are not inherited from the thread that starts them, and Node's own
// type stripping cannot load this code (parameter properties). tsx is
// resolved from here, so that it is found whatever the working directory.
// A profiled run (`node --cpu-prof`, see bench:import --profile) profiles its threads too.
export const WORKER_EXEC_ARGV = ['--import', import.meta.resolve('tsx'), ...process.execArgv.filter((arg) => arg.startsWith('--cpu-prof'))];
const WORKER_URL = new URL('./parse-worker.ts', import.meta.url);

interface Pending {
  resolve(result: { piece: ParsedPiece; buffer: ArrayBuffer | null }): void;
  reject(error: Error): void;
}

/**
 * A parse worker's young generation: parsing leaves mostly garbage, which
 * small scavenges clear as well as big ones, and every worker growing a
 * nursery of 100 MB or more would cost the import its memory budget. The
 * old generation is left alone where a JSON document is parsed whole (a
 * document, a CSV file, a JSONL line longer than a chunk).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * A JSONL chunk worker keeps a chunk's posts (~1,000, a few MB) alive
 * while it parses the rest of the chunk, and with an 8 MB nursery the
 * collector took a quarter of its time (bench:import --profile). Twice
 * the nursery cut its CPU per tweet by ~10 % (200,000 tweets parsed
 * alone) for 8 MB more; on two cores the chunk worker is what the
 * storing thread waits for.
 */
const CHUNK_WORKER_YOUNG_MB = 16;

/**
 * Workers for JSONL chunks (CHUNK_BYTES of whole lines) get a bounded old
 * generation too. What they keep is one chunk's posts, a few MB; but V8
 * sizes an unbounded heap for gigabytes and first collects it at hundreds
 * of MB, which a long import reaches with garbage alone (~40 MB more per
 * worker in the import's peak). A chunk grown for a longer line goes to a
 * worker without the bound.
 */
const CHUNK_WORKER_LIMITS = { ...WORKER_LIMITS, maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: CHUNK_WORKER_YOUNG_MB };

/**
 * A CSV file is streamed a row at a time (a row at most MAX_CSV_RECORD_CHARS):
 * what its worker keeps is one piece's posts, as a chunk worker's. Bounded
 * the same way, a 400,000-row TAGS sheet imported with a peak of 293 MB
 * instead of 327 MB.
 */
const CSV_WORKER_LIMITS = CHUNK_WORKER_LIMITS;

/**
 * Ranges of a big JSON document's records array, read an element at a time
 * (json-array-stream.ts, an element at most MAX_RECORD_BYTES; one range at
 * a time): the worker keeps a chunk, its elements' texts and a piece's posts. Half a chunk worker's old
 * generation: a 221 MB JSON array on one line peaked at 254 MB with 48 MB,
 * 309 MB with 128 MB (V8 collects later the more it may use).
 */
const ELEMENT_WORKER_LIMITS = { ...CHUNK_WORKER_LIMITS, maxOldGenerationSizeMb: 64 };

/**
 * Parse workers for one file. JSONL chunks go to the least busy worker and
 * come back, in any order, to promises the reader awaits in file order;
 * a document or CSV file is streamed by a single worker. Workers can be
 * added while the file is read (see read-pieces.ts).
 */
interface Entry {
  worker: Worker;
  busy: number;
}

export class ParseWorkers {
  private readonly workers: Entry[] = [];
  /** For chunks longer than CHUNK_BYTES, when the workers are bounded; started when one comes. */
  private unbounded: Entry | null = null;
  private readonly pending = new Map<number, Pending>();
  private stream: { push(piece: ParsedPiece): void; end(): void; fail(error: Error): void } | null = null;
  private failure: Error | null = null;

  /**
   * `chunks`: the workers parse JSONL chunks only (their heap is bounded);
   * `rows`: one streams a CSV file (bounded too); `elements`: the workers
   * parse ranges of a big JSON document (bounded too); `whole`: one streams
   * a JSON document (parsed whole, or element by element when big).
   */
  constructor(
    private readonly spec: FormatSpec,
    count: number,
    private readonly work: 'chunks' | 'rows' | 'elements' | 'whole' = 'whole',
  ) {
    for (let i = 0; i < count; i++) this.add();
  }

  get size(): number {
    return this.workers.length;
  }

  add(): void {
    this.workers.push(this.start(this.work === 'chunks' ? CHUNK_WORKER_LIMITS : this.work === 'rows' ? CSV_WORKER_LIMITS : this.work === 'elements' ? ELEMENT_WORKER_LIMITS : WORKER_LIMITS));
  }

  private start(resourceLimits: typeof WORKER_LIMITS): Entry {
    const setup: WorkerSetup = { spec: this.spec };
    const worker = new Worker(WORKER_URL, { workerData: setup, execArgv: WORKER_EXEC_ARGV, resourceLimits });
    const entry = { worker, busy: 0 };
    worker.on('message', (message: FromWorker) => this.receive(entry, message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`a parse worker stopped (exit code ${code})`));
    });
    return entry;
  }

  /** Parses whole JSONL lines; the buffer is handed to the worker and back. */
  parseLines(seq: number, bytes: Uint8Array): Promise<{ piece: ParsedPiece; buffer: ArrayBuffer | null }> {
    if (this.failure) return Promise.reject(this.failure);
    const entry = this.work === 'chunks' && bytes.byteLength > CHUNK_BYTES ? (this.unbounded ??= this.start(WORKER_LIMITS)) : this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    entry.busy += 1;
    const result = new Promise<{ piece: ParsedPiece; buffer: ArrayBuffer | null }>((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    const message: ToWorker = { type: 'lines', seq, bytes };
    entry.worker.postMessage(message, [bytes.buffer as ArrayBuffer]);
    return result;
  }

  /** Parses a range of a big document's records array (read-pieces.ts) on the least busy worker. */
  parseRange(seq: number, path: string, range: ArrayRange, depth: number): Promise<{ piece: ParsedPiece; buffer: ArrayBuffer | null }> {
    if (this.failure) return Promise.reject(this.failure);
    const entry = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    entry.busy += 1;
    const result = new Promise<{ piece: ParsedPiece; buffer: ArrayBuffer | null }>((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    entry.worker.postMessage({ type: 'range', seq, path, range, depth } satisfies ToWorker);
    return result;
  }

  /** A whole document or CSV file, parsed by one worker, its pieces in order. */
  async *streamFile(framing: 'json' | 'csv', path: string, fileName: string): AsyncGenerator<ParsedPiece> {
    const queue: ParsedPiece[] = [];
    let ended = false;
    let error: Error | null = null;
    let wake: (() => void) | null = null;
    const notify = () => {
      wake?.();
      wake = null;
    };
    this.stream = {
      push: (piece) => (queue.push(piece), notify()),
      end: () => ((ended = true), notify()),
      fail: (e) => ((error = e), notify()),
    };
    const worker = this.workers[0]!.worker;
    worker.postMessage({ type: 'file', framing, path, fileName } satisfies ToWorker);
    for (;;) {
      if (error) throw error;
      const piece = queue.shift();
      if (piece) {
        worker.postMessage({ type: 'credit' } satisfies ToWorker);
        yield piece;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  async close(): Promise<void> {
    this.failure ??= new Error('parse workers closed');
    await Promise.all([...this.workers, ...(this.unbounded ? [this.unbounded] : [])].map(({ worker }) => worker.terminate()));
  }

  private receive(entry: Entry, message: FromWorker): void {
    if (message.type === 'piece') {
      if (this.stream && message.buffer === null) return this.stream.push(message.piece);
      entry.busy -= 1;
      const pending = this.pending.get(message.seq);
      this.pending.delete(message.seq);
      pending?.resolve({ piece: message.piece, buffer: message.buffer });
    } else if (message.type === 'end') {
      this.stream?.end();
    } else {
      this.fail(message.unreadable ? new UnreadableFileError(message.unreadable.fileName, message.unreadable.reason) : new Error(`parse worker failed: ${message.message}`));
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.stream?.fail(error);
  }
}
