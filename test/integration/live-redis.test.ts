// Two real app processes (`musesocial serve`) on one PostgreSQL database,
// sharing live rooms through Redis: a post made through process A reaches a
// viewer connected to process B.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPostgres, type Database } from '../../src/db/database.ts';
import { POSTGRES_URL } from '../support/databases.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { SseClient } from '../support/sse.ts';

const REDIS_URL = process.env.MUSESOCIAL_TEST_REDIS_URL ?? '';
const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');
const skip = !POSTGRES_URL ? 'no PostgreSQL reachable' : !REDIS_URL ? 'no Redis reachable (MUSESOCIAL_TEST_REDIS_URL)' : false;

function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--no-demo'], { env: { ...process.env, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

describe('live rooms across two processes with Redis', { skip }, () => {
  const schema = `live_${crypto.randomBytes(5).toString('hex')}`;
  const processes: ChildProcess[] = [];
  let admin: Database;
  let database: Database;
  let a: string;
  let b: string;
  let dataDir: string;

  before(async () => {
    admin = openPostgres(POSTGRES_URL, { poolSize: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-live-'));
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL,
      MUSESOCIAL_DATA_DIR: dataDir,
      MUSESOCIAL_SECRET: crypto.randomBytes(24).toString('hex'),
      // The site's address namespaces its Redis channels: unique per run.
      BASE_URL: `http://${schema}.musesocial.test`,
    };
    const first = await startProcess(env); // migrates the schema
    processes.push(first.child);
    const second = await startProcess(env);
    processes.push(second.child);
    a = first.url;
    b = second.url;
    database = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 2 });
  });

  after(async () => {
    for (const child of processes) child.kill('SIGTERM');
    await Promise.all(processes.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)))));
    await database?.close();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a post made through process A to viewers on process B, once and in order', async () => {
    const organizer = await buildUser(database.db, { role: 'organizer' });
    const chat = await buildChat(database.db, organizer, { startsInHours: -0.5 });
    const auth = { ...(await bearerFor(database.db, organizer)), 'content-type': 'application/json' };
    const onB = await SseClient.connect(`${b}/api/v1/chats/${chat.slug}/stream`);
    const onA = await SseClient.connect(`${a}/api/v1/chats/${chat.slug}/stream`);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const post = async (base: string, text: string) => {
        const response = await fetch(`${base}/api/v1/chats/${chat.slug}/posts`, { method: 'POST', headers: auth, body: JSON.stringify({ text }) });
        assert.equal(response.status, 201);
      };
      // Everything posted through A: B's viewer can only learn of it through Redis.
      for (let i = 0; i < 4; i++) await post(a, `post ${i}`);
      const onBEvents = await onB.waitFor(4);
      assert.deepEqual(onBEvents.map((e) => e.id), ['1', '2', '3', '4']);
      // And the other way round.
      await post(b, 'post 4');
      for (const viewer of [onA, onB]) {
        const events = await viewer.waitFor(5);
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(viewer.events.map((e) => e.id), ['1', '2', '3', '4', '5'], 'each once, in order');
        assert.deepEqual(events.map((e) => JSON.parse(e.data).post.text.split(' #')[0]), ['post 0', 'post 1', 'post 2', 'post 3', 'post 4']);
      }
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('counts the viewers of every process in presence events', async () => {
    const organizer = await buildUser(database.db, { role: 'organizer' });
    const chat = await buildChat(database.db, organizer, { startsInHours: -0.5 });
    const stream = (base: string) => SseClient.connect(`${base}/api/v1/chats/${chat.slug}/stream?presence=true`);
    const lastWatching = (client: SseClient) => {
      const presence = client.events.filter((e) => e.event === 'presence');
      return presence.length === 0 ? null : (JSON.parse(presence.at(-1)!.data) as { watching: number }).watching;
    };
    const until = async (what: () => boolean, timeoutMs = 9000) => {
      const deadline = Date.now() + timeoutMs;
      while (!what()) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return true;
    };
    const onA = await stream(a);
    const onB = [await stream(b), await stream(b)];
    try {
      // A learns of B's two viewers at its next refresh (every 5 s at most).
      assert.ok(await until(() => lastWatching(onA) === 3), `A's viewer was told ${lastWatching(onA)}`);
      assert.ok(await until(() => onB.every((client) => lastWatching(client) === 3)), `B's viewers were told ${onB.map(lastWatching)}`);
      onB[1]!.close();
      assert.ok(await until(() => lastWatching(onA) === 2), `after one left, A's viewer was told ${lastWatching(onA)}`);
    } finally {
      onA.close();
      for (const client of onB) client.close();
    }
  });
});
