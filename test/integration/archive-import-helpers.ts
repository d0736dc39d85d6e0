import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB, User } from '../../src/db/schema.ts';
import type { DatabaseKind } from '../../src/db/database.ts';
import { freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildUser } from '../support/factories.ts';

/** Shared by the archive-import test files: sample files and how to look at what an import stored. */

export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');
export const fixture = (relative: string) => path.join(FIXTURES, relative);

/** A directory of files for one test, removed by `cleanup`. */
export function scratchDir(): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-import-test-'));
  return {
    dir,
    write(name, content) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * For each test of the describe block it is called in: a fresh database,
 * an organizer to import as, and a scratch folder, all gone afterwards.
 */
export function importTestContext(kind: DatabaseKind): { database: TestDatabase; organizer: User; files: ReturnType<typeof scratchDir> } {
  const context = {} as { database: TestDatabase; organizer: User; files: ReturnType<typeof scratchDir> };
  beforeEach(async () => {
    context.database = await freshDatabase(kind);
    context.organizer = await buildUser(context.database.db, { role: 'organizer' });
    context.files = scratchDir();
  });
  afterEach(async () => {
    context.files.cleanup();
    await context.database.dispose();
  });
  return context;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue Mar 10 19:00:00 +0000 2026`, as API v1.1 writes dates. */
export function twitterDate(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

export interface TweetSpec {
  id: string;
  user: string;
  text: string;
  at: string;
  replyTo?: string;
  retweetOf?: Record<string, unknown>;
  likes?: number;
}

/** A minimal API v1.1 tweet, as twarc1 writes them. */
export function tweet(spec: TweetSpec): Record<string, unknown> {
  return {
    created_at: twitterDate(spec.at),
    id_str: spec.id,
    text: spec.text,
    in_reply_to_status_id_str: spec.replyTo ?? null,
    user: { id_str: String(1000 + spec.user.length), screen_name: spec.user, name: `${spec.user[0]!.toUpperCase()}${spec.user.slice(1)}`, followers_count: 10 },
    favorite_count: spec.likes ?? 0,
    retweet_count: 0,
    ...(spec.retweetOf ? { retweeted_status: spec.retweetOf } : {}),
  };
}

export const jsonl = (values: unknown[], newline = '\n') => values.map((v) => JSON.stringify(v)).join(newline) + newline;

export interface TableCounts {
  posts: number;
  authors: number;
  postHashtags: number;
  imports: number;
  importRejections: number;
  chatQuestions: number;
}

/** Row counts of every table an import writes to: "the database is unchanged" means these are. */
export async function tableCounts(db: Kysely<DB>): Promise<TableCounts> {
  const count = async (table: keyof DB) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    posts: await count('posts'),
    authors: await count('authors'),
    postHashtags: await count('postHashtags'),
    imports: await count('imports'),
    importRejections: await count('importRejections'),
    chatQuestions: await count('chatQuestions'),
  };
}

/** A multipart/form-data body with fields and any number of files (all under the field name `file`). */
export function multipart(fields: Record<string, string>, files: Array<{ name: string; content: Buffer | string }>) {
  const boundary = `----musesocial${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** What GET /chats/SLUG/imports/ID.json answers (the fields the tests read). */
export interface RunJson {
  id: number;
  status: 'running' | 'finished' | 'failed' | 'interrupted';
  error: string | null;
  bytesDone: number;
  bytesTotal: number;
  totals: { read: number; imported: number; duplicates: number; rejected: number; skipped: number; deleted: number };
  unreadable: number;
  files: Array<{
    fileName: string;
    status: string;
    format: string | null;
    formatLabel: string;
    unpacking: boolean;
    bytesDone: number;
    bytesTotal: number;
    counts: RunJson['totals'];
    unreadable: string | null;
    rejections: Array<{ line: number; reason: string }>;
    bytesPerSecond: number | null;
    recordsPerSecond: number | null;
  }>;
}

/**
 * Polls an import run's JSON (`location` is the upload's redirect) until
 * `done` says so, as the progress page's script does; returns every answer.
 */
export async function pollRun(get: (url: string) => Promise<{ statusCode: number; body: string }>, location: string, done: (run: RunJson) => boolean = (run) => run.status !== 'running', timeoutMs = 60_000): Promise<RunJson[]> {
  const seen: RunJson[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await get(`${location}.json`);
    if (response.statusCode !== 200) throw new Error(`${location}.json answered ${response.statusCode}: ${response.body.slice(0, 200)}`);
    const run = JSON.parse(response.body) as RunJson;
    seen.push(run);
    if (done(run)) return seen;
    if (Date.now() > deadline) throw new Error(`run ${location} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A twarc1 file of `count` distinct tweets: big enough (~330 bytes a tweet) for an import to be watched while it runs. */
export function manyTweets(count: number, idBase = 10_000_000): string {
  const start = Date.parse('2026-03-10T19:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify(tweet({ id: String(idBase + i), user: `person${i % 500}`, text: `A${(i % 8) + 1} answer number ${i} about museums and their visitors #testchat`, at: new Date(start + i * 100).toISOString() })));
  }
  return lines.join('\n') + '\n';
}
