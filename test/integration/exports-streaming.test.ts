// Exports through the CLI on a chat too big to hold in a small heap: the
// export must stream (a 30,000-post chat loaded at once needs well over
// the 64 MB of JavaScript heap the CLI gets here), and the CLI's
// contract (stdout or --out, errors, no half-written files) holds.
// SQLite only: the CLI runs against a data dir. The 100,000-post run with
// timings and peak memory is `npm run bench:transcript`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { openSqlite } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { generateChat } from './transcript-seed.ts';
import { findChatBySlug } from '../../src/chats/chats.repository.ts';
import { writeXlsx } from '../../src/archive/export/xlsx-export.ts';
import { ExportAborted } from '../../src/archive/export/sink.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');
const POSTS = 30_000;
// exceljs keeps a little more per sheet row than the CSV writer: the
// workbook gets more headroom, still far below a 30,000-post chat loaded whole.
const HEAP_MB: Record<'csv' | 'xlsx', number> = { csv: 64, xlsx: 96 };
/** Resident memory also holds the zip deflater's buffers for the workbook (bench:transcript, 100,000 posts: csv 270, xlsx 295 MB). */
const PEAK_RSS_MB: Record<'csv' | 'xlsx', number> = { csv: 300, xlsx: 320 };

describe('export CLI: streams big chats with bounded memory', () => {
  let dataDir: string;
  let slug = '';
  let smallSlug = '';
  let questionColumns: { copy: Array<Array<string | undefined>>; original: Array<Array<string | undefined>> } | null = null;
  const env = () => ({ ...process.env, MUSESOCIAL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://archive.test' });

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-export-'));
    const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
    await migrateToLatest(database);
    const organizer = await buildUser(database.db, { role: 'organizer' });
    const big = await buildChat(database.db, organizer, { startsInHours: -48 });
    await generateChat(database.db, big.id, { posts: POSTS, participants: 300 });
    const small = await buildChat(database.db, organizer, { startsInHours: -24 });
    await generateChat(database.db, small.id, { posts: 20, participants: 5, seed: 7 });
    slug = big.slug;
    smallSlug = small.slug;
    await database.close();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Runs `musesocial export` with a small heap, sampling its resident memory. */
  function exportWithHeap(args: string[], heapMb = HEAP_MB.csv): Promise<{ code: number | null; stderr: string; peakMb: number }> {
    const child = spawn(process.execPath, [BIN, 'export', ...args], { env: { ...env(), NODE_OPTIONS: `--max-old-space-size=${heapMb}` }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peakKb = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setInterval(() => {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // exited between two samples
      }
    }, 25);
    return new Promise((resolve) =>
      child.on('exit', (code) => {
        clearInterval(timer);
        resolve({ code, stderr, peakMb: peakKb / 1024 });
      }),
    );
  }

  for (const format of ['csv', 'xlsx'] as const) {
    it(`exports ${POSTS.toLocaleString('en-US')} posts as ${format} within a ${HEAP_MB[format]} MB heap`, async () => {
      const out = path.join(dataDir, `big.${format}`);
      const result = await exportWithHeap([slug, '--format', format, '--out', out], HEAP_MB[format]);
      assert.equal(result.code, 0, result.stderr.slice(0, 3000));
      assert.match(result.stderr, new RegExp(`Exported ${POSTS.toLocaleString('en-US')} posts of ${slug} as ${format} to `));
      if (format === 'csv') {
        const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\r\n');
        assert.equal(lines.length, POSTS + 1, 'a header and one line per post');
      } else {
        assert.equal(fs.readFileSync(out).subarray(0, 2).toString(), 'PK', 'a zip container');
      }
      assert.ok(result.peakMb < PEAK_RSS_MB[format], `peak RSS ${result.peakMb.toFixed(0)} MB`);
      assert.ok(!fs.existsSync(`${out}.partial`));
    });
  }

  /** writeXlsx on the big chat, in this process, into `out`. */
  async function xlsxOfBigChat(out: Writable, onProgress: (written: number) => void): Promise<number> {
    const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
    try {
      const chat = await findChatBySlug(database.db, slug);
      assert.ok(chat);
      return await writeXlsx({ db: database.db, chat, baseUrl: 'http://archive.test', now: Date.now(), onProgress }, out);
    } finally {
      await database.close();
    }
  }

  it('writes the workbook to its output while the chat is still being read, not all at the end', { timeout: 60_000 }, async () => {
    // exceljs left alone keeps a sheet's XML in the zip's input until the
    // workbook is committed (xlsx-export.ts, sheetTaken): bytes arrive only
    // after the last post is read, and memory grows with the chat.
    let bytes = 0;
    const out = new Writable({ write: (chunk: Buffer, _encoding, done) => ((bytes += chunk.length), setImmediate(done)) });
    const seen: Array<{ written: number; bytes: number }> = [];
    const written = await xlsxOfBigChat(out, (n) => seen.push({ written: n, bytes }));
    await new Promise<void>((resolve) => out.end(resolve));
    assert.equal(written, POSTS);
    const half = seen.find((s) => s.written >= POSTS / 2)!;
    const last = seen.at(-1)!;
    assert.ok(half.bytes > 0.25 * bytes, `half the posts read, ${half.bytes} of ${bytes} bytes out`);
    assert.ok(last.bytes > 0.6 * bytes, `all posts read, ${last.bytes} of ${bytes} bytes out`);
  });

  it('stops reading the chat when the workbook\'s reader goes away', { timeout: 60_000 }, async () => {
    let bytes = 0;
    // A download cancelled after its first 64 KB: the socket closes, nothing drains any more.
    const out: Writable = new Writable({
      highWaterMark: 1024,
      write: (chunk: Buffer, _encoding, done) => {
        bytes += chunk.length;
        if (bytes > 64 * 1024) out.destroy();
        else setImmediate(done);
      },
    });
    out.on('error', () => {});
    let read = 0;
    await assert.rejects(xlsxOfBigChat(out, (n) => (read = n)), ExportAborted);
    assert.ok(read < POSTS / 2, `stopped after ${read} of ${POSTS} posts`);
  });

  it('re-imports its own JSON Lines into another server as the same archive', async () => {
    const file = path.join(dataDir, 'small.jsonl');
    const exported = spawnSync(process.execPath, [BIN, 'export', smallSlug, '--format', 'jsonl', '--out', file], { env: env(), encoding: 'utf8' });
    assert.equal(exported.status, 0, exported.stderr);

    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-reimport-'));
    try {
      const database = openSqlite(path.join(otherDir, 'musesocial.sqlite'));
      await migrateToLatest(database);
      await buildChat(database.db, await buildUser(database.db, { role: 'organizer' }), { slug: smallSlug, startsInHours: -24 });
      await database.close();
      const otherEnv = { ...env(), MUSESOCIAL_DATA_DIR: otherDir };
      for (const expected of [/imported 20 posts, 0 already archived, 0 rejected/, /imported 0 posts, 20 already archived/]) {
        const imported = spawnSync(process.execPath, [BIN, 'import', file, '--chat', smallSlug], { env: otherEnv, encoding: 'utf8' });
        assert.equal(imported.status, 0, imported.stderr);
        assert.match(`${imported.stdout}${imported.stderr}`, /detected format jsonl/);
        assert.match(`${imported.stdout}${imported.stderr}`, expected);
      }
      const rows = (environment: NodeJS.ProcessEnv): Record<string, string>[] =>
        parseCsv(spawnSync(process.execPath, [BIN, 'export', smallSlug, '--format', 'csv'], { env: environment, encoding: 'utf8' }).stdout, { columns: true });
      const [copy, original] = [rows(otherEnv), rows(env())];
      assert.equal(copy.length, 20);
      // Row ids and permalinks are each server's own; question fields: the next test.
      const same = ['created_at', 'author_handle', 'author_display_name', 'author_network', 'kind', 'text', 'hashtags', 'likes', 'boosts', 'replies', 'source_network', 'source_id', 'source_url'];
      const pick = (row: Record<string, string>) => Object.fromEntries(same.map((column) => [column, row[column]]));
      assert.deepEqual(copy.map(pick), original.map(pick));
      // Replies, quotes and boosts point at the same posts again.
      const sourceOf = (list: Record<string, string>[], id: string) => list.find((r) => r.id === id)?.source_id ?? null;
      const links = (list: Record<string, string>[]) => list.map((r) => ['reply_to', 'quote_of', 'boost_of'].map((c) => (r[c] ? sourceOf(list, r[c]) : null)));
      assert.deepEqual(links(copy), links(original));
      questionColumns = { copy: copy.map((r) => [r.question, r.answers_question]), original: original.map((r) => [r.question, r.answers_question]) };
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('re-imports question numbers and answers as exported (the chat here lists no hosts)', () => {
    assert.ok(questionColumns, 'the re-import test ran');
    assert.ok(questionColumns.original.some(([question]) => question), 'the exported chat has questions');
    assert.ok(questionColumns.original.some(([, answers]) => answers), 'and answers');
    assert.deepEqual(questionColumns.copy, questionColumns.original);
  });

  it('writes to stdout without --out, and says what is wrong otherwise', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'export', ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
    const stdout = run([smallSlug, '--format', 'jsonl']);
    assert.equal(stdout.status, 0, stdout.stderr);
    const lines = stdout.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 21);
    assert.equal(lines[0].chat.url, `http://archive.test/chats/${smallSlug}`);

    const missing = run(['no-such-chat', '--format', 'csv']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /musesocial: no chat "no-such-chat"/);
    const badFormat = run([smallSlug, '--format', 'pdf']);
    assert.notEqual(badFormat.status, 0);
    assert.match(badFormat.stderr, /Allowed choices are csv, tags-csv, xlsx, jsonl, md, html/);
    const unwritable = run([smallSlug, '--format', 'csv', '--out', path.join(dataDir, 'no-dir', 'x.csv')]);
    assert.equal(unwritable.status, 1);
    assert.equal(unwritable.stderr, `musesocial: --out: there is no folder ${path.join(dataDir, 'no-dir')}\n`);
    assert.ok(!fs.existsSync(path.join(dataDir, 'no-dir')));

    // A folder gets the file the download link gives, as cp does.
    const folder = fs.mkdtempSync(path.join(dataDir, 'exports-'));
    const intoFolder = run([smallSlug, '--format', 'md', '--out', folder]);
    assert.equal(intoFolder.status, 0, intoFolder.stderr);
    assert.deepEqual(fs.readdirSync(folder), [`${smallSlug}-transcript.md`]);
    assert.match(intoFolder.stderr, new RegExp(`to ${path.join(folder, `${smallSlug}-transcript.md`).replaceAll('.', '\\.')}\\.\n$`));
  });
});
