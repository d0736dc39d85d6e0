import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

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
