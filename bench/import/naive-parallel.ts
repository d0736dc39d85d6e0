import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { NaiveImport } from './naive-import.ts';

/**
 * The ceiling of issue 5's suggested architecture ("parsing in worker
 * threads while one thread writes"), with the least storing a searchable
 * archive needs: the same bare table and contentless FTS5 index as the
 * single-threaded `bare + FTS5` import (naive-import.ts), but the file
 * read in 4 MB chunks of whole lines, parsed by `parsers` worker threads
 * (naive-parse-worker.mjs: JSON.parse, as the plain pass), and stored in
 * file order by this thread while they parse the next chunks. No authors,
 * links, hashtags, questions or transcript indexes: whatever this reaches,
 * Musesocial's import, which stores all of them, cannot pass.
 */
const CHUNK_BYTES = 4 << 20;
/** Chunks parsed ahead of the writer per worker: enough to keep both busy, bounded. */
const AHEAD_PER_WORKER = 2;

export async function naiveParallelImport(file: string, dir: string, parsers: number): Promise<NaiveImport> {
  const dbFile = path.join(dir, `naive-parallel-${parsers}.sqlite`);
  const remove = () => ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(dbFile + suffix, { force: true }));
  remove();
  const db = new DatabaseSync(dbFile);
  const workers = Array.from({ length: parsers }, () => new Worker(new URL('./naive-parse-worker.mjs', import.meta.url)));
  try {
    db.exec(`pragma journal_mode = wal; pragma synchronous = normal;
      create table posts (id integer primary key, source_id text not null unique, author text not null, text text not null, created_at integer not null);
      create virtual table posts_fts using fts5(text, content='', contentless_delete=1)`);
    const insert = db.prepare('insert or ignore into posts (source_id, author, text, created_at) values (?, ?, ?, ?)');
    const index = db.prepare('insert into posts_fts (rowid, text) values (?, ?)');
    const cpu = process.cpuUsage();
    const started = performance.now();
    const parsed = new Map<number, (rows: unknown[]) => void>();
    for (const worker of workers) worker.on('message', ({ seq, rows }: { seq: number; rows: unknown[] }) => parsed.get(seq)!(rows));
    const parse = (seq: number, bytes: Uint8Array) =>
      new Promise<unknown[]>((resolve) => {
        parsed.set(seq, resolve);
        workers[seq % parsers]!.postMessage({ seq, bytes }, [bytes.buffer as ArrayBuffer]);
      });
    const chunks = lineChunks(file);
    const inFlight: Array<Promise<unknown[]>> = [];
    let seq = 0;
    const refill = () => {
      while (inFlight.length < AHEAD_PER_WORKER * parsers) {
        const next = chunks.next();
        if (next.done) return;
        inFlight.push(parse(seq++, next.value));
      }
    };
    let rows = 0;
    db.exec('begin');
    refill();
    while (inFlight.length > 0) {
      const values = await inFlight.shift()!;
      refill();
      for (let i = 0; i < values.length; i += 4) {
        const result = insert.run(values[i] as string, values[i + 1] as string, values[i + 2] as string, values[i + 3] as number);
        if (result.changes === 0) continue;
        rows += 1;
        index.run(result.lastInsertRowid, values[i + 2] as string);
      }
    }
    db.exec('commit');
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { variant: `bare + FTS5, ${parsers} parse worker${parsers > 1 ? 's' : ''} + writer`, seconds, cpuSeconds: (used.user + used.system) / 1e6, rows };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    db.close();
    remove();
  }
}

/** The file in chunks of about CHUNK_BYTES, each ending at a line's end (each a buffer of its own, handed to a worker). */
function* lineChunks(file: string): Generator<Uint8Array> {
  const fd = fs.openSync(file, 'r');
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES + carry.length);
      carry.copy(buffer, 0);
      const read = fs.readSync(fd, buffer, carry.length, CHUNK_BYTES, null);
      const end = carry.length + read;
      if (read === 0) {
        if (end > 0) yield new Uint8Array(buffer.buffer, 0, end);
        return;
      }
      const lastNewline = buffer.lastIndexOf(10, end - 1);
      if (lastNewline === -1) {
        carry = buffer.subarray(0, end);
        continue;
      }
      carry = Buffer.from(buffer.subarray(lastNewline + 1, end));
      yield new Uint8Array(buffer.buffer, 0, lastNewline + 1);
    }
  } finally {
    fs.closeSync(fd);
  }
}
