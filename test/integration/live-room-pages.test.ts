import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/db/schema.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { SseClient } from '../support/sse.ts';
import { databaseTargets, freshDatabase } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { eventsAfter, lastEventSeq } from '../../src/live/events.repository.ts';

for (const target of databaseTargets()) {
  describe(`live room pages on ${target.kind}`, { skip: target.skip }, () => {
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
      const live = `/chats/${chat.slug}/live`;
      const api = async (user: User | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
        const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: user ? await bearerFor(db, user) : {}, ...(payload ? { payload } : {}) });
        return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
      };
      const post = async (user: User, text: string, extra: object = {}) => {
        const created = await api(user, 'POST', `/chats/${chat.slug}/posts`, { text, ...extra });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        return created.body as { id: string; text: string };
      };
      const page = async (user: User | null, query = '') => {
        const cookie = user ? await sessionCookieFor(db, user) : '';
        const response = await t.app.inject({ method: 'GET', url: `${live}${query}`, headers: { cookie, accept: 'text/html' } });
        return { status: response.statusCode, html: response.body };
      };
      /** Submits a room form as a signed-in browser would: page first (CSRF cookie and token), then the POST. */
      const submit = async (user: User, path: string, fields: Record<string, string> = {}) => {
        const { token, cookie } = await formCsrf(t.app, live, await sessionCookieFor(db, user));
        const body = form({ _csrf: token, ...fields });
        return t.app.inject({ method: 'POST', url: path, headers: { ...body.headers, cookie, accept: 'text/html' }, payload: body.payload });
      };
      const storedPosts = async () => (await api(organizer, 'GET', `/chats/${chat.slug}/posts?limit=200`)).body.posts as Array<{ id: string; text: string; answersQuestion: number | null; replyTo: string | null }>;
      return { db, organizer, host, member, chat, live, api, post, page, submit, storedPosts };
    }

    /** One question section of the page's HTML (sections do not nest). */
    const section = (html: string, key: string) => new RegExp(`<section[^>]*id="${key}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

    it('renders the room grouped by question for anonymous viewers, with threads and the resume position', async () => {
      const r = await room();
      assert.equal((await r.api(r.host, 'POST', `/chats/${r.chat.slug}/questions/1/release`)).status, 200);
      const hello = await r.post(r.member, 'Hello from the Met');
      const answer = await r.post(r.member, 'A1 We answer visitors');
      const reply = await r.post(r.host, 'Good point', { replyTo: answer.id });
      const question = (await r.storedPosts()).find((p) => p.text.startsWith('Q1 '))!;

      const { status, html } = await r.page(null);
      assert.equal(status, 200);
      assert.match(html, /<h1>[^<]*Test chat/);
      assert.match(html, /data-last-event-id="4"/, 'the stream resumes after the last event the page shows');
      assert.equal(await lastEventSeq(r.db, r.chat.id), 4);
      const q1 = section(html, 'q1');
      assert.match(q1, /<span class="room-qnum" data-slot="group-label">Q1<\/span> <span data-slot="question-text">First question\?<\/span>/);
      assert.match(q1, new RegExp(`room-group-head[^>]*><div class="room-item room-item-head" data-post-id="${question.id}"`), 'the question heads its group');
      assert.match(q1, new RegExp(`data-post-id="${answer.id}"[\\s\\S]*?<ol class="room-replies"[^>]*><li class="room-item" data-post-id="${reply.id}"`), 'the reply is threaded under the answer');
      assert.match(section(html, 'other'), new RegExp(`data-post-id="${hello.id}"`));
      assert.doesNotMatch(html, /Second question\?/, 'unreleased questions stay secret');
      assert.doesNotMatch(html, /action="\/chats\/[^"]+\/live\/posts"/, 'no composer for anonymous viewers');
      assert.match(html, /Watching needs no account/);
      assert.doesNotMatch(html, /Host console/);
      assert.match(html, /<script src="\/assets\/build\/live.js" defer><\/script>/);
      assert.match(html, /0 watching/, 'nobody is connected to the stream');
      assert.match(html, /2 have posted/);

      const filtered = await r.page(null, '?q=q1');
      assert.match(filtered.html, /<section class="room-group" id="other"[^>]*hidden[ >]/, 'the filter hides other groups without JavaScript');
      assert.doesNotMatch(/<section[^>]*id="q1"[^>]*>/.exec(filtered.html)?.[0] ?? 'missing', /hidden/);
    });

    it('links the chat page to its room: join while live or about to start, read otherwise', async () => {
      const html = async (slug: string) => (await t.app.inject({ method: 'GET', url: `/chats/${slug}`, headers: { accept: 'text/html' } })).body;
      const live = await room();
      assert.match(await html(live.chat.slug), new RegExp(`<a class="button" href="${live.live}">Join the live room</a>`));
      const soon = await room({ startsInHours: 0.5 });
      assert.match(await html(soon.chat.slug), /Join the live room/);
      const ended = await room({ startsInHours: -5 });
      assert.match(await html(ended.chat.slug), new RegExp(`<a class="button button-secondary" href="${ended.live}">Read the room</a>`));
    });

    it('omits hidden posts for viewers and shows them, marked, to moderators', async () => {
      const r = await room();
      const rude = await r.post(r.member, 'something rude');
      const kind = await r.post(r.member, 'something kind');
      assert.equal((await r.api(r.host, 'POST', `/posts/${rude.id}/hide`)).status, 200);
      const anonymous = (await r.page(null)).html;
      assert.doesNotMatch(anonymous, new RegExp(`data-post-id="${rude.id}"`));
      assert.match(anonymous, new RegExp(`data-post-id="${kind.id}"`));
      assert.match(anonymous, /1 has posted/);
      const moderator = await buildUser(r.db, { role: 'moderator' });
      const moderated = (await r.page(moderator)).html;
      assert.match(moderated, new RegExp(`<article class="room-post room-post-hidden" id="post-${rude.id}"`));
      assert.match(moderated, new RegExp(`formaction="/chats/${r.chat.slug}/live/posts/${rude.id}/unhide"`));
      assert.match(moderated, /<h2 id="moderation-title">Moderation<\/h2>/);
      assert.doesNotMatch(moderated, /Host console/, 'moderators moderate but do not run the questions');
    });

    it('posts through the composer form with CSRF, adding the hashtags the member kept', async () => {
      const r = await room();
      await r.api(r.host, 'POST', `/chats/${r.chat.slug}/questions/1/release`);
      const response = await r.submit(r.member, `${r.live}/posts`, { text: 'A1 Because visitors ask', _tags: '1', tags: 'musesocial' });
      assert.equal(response.statusCode, 303);
      const [question, stored] = await r.storedPosts();
      assert.equal(response.headers.location, `${r.live}#post-${stored!.id}`);
      assert.equal(stored!.text, 'A1 Because visitors ask #musesocial');
      assert.equal(stored!.answersQuestion, 1);
      const events = await eventsAfter(r.db, r.chat.id, 0, 10);
      assert.deepEqual(events.map((e) => e.type), ['question.released', 'post.created']);

      const aside = await r.submit(r.member, `${r.live}/posts`, { text: 'An aside', _tags: '1', replyTo: question!.id });
      assert.equal(aside.statusCode, 303);
      const posts = await r.storedPosts();
      assert.equal(posts[2]!.text, 'An aside', 'the unticked hashtag is left off');
      assert.equal(posts[2]!.replyTo, question!.id);
      assert.equal(posts[2]!.answersQuestion, 1, 'a reply to the question answers it');

      const page = (await r.page(r.member)).html;
      assert.match(page, /<form method="post" action="\/chats\/[^"]+\/live\/posts" data-live-form="compose"/);
      assert.match(page, /<input type="checkbox" name="tags" value="musesocial" checked\/>/);
    });

    it('refuses a forged or missing CSRF token and a form replayed after sign-out, storing nothing', async () => {
      const r = await room();
      const cookie = await sessionCookieFor(r.db, r.member);
      const missing = await t.app.inject({ method: 'POST', url: `${r.live}/posts`, headers: { ...form({}).headers, cookie, accept: 'text/html' }, payload: form({ text: 'no token' }).payload });
      assert.equal(missing.statusCode, 403);
      assert.match(missing.body, /The form expired or did not come from this site/);
      const csrf = await formCsrf(t.app, r.live, cookie);
      const forged = await t.app.inject({ method: 'POST', url: `${r.live}/posts`, headers: { ...form({}).headers, cookie: csrf.cookie, accept: 'text/html' }, payload: form({ _csrf: 'forged', text: 'forged' }).payload });
      assert.equal(forged.statusCode, 403);

      const logout = await t.app.inject({ method: 'POST', url: '/logout', headers: { ...form({}).headers, cookie: csrf.cookie }, payload: form({ _csrf: csrf.token }).payload });
      assert.equal(logout.statusCode, 303);
      const replayed = await t.app.inject({ method: 'POST', url: `${r.live}/posts`, headers: { ...form({}).headers, cookie: csrf.cookie, accept: 'text/html' }, payload: form({ _csrf: csrf.token, text: 'replayed' }).payload });
      assert.equal(replayed.statusCode, 401);
      assert.match(replayed.body, /Sign in to do that/);
      assert.deepEqual(await r.storedPosts(), []);
      assert.deepEqual(await eventsAfter(r.db, r.chat.id, 0, 10), []);
    });

    it('shows refusals next to the composer, keeps the text, and stores nothing', async () => {
      const r = await room();
      const empty = await r.submit(r.member, `${r.live}/posts`, { text: '   ', _tags: '1', tags: 'musesocial' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /<p class="field-error" id="composer-text-error">Your post must not be empty\.<\/p>/);
      assert.match(empty.body, /<textarea id="composer-text" name="text" rows="3" aria-describedby="composer-count composer-text-error" aria-invalid="true">/);

      const long = 'x'.repeat(495);
      const tooLong = await r.submit(r.member, `${r.live}/posts`, { text: long, _tags: '1', tags: 'musesocial' });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /Your post must be at most 500 characters including the hashtags\./);
      assert.match(tooLong.body, new RegExp(`>${long}</textarea>`), 'the text is kept for correction');

      await r.api(r.host, 'POST', `/chats/${r.chat.slug}/mutes`, { handle: r.member.handle });
      const muted = await r.submit(r.member, `${r.live}/posts`, { text: 'can you hear me', _tags: '1', tags: 'musesocial' });
      assert.equal(muted.statusCode, 403);
      assert.match(muted.body, /role="alert">You are muted in this chat\.<\/p>/);
      const banned = await buildUser(r.db, { bannedAt: Date.now() });
      const refused = await r.submit(banned, `${r.live}/posts`, { text: 'banned but trying', _tags: '1', tags: 'musesocial' });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /role="alert">You cannot post in this chat\.<\/p>/, 'shown even though a banned account gets no composer');
      assert.deepEqual(await r.storedPosts(), []);

      const ended = await room({ startsInHours: -5 });
      const late = await ended.submit(ended.member, `${ended.live}/posts`, { text: 'too late', _tags: '1', tags: 'musesocial' });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /This chat has ended; posting is closed\./);
      assert.match(late.body, /<fieldset class="room-compose-fields" disabled>/, 'the composer is closed');
      assert.deepEqual(await ended.storedPosts(), []);
      assert.deepEqual(await eventsAfter(r.db, ended.chat.id, 0, 10), []);
    });

    it('shows the host console to hosts only, and releases and pins through its forms', async () => {
      const r = await room({ questions: [{ text: 'First question?' }, { text: 'Timed question?', offsetMinutes: 45 }] });
      assert.doesNotMatch((await r.page(r.member)).html, /Host console/);
      const console = (await r.page(r.host)).html;
      assert.match(console, /<h2 id="console-title">Host console<\/h2>/);
      assert.match(console, /Release Q1 now/);
      assert.match(console, /Planned for \+45 min/);
      assert.match(console, /Not timed: release it by hand/);

      const refused = await r.submit(r.member, `${r.live}/questions/1/release`);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Only the chat’s hosts, its organizer and admins run the room\./);

      const released = await r.submit(r.host, `${r.live}/questions/1/release`);
      assert.equal(released.statusCode, 303);
      assert.equal(released.headers.location, `${r.live}#q1`);
      const again = await r.submit(r.organizer, `${r.live}/questions/1/release`);
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /Number: Q1 was already released\./);

      assert.equal((await r.submit(r.host, `${r.live}/questions/1/pin`)).statusCode, 303);
      const after = (await r.page(null)).html;
      assert.match(section(after, 'q1'), /Q1 First question\? <a class="post-hashtag" href="\/search\?q=%23musesocial">#musesocial<\/a>/, 'the question, its hashtag a link to the search');
      assert.match(after, /<section class="room-group room-group-pinned" id="q1"/);
      assert.match(after, /<a href="#q1" data-slot="pinned-link">Q1: First question\?<\/a>/);
      assert.match((await r.page(r.host)).html, /Released at/);
      const events = await eventsAfter(r.db, r.chat.id, 0, 10);
      assert.deepEqual(events.map((e) => e.type), ['question.released', 'question.pinned']);
    });

    it('lets moderators hide, mute and set slow mode through forms, and refuses members', async () => {
      const r = await room();
      const moderator = await buildUser(r.db, { role: 'moderator' });
      const rude = await r.post(r.member, 'something rude');
      const refused = await r.submit(r.member, `${r.live}/posts/${rude.id}/hide`);
      assert.equal(refused.statusCode, 403);
      assert.equal(((await r.page(null)).html.match(new RegExp(`data-post-id="${rude.id}"`)) ?? []).length, 1);

      assert.equal((await r.submit(moderator, `${r.live}/posts/${rude.id}/hide`)).statusCode, 303);
      assert.doesNotMatch((await r.page(null)).html, new RegExp(`data-post-id="${rude.id}"`));
      assert.equal((await r.submit(moderator, `${r.live}/mutes/${r.member.handle}`)).statusCode, 303);
      assert.match((await r.page(moderator)).html, new RegExp(`<li data-handle="${r.member.handle}">`));
      assert.match((await r.page(r.member)).html, /You are muted in this chat/);

      const bad = await r.submit(moderator, `${r.live}/slow-mode`, { seconds: 'soon' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Seconds: slow mode must be a whole number of seconds from 0 to 3600\./);
      assert.equal((await r.submit(moderator, `${r.live}/slow-mode`, { seconds: '30' })).statusCode, 303);
      assert.match((await r.page(r.member)).html, /Slow mode: one post every 30 seconds per person\./);
    });

    it('lets members like, boost, edit and delete their own posts through forms', async () => {
      const r = await room();
      const mine = await r.post(r.member, 'A1 tpyo');
      const theirs = await r.post(r.host, 'worth sharing');
      assert.equal((await r.submit(r.member, `${r.live}/posts/${theirs.id}/like`)).statusCode, 303);
      assert.equal((await r.submit(r.member, `${r.live}/posts/${theirs.id}/boost`)).statusCode, 303);
      const page = (await r.page(r.member)).html;
      assert.match(page, new RegExp(`formaction="/chats/${r.chat.slug}/live/posts/${theirs.id}/unlike" data-live-action="like" data-not-for-boost aria-pressed="true"`));
      assert.match(section(page, 'other'), /Boosted a post by @/);
      assert.match(page, new RegExp(`href="/chats/${r.chat.slug}/live\\?edit=${mine.id}#post-${mine.id}"`), 'own posts can be edited');

      const editPage = (await r.page(r.member, `?edit=${mine.id}`)).html;
      assert.match(editPage, new RegExp(`<form method="post" action="/chats/${r.chat.slug}/live/posts/${mine.id}/edit"`));
      const empty = await r.submit(r.member, `${r.live}/posts/${mine.id}/edit`, { text: ' ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Your post must not be empty\./);
      assert.equal((await r.submit(r.member, `${r.live}/posts/${mine.id}/edit`, { text: 'A1 typo' })).statusCode, 303);
      assert.equal((await r.storedPosts())[0]!.text, 'A1 typo #musesocial');

      const notMine = await r.submit(r.member, `${r.live}/posts/${theirs.id}/delete`);
      assert.equal(notMine.statusCode, 403);
      assert.equal((await r.submit(r.member, `${r.live}/posts/${mine.id}/delete`)).statusCode, 303);
      assert.deepEqual((await r.storedPosts()).map((p) => p.id).includes(mine.id), false);
    });
  });
}

