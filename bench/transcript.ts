// Transcript and export benchmark (`npm run bench:transcript`).
//
// 1. Generates a 50,000-post chat (8 questions, threads, boosts, quotes)
//    into a fresh SQLite data dir through the repository functions, starts
//    `musesocial serve` on it, and measures time to first byte over real
//    HTTP: the transcript's first page, a page deep inside, filtered pages,
//    and a permalink — against the chat page (`/chats/SLUG`, 50 posts) as
//    the baseline of a page of similar size. Target: first byte ≤ 200 ms.
// 2. Generates a 100,000-post chat and exports it as CSV and XLSX with the
//    CLI, sampling the process's resident memory: it must stay flat.
//
// Options: --posts N (default 50000), --export-posts N (100000),
// --requests N (50 per route), --keep (leave the data dir).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createChat } from '../src/chats/chats.service.ts';
import { insertUser } from '../src/accounts/users.repository.ts';
import { generateChat } from '../test/integration/transcript-seed.ts';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '50000' },
    'export-posts': { type: 'string', default: '100000' },
    requests: { type: 'string', default: '50' },
    keep: { type: 'boolean', default: false },
  },
});
const TARGET_MS = 200;
const BIN = path.resolve(import.meta.dirname, '../bin/musesocial.mjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-bench-transcript-'));
// ANONYMOUS_READ_LIMIT=0: every request comes from one address without an account, and would be throttled after 300.
const env = { ...process.env, MUSESOCIAL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://bench.test', ANONYMOUS_READ_LIMIT: '0' };

async function seed(slugs: Array<{ slug: string; posts: number }>): Promise<void> {
  const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
  await migrateToLatest(database);
  const now = Date.now();
  const organizer = await insertUser(database.db, { handle: 'bench', displayName: 'Bench', email: null, passwordHash: 'x', role: 'organizer', timeZone: null, bio: '', createdAt: now, updatedAt: now, bannedAt: null });
  for (const { slug, posts } of slugs) {
    const start = Date.UTC(2026, 2, 10, 19);
    const chat = await createChat(database.db, organizer, {
      slug,
      title: `Benchmark chat of ${posts.toLocaleString('en-US')} posts`,
      hashtags: ['bigchat'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      timeZone: 'America/New_York',
      questions: Array.from({ length: 8 }, (_, i) => ({ text: `What do we think about topic ${i + 1}?` })),
    });
    const began = performance.now();
    const tty = process.stderr.isTTY;
    await generateChat(database.db, chat.id, { posts, onProgress: (n) => tty && process.stderr.write(`\r  generating ${slug}: ${n.toLocaleString('en-US')} posts`) });
    process.stderr.write(`${tty ? '\r' : ''}  generated ${slug}: ${posts.toLocaleString('en-US')} posts in ${((performance.now() - began) / 1000).toFixed(1)} s\n`);
  }
  await database.close();
}

function startServer(): Promise<{ origin: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--no-demo'], { env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        resolve({
          origin: `http://127.0.0.1:${match[1]}`,
          stop: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))),
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

/** Time to the first byte of the body, and to the last, for one GET. */
function timeGet(url: string): Promise<{ firstByte: number; total: number; bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    let firstByte = 0;
    let bytes = 0;
    http
      .get(url, { headers: { accept: 'text/html' }, agent: false }, (response) => {
        response.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstByte = performance.now() - began;
          bytes += chunk.length;
        });
        response.on('end', () => resolve({ firstByte, total: performance.now() - began, bytes, status: response.statusCode ?? 0 }));
      })
      .on('error', reject);
  });
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

async function measure(name: string, url: string, requests: number) {
  await timeGet(url); // warm the route (and the page cache) once
  const runs = [];
  for (let i = 0; i < requests; i++) runs.push(await timeGet(url));
  const bad = runs.find((r) => r.status !== 200);
  if (bad) throw new Error(`${name}: HTTP ${bad.status}`);
  const first = runs.map((r) => r.firstByte);
  return { name, median: percentile(first, 50), p99: percentile(first, 99), kb: runs[0]!.bytes / 1024 };
}

