import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { releaseDueQuestions } from '../../src/live/questions.service.ts';
import { eventsAfter } from '../../src/live/events.repository.ts';

for (const target of databaseTargets()) {
  describe(`live room rules on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    async function room(overrides: Parameters<typeof buildChat>[2] = {}) {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const host = await buildUser(db);
      const member = await buildUser(db);
      const chat = await buildChat(db, organizer, { startsInHours: -0.5, hosts: [host.handle], hashtags: ['musesocial'], ...overrides });
      const as = async (user: typeof member) => ({ ...(await bearerFor(db, user)) });
      const api = async (user: typeof member | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
        const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: user ? await as(user) : {}, ...(payload ? { payload } : {}) });
        return { status: response.statusCode, headers: response.headers, body: response.body ? JSON.parse(response.body) : null };
      };
      const post = (user: typeof member, text: string, extra: object = {}) => api(user, 'POST', `/chats/${chat.slug}/posts`, { text, ...extra });
      return { db, organizer, host, member, chat, api, post };
    }

    it('refuses posts outside the live window unless early/late posts are allowed', async () => {
      const future = await room({ startsInHours: 2 });
      const early = await future.post(future.member, 'too early');
      assert.equal(early.status, 409);
      assert.equal(early.body.error.code, 'chat_not_live');
      const allowed = await future.api(future.organizer, 'PATCH', `/chats/${future.chat.slug}`, { allowEarlyPosts: true });
      assert.equal(allowed.body.allowEarlyPosts, true);
      assert.equal((await future.post(future.member, 'now allowed')).status, 201);

      const past = await room({ startsInHours: -5 });
      const late = await past.post(past.member, 'too late');
      assert.equal(late.status, 409);
      assert.match(late.body.error.message, /has ended/);
    });

    it('lets hosts open and close the room', async () => {
      const r = await room({ startsInHours: 2 });
      assert.equal((await r.api(r.member, 'POST', `/chats/${r.chat.slug}/open`)).status, 403);
      const opened = await r.api(r.host, 'POST', `/chats/${r.chat.slug}/open`);
      assert.equal(opened.status, 200);
      assert.deepEqual(opened.body.events.map((e: { type: string }) => e.type), ['chat.status']);
      assert.equal((await r.post(r.member, 'we are live')).status, 201);
      await r.api(r.host, 'POST', `/chats/${r.chat.slug}/close`);
      assert.equal((await r.post(r.member, 'after close')).status, 409);
      assert.equal((await r.api(null, 'GET', `/chats/${r.chat.slug}`)).body.status, 'ended');
    });

    it('releases questions once, by hosts only, and threads answers under them', async () => {
      const r = await room();
      assert.equal((await r.api(r.member, 'POST', `/chats/${r.chat.slug}/questions/1/release`)).status, 403);
      const released = await r.api(r.host, 'POST', `/chats/${r.chat.slug}/questions/1/release`);
      assert.equal(released.status, 200, JSON.stringify(released.body));
      assert.equal((await r.api(r.organizer, 'POST', `/chats/${r.chat.slug}/questions/1/release`)).status, 409, 'no double release');
      assert.equal((await r.api(r.host, 'POST', `/chats/${r.chat.slug}/questions/9/release`)).status, 404);

      const posts = (await r.api(null, 'GET', `/chats/${r.chat.slug}/posts`)).body.posts;
      const question = posts.find((p: { questionNumber: number | null }) => p.questionNumber === 1);
      assert.equal(question.text, 'Q1 First question? #musesocial');
      const reply = await r.post(r.member, 'because it matters', { replyTo: question.id });
      assert.equal(reply.body.answersQuestion, 1);
      const typed = await r.post(r.member, 'a1) typed answer');
      assert.equal(typed.body.answersQuestion, 1);
      const chat = (await r.api(null, 'GET', `/chats/${r.chat.slug}`)).body;
      assert.ok(chat.questions[0].releasedAt);
      const events = await eventsAfter(r.db, r.chat.id, 0, 10);
      assert.deepEqual(events.map((e) => e.type), ['question.released', 'post.created', 'post.created']);
    });

    it('releases questions on their planned offsets', async () => {
      const r = await room({ questions: [{ text: 'Due already', offsetMinutes: 10 }, { text: 'Later', offsetMinutes: 50 }] });
      const events = await releaseDueQuestions(r.db);
      assert.deepEqual(events.map((e) => e.type), ['question.released']);
      assert.deepEqual(await releaseDueQuestions(r.db), [], 'nothing twice');
    });

    it('lets moderators and hosts hide posts, which then vanish for everyone', async () => {
      const r = await room();
      const outsider = await buildUser(r.db, { role: 'organizer' });
      await buildChat(r.db, outsider, { startsInHours: -0.5 });
      const moderator = await buildUser(r.db, { role: 'moderator' });
      const posted = await r.post(r.member, 'something rude');
      assert.equal((await r.api(r.member, 'POST', `/posts/${posted.body.id}/hide`)).status, 403);
      assert.equal((await r.api(outsider, 'POST', `/posts/${posted.body.id}/hide`)).status, 403, 'organizer of another chat');
      const hidden = await r.api(moderator, 'POST', `/posts/${posted.body.id}/hide`);
      assert.deepEqual(hidden.body.events.map((e: { type: string }) => e.type), ['post.hidden']);
      assert.equal((await r.api(null, 'GET', `/chats/${r.chat.slug}/posts`)).body.posts.length, 0);
      assert.equal((await r.api(r.host, 'GET', `/chats/${r.chat.slug}/posts`)).body.posts.length, 1, 'hosts still see it to unhide');
      await r.api(r.host, 'POST', `/posts/${posted.body.id}/unhide`);
      assert.equal((await r.api(null, 'GET', `/chats/${r.chat.slug}/posts`)).body.posts.length, 1);

      const log = await r.api(r.host, 'GET', `/chats/${r.chat.slug}/moderation-log`);
      assert.deepEqual(log.body.actions.map((a: { action: string; actor: string }) => [a.action, a.actor]), [
        ['unhide', r.host.handle],
        ['hide', moderator.handle],
      ]);
      assert.equal((await r.api(r.member, 'GET', `/chats/${r.chat.slug}/moderation-log`)).status, 403);
    });

    it('mutes an account in one chat and bans it from the server', async () => {
      const r = await room();
      assert.equal((await r.api(r.host, 'POST', `/chats/${r.chat.slug}/mutes`, { handle: r.member.handle })).status, 200);
      const muted = await r.post(r.member, 'can you hear me');
      assert.equal(muted.status, 403);
      assert.equal(muted.body.error.code, 'muted');
      await r.api(r.host, 'DELETE', `/chats/${r.chat.slug}/mutes/${r.member.handle}`);
      assert.equal((await r.post(r.member, 'back again')).status, 201);

      assert.equal((await r.api(r.host, 'POST', `/users/${r.member.handle}/ban`)).status, 403, 'hosts cannot ban server-wide');
      const moderator = await buildUser(r.db, { role: 'moderator' });
      assert.equal((await r.api(moderator, 'POST', `/users/${r.member.handle}/ban`)).status, 200);
      assert.equal((await r.post(r.member, 'banned now')).status, 403);
    });

    it('enforces slow mode and the per-account rate limit', async () => {
      const r = await room();
      assert.equal((await r.api(r.member, 'PUT', `/chats/${r.chat.slug}/slow-mode`, { seconds: 30 })).status, 403);
      await r.api(r.host, 'PUT', `/chats/${r.chat.slug}/slow-mode`, { seconds: 30 });
      assert.equal((await r.post(r.member, 'first')).status, 201);
      const second = await r.post(r.member, 'second');
      assert.equal(second.status, 429);
      assert.equal(second.body.error.code, 'slow_mode');
      assert.ok(Number(second.headers['retry-after']) > 25, 'Retry-After says when');
      await r.api(r.host, 'PUT', `/chats/${r.chat.slug}/slow-mode`, { seconds: 0 });

      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await r.post(r.host, `burst ${i}`)).status);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(201));
      assert.equal(statuses[10], 429);
    });

    it('lets authors edit within five minutes and delete their own posts', async () => {
      const r = await room();
      const mine = await r.post(r.member, 'A1 tpyo');
      const edited = await r.api(r.member, 'PATCH', `/posts/${mine.body.id}`, { text: 'A1 typo fixed' });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.text, 'A1 typo fixed #musesocial');
      assert.ok(edited.body.editedAt);
      assert.equal((await r.api(r.host, 'PATCH', `/posts/${mine.body.id}`, { text: 'not yours' })).status, 403);
      await r.db.updateTable('posts').set({ createdAt: Date.now() - 6 * 60_000 }).where('id', '=', Number(mine.body.id)).execute();
      assert.equal((await r.api(r.member, 'PATCH', `/posts/${mine.body.id}`, { text: 'too late' })).status, 403);
      assert.equal((await r.api(r.host, 'DELETE', `/posts/${mine.body.id}`)).status, 403);
      assert.equal((await r.api(r.member, 'DELETE', `/posts/${mine.body.id}`)).status, 200);
      assert.equal((await r.api(null, 'GET', `/chats/${r.chat.slug}/posts`)).body.posts.length, 0);
    });

    it('counts likes and boosts, one per account', async () => {
      const r = await room();
      const original = await r.post(r.host, 'worth sharing');
      const liked = await r.api(r.member, 'POST', `/posts/${original.body.id}/like`);
      assert.equal(liked.body.counts.likes, 1);
      assert.equal((await r.api(r.member, 'POST', `/posts/${original.body.id}/like`)).body.counts.likes, 1, 'idempotent');
      const boost = await r.api(r.member, 'POST', `/posts/${original.body.id}/boost`);
      assert.equal(boost.status, 201);
      assert.equal(boost.body.kind, 'boost');
      assert.equal(boost.body.boostOf, original.body.id);
      assert.equal((await r.api(r.member, 'POST', `/posts/${original.body.id}/boost`)).status, 409);
      const posts = (await r.api(null, 'GET', `/chats/${r.chat.slug}/posts`)).body.posts;
      assert.deepEqual(posts[0].counts, { likes: 1, boosts: 1, replies: 0 });
      assert.equal((await r.api(r.member, 'DELETE', `/posts/${original.body.id}/like`)).body.counts.likes, 0);
      await r.api(r.member, 'DELETE', `/posts/${boost.body.id}`);
      assert.equal((await r.api(null, 'GET', `/chats/${r.chat.slug}/posts`)).body.posts[0].counts.boosts, 0);
    });
  });
}
