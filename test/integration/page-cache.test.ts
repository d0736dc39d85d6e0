import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { pageCache } from '../../src/http/page-cache.ts';
import type { User } from '../../src/db/schema.ts';

/**
 * The page cache over real HTTP (a listening server and fetch): public
 * pages are shared between visitors without cookies for their lifetime and
 * rendered anew after it; members, cookies and forms are never shared.
 * SQLite only: the cache lives in the process, not in the database.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('page cache on the app', () => {
  let t: TestApp;
  let base: string;
  let slug: string;
  let chatId: number;
  let member: User;
  let memberCookie: string;
  const setTitle = (title: string) => t.database.db.updateTable('chats').set({ title }).where('id', '=', chatId).execute();
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { accept: 'text/html', ...headers } });

  before(async () => {
    // Half a second keeps the test short; the anonymous read limit stays on to show its headers are per request.
    t = await buildTestApp('sqlite', { PAGE_CACHE_SECONDS: '0.5' });
    const organizer = await buildUser(t.database.db, { role: 'organizer' });
    const chat = await buildChat(t.database.db, organizer, { title: 'First title' });
    ((slug = chat.slug), (chatId = chat.id));
    member = await buildUser(t.database.db, { handle: 'cached_member' });
    memberCookie = await sessionCookieFor(t.database.db, member);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => t.close());

  it('serves a public page again within its lifetime, then renders it anew', async () => {
    await setTitle('First title');
    await sleep(600);
    const first = await get(`/chats/${slug}/transcript`);
    const firstBody = await first.text();
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-page-cache'), 'miss');
    assert.match(firstBody, /First title/);

    await setTitle('Second title');
    const again = await get(`/chats/${slug}/transcript`);
    assert.equal(again.headers.get('x-page-cache'), 'hit');
    assert.equal(await again.text(), firstBody, 'the stored page, unchanged, within its lifetime');
    assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
    assert.ok(again.headers.get('content-security-policy'), 'security headers are set on hits too');
    assert.notEqual(again.headers.get('x-request-id'), first.headers.get('x-request-id'), 'a request id of its own');
    assert.equal(Number(again.headers.get('x-ratelimit-remaining')), Number(first.headers.get('x-ratelimit-remaining')) - 1, 'hits count against the read limit');

    await sleep(600);
    const stale = await get(`/chats/${slug}/transcript`);
    assert.equal(stale.headers.get('x-page-cache'), 'stale');
    assert.equal(await stale.text(), firstBody, 'past its lifetime, the stored page is served while it is rendered anew');
    await sleep(300);
    const later = await get(`/chats/${slug}/transcript`);
    assert.equal(later.headers.get('x-page-cache'), 'hit');
    assert.match(await later.text(), /Second title/, 'the background render replaced it');
    assert.equal(Number(later.headers.get('x-ratelimit-remaining')), Number(stale.headers.get('x-ratelimit-remaining')) - 1, 'the background render is not counted against the visitor');

    await setTitle('Third title');
    await sleep(2600);
    const cold = await get(`/chats/${slug}/transcript`);
    assert.equal(cold.headers.get('x-page-cache'), 'miss', 'past lifetime + stale time, a page is rendered for its reader');
    assert.match(await cold.text(), /Third title/);
  });

  it('answers If-None-Match with 304 while the page is stored', async () => {
    const first = await get('/calendar.ics', { accept: 'text/calendar' });
    const etag = first.headers.get('etag');
    assert.ok(etag, 'an ETag on the stored page');
    const again = await get('/calendar.ics', { accept: 'text/calendar', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const other = await get('/calendar.ics', { accept: 'text/calendar', 'if-none-match': '"something-else"' });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('x-page-cache'), 'hit');
  });

  it('never serves a stored page to a member, and never stores a member\'s page', async () => {
    await setTitle('Member title');
    await sleep(600);
    // The member asks first: their page (with their handle) must not become the guests' page.
    const mine = await get(`/chats/${slug}`, { cookie: memberCookie });
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('x-page-cache'), null);
    assert.match(await mine.text(), /@cached_member/);
    const guest = await get(`/chats/${slug}`);
    assert.equal(guest.headers.get('x-page-cache'), 'miss');
    assert.doesNotMatch(await guest.text(), /cached_member/);

    // A guest's page is stored; the member still gets their own, current page.
    await setTitle('Changed title');
    assert.equal((await get(`/chats/${slug}`)).headers.get('x-page-cache'), 'hit');
    const mineAgain = await get(`/chats/${slug}`, { cookie: memberCookie });
    const mineBody = await mineAgain.text();
    assert.equal(mineAgain.headers.get('x-page-cache'), null);
    assert.match(mineBody, /Changed title/);
    assert.match(mineBody, /@cached_member/);
  });

  it('leaves anyone with a cookie or a token out of the cache', async () => {
    await get('/chats');
    assert.equal((await get('/chats')).headers.get('x-page-cache'), 'hit');
    assert.equal((await get('/chats', { cookie: 'theme=dark' })).headers.get('x-page-cache'), null);
    const token = await get('/chats', { authorization: 'Bearer not-a-token' });
    assert.equal(token.status, 401);
  });

  it('never shares a page with a form: its CSRF cookie makes it the visitor\'s own', async () => {
    // /login is not a cached route at all; a cached route rendering a form is covered below on a bare app.
    const a = await get('/login');
    const b = await get('/login');
    assert.equal(a.headers.get('x-page-cache'), null);
    assert.notEqual(/name="_csrf" value="([^"]+)"/.exec(await a.text())?.[1], /name="_csrf" value="([^"]+)"/.exec(await b.text())?.[1]);
    const transcript = await get(`/chats/${slug}/transcript`);
    assert.equal(transcript.headers.get('set-cookie'), null, 'a page without a form sets no cookie');
  });
});

describe('page cache rules on a bare app', () => {
  let app: FastifyInstance;
  let base: string;
  const renders: Record<string, number> = {};
  const count = (name: string) => (renders[name] = (renders[name] ?? 0) + 1);

  before(async () => {
    app = Fastify();
    app.decorateRequest('user', null);
    await app.register(pageCache, { ttlMs: 60_000, routes: new Set(['/vary', '/cookie', '/private', '/slow', '/status', '/star']) });
    app.get('/vary', async (request, reply) => {
      count('vary');
      return reply.header('vary', 'Accept-Language').type('text/plain').send(`language ${request.headers['accept-language'] ?? 'none'}`);
    });
    app.get('/cookie', async (_request, reply) => {
      count('cookie');
      return reply.header('set-cookie', `_csrf=${renders.cookie}; Path=/`).type('text/html').send(`<form>${renders.cookie}</form>`);
    });
    app.get('/private', async (_request, reply) => {
      count('private');
      return reply.header('cache-control', 'private, no-store').type('text/plain').send(`private ${renders.private}`);
    });
    app.get('/star', async (_request, reply) => {
      count('star');
      return reply.header('vary', '*').type('text/plain').send(`star ${renders.star}`);
    });
    app.get('/status', async (_request, reply) => {
      count('status');
      return reply.code(404).type('text/plain').send(`missing ${renders.status}`);
    });
    app.get('/slow', async (_request, reply) => {
      count('slow');
      await sleep(200);
      return reply.type('text/plain').send(`slow ${renders.slow}`);
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => app.close());

  const text = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers });
    return { body: await response.text(), cache: response.headers.get('x-page-cache'), status: response.status };
  };

  it('keeps one page per value of the headers named in Vary', async () => {
    assert.deepEqual(await text('/vary', { 'accept-language': 'en' }), { body: 'language en', cache: 'miss', status: 200 });
    assert.deepEqual(await text('/vary', { 'accept-language': 'fr' }), { body: 'language fr', cache: 'miss', status: 200 });
    assert.deepEqual(await text('/vary', { 'accept-language': 'en' }), { body: 'language en', cache: 'hit', status: 200 });
    assert.deepEqual(await text('/vary', { 'accept-language': 'fr' }), { body: 'language fr', cache: 'hit', status: 200 });
    assert.equal(renders.vary, 2);
    assert.equal((await text('/star')).body, 'star 1');
    assert.equal((await text('/star')).body, 'star 2', 'Vary: * is never stored');
  });

  it('never stores answers that set a cookie, are private, or are not 200', async () => {
    assert.equal((await text('/cookie')).body, '<form>1</form>');
    assert.equal((await text('/cookie')).body, '<form>2</form>');
    assert.equal((await text('/private')).body, 'private 1');
    assert.equal((await text('/private')).body, 'private 2');
    assert.equal((await text('/status')).body, 'missing 1');
    assert.equal((await text('/status')).body, 'missing 2');
  });

  it('serves a burst past the lifetime the stale page at once, and renders it once in the background', async () => {
    const quick = Fastify();
    quick.decorateRequest('user', null);
    let rendered = 0;
    await quick.register(pageCache, { ttlMs: 300, staleMs: 5000, routes: new Set(['/render']) });
    quick.get('/render', async (_request, reply) => {
      rendered += 1;
      // Long enough that the whole burst arrives during the background render, even on a busy machine.
      await sleep(1000);
      return reply.type('text/plain').send(`render ${rendered}`);
    });
    const origin = await quick.listen({ port: 0, host: '127.0.0.1' });
    try {
      const ask = async () => {
        const response = await fetch(`${origin}/render`);
        return { body: await response.text(), cache: response.headers.get('x-page-cache') };
      };
      assert.deepEqual(await ask(), { body: 'render 1', cache: 'miss' });
      await sleep(350);
      const burst = await Promise.all(Array.from({ length: 20 }, ask));
      // Stale answers: nobody waited for the render under way (a waiter would get `hit render 2`).
      assert.deepEqual(new Set(burst.map((a) => `${a.cache} ${a.body}`)), new Set(['stale render 1']));
      await sleep(1200);
      assert.equal(rendered, 2, 'one background render for the whole burst');
      assert.deepEqual(await ask(), { body: 'render 2', cache: 'hit' });
    } finally {
      await quick.close();
    }
  });

  it('renders a page once for a burst of readers asking at the same time', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => text('/slow')));
    assert.equal(renders.slow, 1);
    assert.deepEqual(new Set(answers.map((a) => a.body)), new Set(['slow 1']));
    assert.equal(answers.filter((a) => a.cache === 'miss').length, 1);
  });
});
