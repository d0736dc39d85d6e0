import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { loadDemo } from '../../src/demo/demo.ts';

const html = { accept: 'text/html' };

for (const target of databaseTargets()) {
  describe(`pages on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('shows next up, upcoming and recent demo chats on the home page', async () => {
      await loadDemo(t.database.db);
      const response = await t.app.inject({ url: '/', headers: html });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /text\/html/);
      assert.match(response.body, /<h2 id="next-up"[^>]*>Next up<\/h2>/);
      assert.match(response.body, /Measuring what matters|Feedback that lands/);
      assert.match(response.body, /Why do museums post at all\?/, 'a past chat under recent');
      assert.match(response.body, /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
      assert.match(response.body, /<html lang="en">/);
      assert.match(response.body, /<a class="skip-link" href="#main">/);
    });

    it('lists chats with filters and escapes what people typed', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      await buildChat(t.database.db, organizer, { title: '<script>alert(1)</script> night', hashtags: ['edchat'] });
      await buildChat(t.database.db, organizer, { title: 'Museum morning', hashtags: ['musesocial'] });
      const all = await t.app.inject({ url: '/chats', headers: html });
      assert.match(all.body, /&lt;script>alert\(1\)&lt;\/script> night/);
      assert.doesNotMatch(all.body, /<script>alert/);
      const filtered = await t.app.inject({ url: '/chats?tag=musesocial', headers: html });
      assert.match(filtered.body, /Museum morning/);
      assert.doesNotMatch(filtered.body, /night/);
      const past = await t.app.inject({ url: '/chats?when=past', headers: html });
      assert.match(past.body, /No past chats match/);
    });

    it('renders a chat page with sanitized Markdown, questions and posts', async () => {
      await loadDemo(t.database.db);
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const chat = await buildChat(t.database.db, organizer, {
        background: 'Read **this** [link](javascript:alert(1)) <img src=x onerror=alert(1)>',
        venue: { name: 'Hall A', address: '1 Main St' },
        kind: 'hybrid',
      });
      const response = await t.app.inject({ url: `/chats/${chat.slug}`, headers: html });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /<strong>this<\/strong>/);
      assert.doesNotMatch(response.body, /href="javascript:/i);
      assert.doesNotMatch(response.body, /<img/);
      assert.match(response.body, /Hall A/);
      assert.match(response.body, /Q1<\/span> First question\?/);

      const demo = await t.app.inject({ url: '/chats/why-museums-post', headers: html });
      assert.match(demo.body, /Posts \(14\)/);
      assert.match(demo.body, /Answer to Q1/);
    });

    it('shows a profile at /@handle and 404s unknown ones as HTML', async () => {
      const organizer = await buildUser(t.database.db, { handle: 'dana', role: 'organizer', displayName: 'Dana Okafor' });
      await buildChat(t.database.db, organizer, { title: 'Dana’s chat' });
      const profile = await t.app.inject({ url: '/@dana', headers: html });
      assert.equal(profile.statusCode, 200);
      assert.match(profile.body, /<h1>Dana Okafor<\/h1>/);
      assert.match(profile.body, /Dana’s chat/);
      const missing = await t.app.inject({ url: '/@nobody', headers: html });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /<h1>Not found<\/h1>/);
      const api404 = await t.app.inject({ url: '/api/v1/nothing' });
      assert.equal(JSON.parse(api404.body).error.code, 'not_found');
    });

    it('renders times in a signed-in member’s own zone', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const reader = await buildUser(t.database.db, { timeZone: 'Asia/Tokyo' });
      const chat = await buildChat(t.database.db, organizer, { startsAt: '2026-03-10T15:00:00-04:00', endsAt: '2026-03-10T16:00:00-04:00' });
      const anonymous = await t.app.inject({ url: `/chats/${chat.slug}`, headers: html });
      assert.match(anonymous.body, /Tue 10 Mar 2026, 3:00 PM EDT/);
      const member = await t.app.inject({ url: `/chats/${chat.slug}`, headers: { ...html, cookie: await sessionCookieFor(t.database.db, reader) } });
      assert.match(member.body, /Wed 11 Mar 2026, 4:00 AM GMT\+9/);
    });

    it('hides a draft chat page from other people', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const draft = await buildChat(t.database.db, organizer, { status: 'draft' });
      assert.equal((await t.app.inject({ url: `/chats/${draft.slug}`, headers: html })).statusCode, 404);
      const own = await t.app.inject({ url: `/chats/${draft.slug}`, headers: { ...html, cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.equal(own.statusCode, 200);
    });

    it('serves the stylesheet and a valid OpenAPI document generated from the routes', async () => {
      const css = await t.app.inject({ url: '/assets/styles.css' });
      assert.equal(css.statusCode, 200);
      const response = await t.app.inject({ url: '/api/openapi.json' });
      assert.equal(response.statusCode, 200);
      const doc = JSON.parse(response.body);
      assert.equal(doc.openapi, '3.1.0');
      for (const path of ['/api/v1/chats', '/api/v1/chats/{slug}', '/api/v1/chats/{slug}/posts', '/api/v1/me']) assert.ok(doc.paths[path], path);
      assert.ok(doc.paths['/api/v1/chats'].post.requestBody.content['application/json'].schema.properties.startsAt);
      assert.equal(doc.paths['/login'], undefined, 'HTML routes are not API');
    });
  });
}
