import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { postText, serve, stop, until } from './faults-helpers.ts';
import { PrivatePostgres, privatePostgresSkip } from './faults-private-servers.ts';

/**
 * PostgreSQL stopped and started again under a running `musesocial serve`.
 * The cluster is the test's own (initdb into a temporary directory), so the
 * shared server other tests use is never touched.
 */
describe('PostgreSQL restarted while the app runs', { skip: privatePostgresSkip }, () => {
  it('answers 503 unavailable during the outage, recovers by itself, and loses nothing acknowledged', async (t) => {
    const postgres = await PrivatePostgres.create();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-pgfault-'));
    const setup = openPostgres(postgres.url, { poolSize: 1 });
    await migrateToLatest(setup);
    const organizer = await buildUser(setup.db, { role: 'organizer' });
    const chat = await buildChat(setup.db, organizer, { startsInHours: -0.1 });
    const tokens: Array<Record<string, string>> = [];
    for (let i = 0; i < 5; i++) tokens.push(await bearerFor(setup.db, await buildUser(setup.db)));
    await setup.close();

    const server = serve({ DATABASE_URL: postgres.url, MUSESOCIAL_DATA_DIR: dataDir });
    try {
      const base = await server.url;
      const acknowledged: string[] = [];
      let n = 0;
      const post = async () => {
        const text = `pg restart post ${n}`;
        const answer = await postText(base, chat.slug, tokens[n++ % tokens.length]!, text);
        if (answer.status === 201) acknowledged.push(text);
        return answer;
      };
      for (let i = 0; i < 5; i++) assert.equal((await post()).status, 201);

      await postgres.stop('fast');
      // Every kind of request during the outage: a clear 503 JSON, never a 500 or a hang.
      for (let round = 0; round < 3; round++) {
        for (const [what, answer] of [
          ['post', await post()],
          ['chat list', await get(`${base}/api/v1/chats`)],
          ['chat', await get(`${base}/api/v1/chats/${chat.slug}`)],
          ['readyz', await get(`${base}/readyz`)],
        ] as const) {
          assert.equal(answer.status, 503, `${what} during the outage (round ${round}): ${answer.status} ${answer.body}`);
          assert.equal(JSON.parse(answer.body).error.code, 'unavailable', `${what}: ${answer.body}`);
        }
      }
      assert.equal((await get(`${base}/healthz`)).status, 200, 'the process itself is alive');

      await postgres.start();
      const back = Date.now();
      assert.ok(await until(async () => (await get(`${base}/readyz`)).status === 200, 10_000, 200), 'ready again within 10 s');
      const recoveredMs = Date.now() - back;
      assert.ok(await until(async () => (await post()).status === 201, 5_000, 200), 'posting works again');
      for (let i = 0; i < 3; i++) assert.equal((await post()).status, 201, 'and keeps working');
      assert.equal((await get(`${base}/api/v1/chats/${chat.slug}`)).status, 200);
      assert.ok(recoveredMs < 10_000, `recovered in ${recoveredMs} ms`);
      t.diagnostic(`ready ${recoveredMs} ms after PostgreSQL was back; ${acknowledged.length} posts acknowledged`);

      const check = openPostgres(postgres.url, { poolSize: 1 });
      try {
        const rows = await sql<{ text: string }>`select text from posts where chat_id = ${chat.id}`.execute(check.db);
        const stored = rows.rows.map((r) => r.text.split(' #')[0]!);
        assert.deepEqual(acknowledged.filter((text) => !stored.includes(text)), [], 'every acknowledged post is stored');
        assert.equal(new Set(stored).size, stored.length, 'none twice');
        assert.ok(stored.every((text) => acknowledged.includes(text)), 'and nothing refused was stored');
      } finally {
        await check.close();
      }
    } finally {
      await stop(server, 'SIGTERM');
      await postgres.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function get(url: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}