for (const target of databaseTargets()) {
  describe(`room presence over the stream on ${target.kind}`, { skip: target.skip }, () => {
    it('tells viewers who ask how many watch, repeating the last stored id, and nobody else', async () => {
      const database = await freshDatabase(target.kind);
      const app = await buildApp({ config: loadConfig({ BASE_URL: 'http://musesocial.test' }), database, cookieSecret: 'test-secret-that-is-long-enough-000000' });
      const clients: SseClient[] = [];
      try {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const address = app.server.address();
        const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        const organizer = await buildUser(database.db, { role: 'organizer' });
        const chat = await buildChat(database.db, organizer, { startsInHours: -0.5 });
        const posted = await app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: await bearerFor(database.db, organizer), payload: { text: 'first' } });
        assert.equal(posted.statusCode, 201);
        const connect = async (query: string) => {
          const client = await SseClient.connect(`${base}/api/v1/chats/${chat.slug}/stream${query}`);
          clients.push(client);
          return client;
        };
        const watcher = await connect('?presence=true');
        assert.deepEqual(await watcher.waitFor(1), [{ id: '1', event: 'presence', data: '{"watching":1}' }], 'not stored: the id stays at the last stored event');
        const quiet = await connect('');
        await watcher.waitFor(2);
        assert.equal(watcher.events[1]!.data, '{"watching":2}');
        quiet.close();
        await watcher.waitFor(3);
        assert.equal(watcher.events[2]!.data, '{"watching":1}');
        assert.deepEqual(quiet.events, [], 'plain stream readers get stored events only');
        assert.deepEqual(await eventsAfter(database.db, chat.id, 0, 10).then((events) => events.map((e) => e.type)), ['post.created']);
      } finally {
        for (const client of clients) client.close();
        await app.close();
        await database.dispose();
      }
    });
  });
}
