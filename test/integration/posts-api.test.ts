import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';

for (const target of databaseTargets()) {
  describe(`posts API on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('stores a post with the chat hashtag added and the answer it gives', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const member = await buildUser(db, { handle: 'priya', displayName: 'Priya R' });
      const chat = await buildChat(db, organizer, { hashtags: ['MuseSocial'], startsInHours: -0.5 });
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/chats/${chat.slug}/posts`,
        headers: await bearerFor(db, member),
        payload: { text: 'A1: answering questions before people arrive' },
      });
      assert.equal(response.statusCode, 201, response.body);
      const post = JSON.parse(response.body);
      assert.equal(typeof post.id, 'string');
      assert.equal(post.chat, chat.slug);
      assert.equal(post.text, 'A1: answering questions before people arrive #MuseSocial');
      assert.deepEqual(post.author, { handle: 'priya', displayName: 'Priya R', network: 'local' });
      assert.equal(post.kind, 'original');
      assert.equal(post.answersQuestion, 1);
      assert.deepEqual(post.hashtags, ['musesocial']);
      assert.equal(post.source, null);
      assert.deepEqual(post.counts, { likes: 0, boosts: 0, replies: 0 });
    });

    it('threads replies, counts them, and lets an aside go without the hashtag', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const member = await buildUser(db);
      const chat = await buildChat(db, organizer, { startsInHours: -0.5 });
      const auth = await bearerFor(db, member);
      const first = JSON.parse((await t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: auth, payload: { text: 'A2 museums should listen' } })).body);
      const reply = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: auth, payload: { text: 'agreed', replyTo: first.id, omitHashtags: true } });
      assert.equal(reply.statusCode, 201);
      const replied = JSON.parse(reply.body);
      assert.equal(replied.kind, 'reply');
      assert.equal(replied.replyTo, first.id);
      assert.equal(replied.answersQuestion, 2, 'a reply under an answer belongs to the same question');
      assert.equal(replied.text, 'agreed');

      const page = JSON.parse((await t.app.inject({ url: `/api/v1/chats/${chat.slug}/posts` })).body);
      assert.deepEqual(page.posts.map((p: { id: string }) => p.id), [first.id, replied.id]);
      assert.equal(page.posts[0].counts.replies, 1);
      assert.equal(page.nextCursor, null);
    });

    it('pages through posts in time order', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const chat = await buildChat(db, organizer, { startsInHours: -0.5 });
      const auth = await bearerFor(db, organizer);
      for (let i = 0; i < 5; i++) await t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: auth, payload: { text: `post ${i}` } });
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const url: string = `/api/v1/chats/${chat.slug}/posts?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = JSON.parse((await t.app.inject({ url })).body);
        seen.push(...page.posts.map((p: { text: string }) => p.text.split(' #')[0]));
        cursor = page.nextCursor;
      }
      assert.deepEqual(seen, ['post 0', 'post 1', 'post 2', 'post 3', 'post 4']);
    });

    it('refuses anonymous posts, empty text, over-long text and foreign reply targets', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const chat = await buildChat(db, organizer, { startsInHours: -0.5 });
      const other = await buildChat(db, organizer, { startsInHours: -0.5 });
      const auth = await bearerFor(db, organizer);
      const url = `/api/v1/chats/${chat.slug}/posts`;
      assert.equal((await t.app.inject({ method: 'POST', url, payload: { text: 'hi' } })).statusCode, 401);
      const empty = await t.app.inject({ method: 'POST', url, headers: auth, payload: { text: '   ' } });
      assert.equal(JSON.parse(empty.body).error.field, 'text');
      const long = await t.app.inject({ method: 'POST', url, headers: auth, payload: { text: 'x'.repeat(495) } });
      assert.equal(long.statusCode, 400);
      assert.match(JSON.parse(long.body).error.message, /at most 500 characters including the hashtags/);
      const elsewhere = JSON.parse((await t.app.inject({ method: 'POST', url: `/api/v1/chats/${other.slug}/posts`, headers: auth, payload: { text: 'there' } })).body);
      const foreign = await t.app.inject({ method: 'POST', url, headers: auth, payload: { text: 'reply', replyTo: elsewhere.id } });
      assert.equal(JSON.parse(foreign.body).error.field, 'replyTo');
      const missing = await t.app.inject({ method: 'POST', url, headers: auth, payload: { text: 'reply', replyTo: '999999' } });
      assert.match(JSON.parse(missing.body).error.message, /replyTo: post 999999 does not exist/);
      const posts = JSON.parse((await t.app.inject({ url })).body).posts;
      assert.equal(posts.length, 0, 'nothing stored in this chat');
    });

    it('refuses posts in a draft chat and answers 404 for unknown chats', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const draft = await buildChat(db, organizer, { status: 'draft' });
      const response = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${draft.slug}/posts`, headers: await bearerFor(db, organizer), payload: { text: 'too early' } });
      assert.equal(response.statusCode, 403);
      const unknown = await t.app.inject({ url: '/api/v1/chats/no-such-chat/posts' });
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(Object.keys(JSON.parse(unknown.body).error).sort(), ['code', 'message']);
    });
  });
}
