import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openSqlite, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';

/**
 * SQLite's data directory filling up or turning read-only: writes fail with
 * a clear JSON error and a stable code, nothing half-written is left, and
 * the file passes `PRAGMA integrity_check`. (PostgreSQL reports the same
 * conditions by SQLSTATE; they map to the same codes in storage-errors.ts.)
 */

interface Harness {
  app: FastifyInstance;
  database: Database;
  file: string;
  post(text: string): Promise<{ statusCode: number; json(): any }>;
  count(): Promise<number>;
  close(): Promise<void>;
}

async function harness(dir: string): Promise<Harness> {
  const file = path.join(dir, 'musesocial.sqlite');
  const database = openSqlite(file);
  await migrateToLatest(database);
  const config = loadConfig({ BASE_URL: 'http://musesocial.test', MUSESOCIAL_DATA_DIR: dir });
  const app = await buildApp({ config, database, cookieSecret: 'test-secret-that-is-long-enough-000000' });
  const organizer = await buildUser(database.db, { role: 'organizer' });
  const chat = await buildChat(database.db, organizer, { startsInHours: -0.1 });
  // Posting is limited per account (10, then 1 per 5 s): enough accounts to post freely.
  const authors = await Promise.all(Array.from({ length: 30 }, async () => bearerFor(database.db, await buildUser(database.db))));
  let next = 0;
  return {
    app,
    database,
    file,
    post: (text) => app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: authors[Math.floor(next++ / 10) % authors.length]!, payload: { text } }),
    count: async () => Number((await sql<{ n: number }>`select count(*) as n from posts`.execute(database.db)).rows[0]!.n),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Posts until the storage refuses; returns the refusal. */
async function fillUp(h: Harness, text: string) {
  for (let i = 0; i < 250; i++) {
    const before = await h.count();
    const response = await h.post(`${text} ${i}`);
    if (response.statusCode !== 201) {
      assert.equal(await h.count(), before, 'the refused post was not stored');
      return response;
    }
  }
  throw new Error('the storage never filled up');
}

function integrity(file: string): string {
  const check = new DatabaseSync(file, { readOnly: true });
  try {
    return (check.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    check.close();
  }
}

function consistentEvents(file: string): void {
  const check = new DatabaseSync(file, { readOnly: true });
  try {
    const posts = check.prepare('SELECT count(*) AS n FROM posts').get() as { n: number };
    const events = check.prepare("SELECT count(*) AS n FROM chat_events WHERE type = 'post.created'").get() as { n: number };
    assert.equal(events.n, posts.n, 'every stored post has its live event, and no event lacks its post');
  } finally {
    check.close();
  }
}

function tryMount(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-mount-probe-'));
const canMount = process.platform === 'linux' && tryMount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
if (canMount) execFileSync('umount', [probe]);
fs.rmSync(probe, { recursive: true, force: true });

describe('SQLite storage faults', () => {
  it('a full database (max_page_count) answers 507 storage_full, keeps serving reads, and recovers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-full-'));
    const h = await harness(dir);
    try {
      assert.equal((await h.post('room to spare')).statusCode, 201);
      // SQLite's own size limit stands in for a full disk: no page may be added.
      await sql`vacuum`.execute(h.database.db);
      const pages = Number((await sql<{ n: number }>`select page_count as n from pragma_page_count()`.execute(h.database.db)).rows[0]!.n);
      await sql.raw(`pragma max_page_count = ${pages}`).execute(h.database.db);

      const refused = await fillUp(h, 'filling the last pages with a rather long answer to the question at hand');
      assert.equal(refused.statusCode, 507);
      assert.deepEqual(refused.json(), { error: { code: 'storage_full', message: 'The server’s storage is full, so nothing was saved; an administrator has to free space' } });
      assert.equal((await h.app.inject('/readyz')).statusCode, 200, 'reads still work');
      assert.equal((await h.app.inject({ url: '/chats', headers: { accept: 'text/html' } })).statusCode, 200);
      assert.equal(integrity(h.file), 'ok');
      consistentEvents(h.file);

      await sql.raw(`pragma max_page_count = ${pages * 10}`).execute(h.database.db);
      assert.equal((await h.post('space again')).statusCode, 201, 'writes resume once there is space');
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a read-only database answers 503 storage_read_only and keeps serving reads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-ro-'));
    const h = await harness(dir);
    try {
      // Root ignores file modes, and a file system with open files cannot be
      // remounted read-only, so SQLite's query_only switch makes the refusal.
      await sql`pragma query_only = on`.execute(h.database.db);
      const before = await h.count();
      const refused = await h.post('cannot be written');
      assert.equal(refused.statusCode, 503);
      assert.equal(refused.json().error.code, 'storage_read_only');
      assert.equal(await h.count(), before);
      assert.equal((await h.app.inject('/readyz')).statusCode, 200);
      await sql`pragma query_only = off`.execute(h.database.db);
      assert.equal((await h.post('writable again')).statusCode, 201);
      assert.equal(integrity(h.file), 'ok');
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a read-only data directory stops start-up with a message naming the setting', { skip: canMount ? false : 'needs root and mount --bind' }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-rodir-'));
    const view = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-roview-'));
    try {
      const h = await harness(dir);
      assert.equal((await h.post('written before')).statusCode, 201);
      await h.close();
      execFileSync('mount', ['--bind', dir, view]);
      execFileSync('mount', ['-o', 'remount,bind,ro', view]);
      assert.throws(() => openSqlite(path.join(view, 'musesocial.sqlite')), /MUSESOCIAL_DATA_DIR: cannot open the SQLite database .*musesocial\.sqlite: unable to open database file \(the directory must be writable/);
    } finally {
      // Lazy: the failed open's file handle goes away only when it is collected.
      execFileSync('umount', ['-l', view], { stdio: 'ignore' });
      assert.equal(integrity(path.join(dir, 'musesocial.sqlite')), 'ok');
      fs.rmSync(view, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a data directory on a file system that fills up answers 507, stays intact, and recovers', { skip: canMount ? false : 'needs root and tmpfs (mount -t tmpfs)' }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
    let h: Harness | null = null;
    const filler = path.join(dir, 'filler');
    try {
      h = await harness(dir);
      assert.equal((await h.post('before the disk fills')).statusCode, 201);
      // Leave a little room, then let posts (and the WAL) take the rest.
      const stats = fs.statfsSync(dir);
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, stats.bavail * stats.bsize - 96 * 1024)));
      const refused = await fillUp(h, 'an answer that takes its share of what little space is left on the disk');
      assert.equal(refused.statusCode, 507);
      assert.equal(refused.json().error.code, 'storage_full');
      assert.equal(integrity(h.file), 'ok');
      consistentEvents(h.file);

      fs.rmSync(filler);
      assert.equal((await h.post('after space was freed')).statusCode, 201);
      await h.close();
      h = null;
      assert.equal(integrity(path.join(dir, 'musesocial.sqlite')), 'ok');
    } finally {
      await h?.close();
      execFileSync('umount', [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