/** Runs the CLI and samples its resident memory from /proc every 20 ms. */
function exportWithMemory(slug: string, format: string, heapMb?: number): Promise<{ seconds: number; peakMb: number; fileMb: number }> {
  const out = path.join(dataDir, `${slug}.${format}`);
  const began = performance.now();
  const childEnv = heapMb ? { ...env, NODE_OPTIONS: `--max-old-space-size=${heapMb}` } : env;
  const child = spawn(process.execPath, [BIN, 'export', slug, '--format', format, '--out', out], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let peakKb = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const sample = setInterval(() => {
    // The CLI may re-exec itself under the pinned Node: sample the whole process tree.
    for (const pid of [child.pid!, ...childrenOf(child.pid!)]) {
      const match = /VmRSS:\s+(\d+) kB/.exec(readProc(pid));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    }
  }, 20);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) return reject(new Error(`export ${format} failed: ${stderr}`));
      resolve({ seconds: (performance.now() - began) / 1000, peakMb: peakKb / 1024, fileMb: fs.statSync(out).size / 1024 / 1024 });
    });
  });
}

function readProc(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function main(): Promise<number> {
  const posts = Number(args.posts);
  const exportPosts = Number(args['export-posts']);
  const requests = Number(args.requests);
  console.log(`Transcript benchmark: ${posts.toLocaleString('en-US')}-post chat, ${requests} requests per route; exports of ${exportPosts.toLocaleString('en-US')} posts. Data in ${dataDir}`);
  await seed([
    { slug: 'bench-transcript', posts },
    { slug: 'bench-export', posts: exportPosts },
  ]);

  const server = await startServer();
  const results = [];
  try {
    const base = `${server.origin}/chats/bench-transcript`;
    const firstPage = await new Promise<string>((resolve) => http.get(`${base}/transcript`, (r) => { let body = ''; r.on('data', (c) => (body += c)); r.on('end', () => resolve(body)); }));
    const deep = /href="\/chats\/bench-transcript\/transcript\?cursor=([^"#]+)#q6"/.exec(firstPage)?.[1];
    const permalink = /href="(\/chats\/bench-transcript\/posts\/\d+)"/.exec(firstPage)?.[1];
    results.push(await measure('baseline: chat page /chats/SLUG', base, requests));
    results.push(await measure('transcript, first page', `${base}/transcript`, requests));
    if (deep) results.push(await measure('transcript, at Q6', `${base}/transcript?cursor=${deep}`, requests));
    results.push(await measure('transcript, ?question=5', `${base}/transcript?question=5`, requests));
    results.push(await measure('transcript, ?author=person7', `${base}/transcript?author=person7`, requests));
    results.push(await measure('transcript, ?boosts=show', `${base}/transcript?boosts=show`, requests));
    results.push(await measure('transcript, ?type=quote', `${base}/transcript?type=quote`, requests));
    if (permalink) results.push(await measure('permalink', `${server.origin}${permalink}`, requests));
  } finally {
    await server.stop();
  }
  const baseline = results[0]!;
  console.log('\nTime to first byte (ms)          median     p99   page KB   median vs baseline');
  for (const r of results) {
    console.log(`${r.name.padEnd(32)} ${r.median.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${r.kb.toFixed(0).padStart(9)}   ${(r.median / baseline.median).toFixed(2)}×`);
  }

  // With the default heap V8 collects lazily, so peak RSS says little; the
  // same export with a 64 MB heap (a full load of this chat needs several
  // times that) shows the memory it really needs.
  console.log(`\nExport of ${exportPosts.toLocaleString('en-US')} posts with the CLI     seconds   peak RSS MB   file MB`);
  for (const format of ['csv', 'xlsx']) {
    for (const heap of [undefined, 64]) {
      const r = await exportWithMemory('bench-export', format, heap);
      const label = heap ? `${format}, --max-old-space-size=${heap}` : `${format}, default heap`;
      console.log(`${label.padEnd(50)} ${r.seconds.toFixed(1).padStart(7)} ${r.peakMb.toFixed(0).padStart(13)} ${r.fileMb.toFixed(1).padStart(9)}`);
    }
  }

  const slow = results.filter((r) => r.median > TARGET_MS);
  console.log(slow.length === 0 ? `\nAll transcript pages under the ${TARGET_MS} ms first-byte target.` : `\nOVER TARGET (${TARGET_MS} ms): ${slow.map((r) => r.name).join(', ')}`);
  return slow.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} finally {
  if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
}
