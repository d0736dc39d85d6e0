// Events stored by another program on the same database (the CLI's
// `forget`, or another app process while Redis was down) never come through
// this process's pub/sub. The stored-event watch finds them within a couple
// of rounds and delivers them to viewers over the real stream, in order,
// once, without any later event to reveal the gap.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { SseClient } from '../support/sse.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { appendEvent } from '../../src/live/events.repository.ts';
import { WATCH_INTERVAL_MS } from '../../src/live/stored-event-watch.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const target of databaseTargets()) {
  describe(`stored-event watch on ${target.kind}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let url = '';
    const clients: SseClient[] = [];
    beforeEach(async () => {
      database = await freshDatabase(target.kind);
      app = await buildApp({ config: loadConfig({ BASE_URL: 'http://musesocial.test' }), database, cookieSecret: 'test-secret-that-is-long-enough-000000' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterEach(async () => {
      for (const client of clients.splice(0)) client.close();
      await app.close();
      await database.dispose();
    });

    /** What another program does: store an event in its own transaction, with nobody to publish it. */
    const storeBehindTheServersBack = (chatId: number, postId: string) =>
      database.db.transaction().execute((trx) => appendEvent(trx, chatId, 'post.deleted', { postId, removed: true }, Date.now()));

    it('delivers events another program stored, after events that came through pub/sub', async () => {
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, { startsInHours: -0.5 });
      const auth = await bearerFor(database.db, organizer);
      // From the first event on: a viewer that starts "from now" may begin just after the post below
      // when the machine is busy (its position is read as it subscribes), and this test is about what follows.
      const viewer = await SseClient.connect(`${url}/api/v1/chats/${chat.slug}/stream`, { 'last-event-id': '0' });
      clients.push(viewer);
      const response = await fetch(`${url}/api/v1/chats/${chat.slug}/posts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'published the usual way' }) });
      assert.equal(response.status, 201);
      const { id } = (await response.json()) as { id: string };
      await viewer.waitFor(1);

      await storeBehindTheServersBack(chat.id, id);
      await storeBehindTheServersBack(chat.id, id);
      const events = await viewer.waitFor(3, 3 * WATCH_INTERVAL_MS + 2000);
      assert.deepEqual(events.map((e) => [e.id, e.event]), [['1', 'post.created'], ['2', 'post.deleted'], ['3', 'post.deleted']]);
      await sleep(WATCH_INTERVAL_MS + 500);
      assert.equal(viewer.events.length, 3, 'nothing delivered twice');
    });

    it('delivers them in a room where nothing was published yet, once the watch has seen the room', async () => {
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, { startsInHours: -0.5 });
      const viewer = await SseClient.connect(`${url}/api/v1/chats/${chat.slug}/stream`);
      clients.push(viewer);
      await sleep(WATCH_INTERVAL_MS + 500);
      await storeBehindTheServersBack(chat.id, '42');
      const events = await viewer.waitFor(1, 3 * WATCH_INTERVAL_MS + 2000);
      assert.deepEqual(events.map((e) => [e.id, e.event, e.data]), [['1', 'post.deleted', '{"postId":"42","removed":true}']]);
    });
  });
}
