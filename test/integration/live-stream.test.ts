import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { SseClient } from '../support/sse.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { appendEvent } from '../../src/live/events.repository.ts';

async function listen(database: TestDatabase): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({ config: loadConfig({ BASE_URL: 'http://musesocial.test' }), database, cookieSecret: 'test-secret-that-is-long-enough-000000' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

for (const target of databaseTargets()) {
  describe(`live stream over HTTP on ${target.kind}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let server: { app: FastifyInstance; url: string };
    const clients: SseClient[] = [];
    beforeEach(async () => {
      database = await freshDatabase(target.kind);
      server = await listen(database);
    });
    afterEach(async () => {
      for (const client of clients.splice(0)) client.close();
      await server.app.close();
      await database.dispose();
    });

    async function setup() {
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, { startsInHours: -0.5 });
      const auth = await bearerFor(database.db, organizer);
      const post = async (text: string, base = server.url) => {
        const response = await fetch(`${base}/api/v1/chats/${chat.slug}/posts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
        assert.equal(response.status, 201);
        return (await response.json()) as { id: string; text: string };
      };
      const connect = async (headers: Record<string, string> = {}, base = server.url) => {
        const client = await SseClient.connect(`${base}/api/v1/chats/${chat.slug}/stream`, headers);
        clients.push(client);
        return client;
      };
      return { chat, post, connect };
    }

    it('delivers new posts as events with ids, in order', async () => {
      const { post, connect } = await setup();
      const viewer = await connect();
      assert.equal(viewer.status, 200);
      const sent = [await post('first'), await post('second'), await post('third')];
      const events = await viewer.waitFor(3);
      assert.deepEqual(events.map((e) => e.id), ['1', '2', '3']);
      assert.deepEqual(events.map((e) => e.event), ['post.created', 'post.created', 'post.created']);
      assert.deepEqual(events.map((e) => JSON.parse(e.data).post.id), sent.map((p) => p.id));
      assert.equal(JSON.parse(events[0]!.data).post.text, sent[0]!.text);
    });

    it('resumes after Last-Event-ID with every missed event exactly once', async () => {
      const { post, connect } = await setup();
      const first = await connect();
      await post('one');
      await first.waitFor(1);
      first.close();
      await post('two');
      await post('three');
      const resumed = await connect({ 'last-event-id': '1' });
      await post('four');
      const events = await resumed.waitFor(3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(resumed.events.map((e) => e.id), ['2', '3', '4']);
      assert.deepEqual(events.map((e) => JSON.parse(e.data).post.text.split(' #')[0]), ['two', 'three', 'four']);
    });

    it('fills a gap from the database when a published event was lost', async () => {
      const { chat, post, connect } = await setup();
      const viewer = await connect();
      await post('before');
      await viewer.waitFor(1);
      // An event stored but never published (e.g. the publisher died after commit).
      await database.db.transaction().execute((trx) => appendEvent(trx, chat.id, 'question.pinned', { number: 1 }, Date.now()));
      await post('after');
      const events = await viewer.waitFor(3);
      assert.deepEqual(events.map((e) => [e.id, e.event]), [
        ['1', 'post.created'],
        ['2', 'question.pinned'],
        ['3', 'post.created'],
      ]);
    });

    it('resumes across a server restart', async () => {
      const { chat, post, connect } = await setup();
      const viewer = await connect();
      await post('before restart');
      await viewer.waitFor(1);
      await server.app.close();
      viewer.close();
      server = await listen(database);
      await post('while away');
      const resumed = await connect({ 'last-event-id': '1' });
      const events = await resumed.waitFor(1);
      assert.equal(events[0]!.id, '2');
      assert.match(JSON.parse(events[0]!.data).post.text, /while away/);
      assert.equal(server.app.live.hub.viewerCount(chat.id), 1);
    });

    // A client takes the head as "the stream is open" and may post at once; its post must not fall
    // between the head and the position the stream starts from. On PostgreSQL a lock holds the
    // position's read open, to show that no head goes out meanwhile (SQLite readers cannot be held:
    // stream-connection.test.ts holds the read itself there).
    it('sends the head of a stream without Last-Event-ID only once its position is read', { skip: target.kind !== 'postgres' && 'PostgreSQL only: a lock holds the read open' }, async () => {
      const { post, connect } = await setup();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = database.db.transaction().execute(async (trx) => {
        await sql`lock table chat_event_counters in access exclusive mode`.execute(trx);
        locked();
        await released;
      });
      await isLocked;
      let opened = false;
      const viewer = connect().then((client) => {
        opened = true;
        return client;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const openedWhileLocked = opened;
      release();
      await holder;
      assert.equal(openedWhileLocked, false, 'no head while the position is unknown');
      const client = await viewer;
      const sent = await post('the moment it opened');
      const events = await client.waitFor(1);
      assert.equal(JSON.parse(events[0]!.data).post.id, sent.id);
    });

    it('shares one subscription per chat and drops it when the last viewer leaves', async () => {
      const { chat, connect } = await setup();
      const a = await connect();
      const b = await connect();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(server.app.live.hub.viewerCount(chat.id), 2);
      assert.deepEqual(server.app.live.hub.subscribedChats(), [chat.id]);
      a.close();
      b.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(server.app.live.hub.subscribedChats(), []);
    });

    it('refuses a malformed Last-Event-ID and streams of invisible chats', async () => {
      const { connect } = await setup();
      const bad = await connect({ 'last-event-id': 'abc' });
      assert.equal(bad.status, 400);
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const draft = await buildChat(database.db, organizer, { status: 'draft' });
      const hidden = await SseClient.connect(`${server.url}/api/v1/chats/${draft.slug}/stream`);
      clients.push(hidden);
      assert.equal(hidden.status, 404);
    });

    it('ends open streams when the server shuts down', async () => {
      const { connect } = await setup();
      const viewer = await connect();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await server.app.close();
      assert.ok(Date.now() - started < 2000, 'close does not wait for viewers to leave');
      server = await listen(database);
      viewer.close();
    });
  });
}
