import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { POSTGRES_URL } from '../support/databases.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { SseClient } from '../support/sse.ts';
import { postText, serve, sleep, stop, until } from './faults-helpers.ts';
import { PrivateRedis, privateRedisSkip } from './faults-private-servers.ts';

/**
 * Redis gone in multi-node mode: two real `musesocial serve` processes on
 * one PostgreSQL schema share live rooms through a Redis of the test's own,
 * which the test kills and starts again on the same port.
 */
const skip = !POSTGRES_URL ? 'no PostgreSQL reachable (set MUSESOCIAL_TEST_POSTGRES_URL)' : privateRedisSkip;

describe('Redis unavailable in multi-node mode', { skip }, () => {
  it('keeps serving on each process, lets remote viewers catch up, and resumes cross-process delivery when Redis returns', async (t) => {
    const schema = `faults_${crypto.randomBytes(5).toString('hex')}`;
    const admin = openPostgres(POSTGRES_URL, { poolSize: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    const database = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 2 });
    await migrateToLatest(database);
    const organizer = await buildUser(database.db, { role: 'organizer' });
    const chat = await buildChat(database.db, organizer, { startsInHours: -0.1 });
    const tokens: Array<Record<string, string>> = [];
    for (let i = 0; i < 4; i++) tokens.push(await bearerFor(database.db, await buildUser(database.db)));

    const redis = await PrivateRedis.create();
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-redisfault-'));
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redis.url,
      MUSESOCIAL_DATA_DIR: dataDir,
      MUSESOCIAL_SECRET: crypto.randomBytes(24).toString('hex'),
      BASE_URL: `http://${schema}.musesocial.test`,
    };
    const processA = serve(env);
    const processB = serve(env);
    const clients: SseClient[] = [];
    const stream = async (base: string, headers: Record<string, string> = {}) => {
      const client = await SseClient.connect(`${base}/api/v1/chats/${chat.slug}/stream`, headers);
      clients.push(client);
      return client;
    };
    const ids = (client: SseClient) => client.events.filter((e) => e.id !== null).map((e) => Number(e.id));
    const upTo = (n: number) => Array.from({ length: n }, (_, k) => k + 1);
    let n = 0;
    const post = async (base: string) => {
      const answer = await postText(base, chat.slug, tokens[n % tokens.length]!, `redis fault post ${n++}`);
      assert.equal(answer.status, 201, `posting answers 201: ${answer.body}`);
    };
    try {
      const [a, b] = [await processA.url, await processB.url];
      const onA = await stream(a);
      const onB = await stream(b);
      await sleep(300);

      await post(a);
      await post(b);
      assert.ok(await until(() => ids(onA).length >= 2 && ids(onB).length >= 2, 5000), 'cross-process delivery works with Redis');

      await redis.kill();
      await sleep(300);
      // Each process keeps serving: posts are accepted, its own viewers see them at once.
      for (let i = 0; i < 3; i++) await post(a);
      assert.ok(await until(() => ids(onA).length >= 5, 5000), `A's viewer got A's posts without Redis: ${ids(onA)}`);
      assert.equal((await fetch(`${b}/api/v1/chats/${chat.slug}`)).status, 200, 'B serves reads');
      await post(b);
      assert.ok(await until(() => ids(onB).includes(6), 5000), `B's viewer got B's post without Redis: ${ids(onB)}`);
      // A viewer on B that reconnects (as EventSource does) catches up from the database.
      const lastOnB = String(ids(onB).filter((id) => id <= 2).at(-1));
      const resumedOnB = await stream(b, { 'last-event-id': lastOnB });
      assert.ok(await until(() => ids(resumedOnB).length >= 4, 5000), `the reconnecting viewer caught up: ${ids(resumedOnB)}`);
      assert.deepEqual(ids(resumedOnB), [3, 4, 5, 6], 'every missed event once, in order');
      t.diagnostic(`during the outage: A's viewer had ${ids(onA)}, B's viewer ${ids(onB)}`);

      await redis.start();
      const back = Date.now();
      // Cross-process delivery resumes once both processes have reconnected.
      const fresh = await stream(b);
      let delivered = false;
      while (!delivered && Date.now() - back < 15_000) {
        const before = ids(fresh).length;
        await post(a);
        delivered = await until(() => ids(fresh).length > before, 1000);
      }
      assert.ok(delivered, 'a post through A reaches a viewer on B again within 15 s of Redis returning');
      t.diagnostic(`cross-process delivery back ${Date.now() - back} ms after Redis`);
      const total = (await sql<{ n: number }>`select max(seq) as n from chat_events where chat_id = ${chat.id}`.execute(database.db)).rows[0]!.n;
      // Viewers that stayed connected through the outage end with every event once, in order.
      for (const [name, viewer] of [['A', onA], ['B', onB], ['B (resumed)', resumedOnB]] as const) {
        await until(() => (ids(viewer).at(-1) ?? 0) >= total, 5000);
        const expected = name === 'B (resumed)' ? upTo(total).slice(Number(lastOnB)) : upTo(total);
        assert.deepEqual(ids(viewer), expected, `${name}'s viewer has every event once, in order`);
      }
    } finally {
      for (const client of clients) client.close();
      await Promise.all([stop(processA, 'SIGTERM'), stop(processB, 'SIGTERM')]);
      await redis.kill();
      await database.close();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
