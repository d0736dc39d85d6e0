import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/db/schema.ts';
import { findUserById } from '../../src/accounts/users.repository.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';

const html = { accept: 'text/html' };

for (const target of databaseTargets()) {
  describe(`member settings on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    async function save(user: User, fields: Record<string, string>) {
      const csrf = await formCsrf(t.app, '/settings', await sessionCookieFor(t.database.db, user));
      const body = form({ ...fields, _csrf: csrf.token });
      return t.app.inject({ method: 'POST', url: '/settings', payload: body.payload, headers: { ...body.headers, ...html, cookie: csrf.cookie } });
    }

    it('sends visitors to sign in', async () => {
      const response = await t.app.inject({ url: '/settings', headers: html });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/login?next=%2Fsettings');
    });

    it('saves a time zone, and pages then render every time in it', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const member = await buildUser(t.database.db, { displayName: 'Priya' });
      const chat = await buildChat(t.database.db, organizer, { startsAt: '2026-03-10T15:00:00-04:00', endsAt: '2026-03-10T16:00:00-04:00' });
      const cookie = await sessionCookieFor(t.database.db, member);

      const before = await t.app.inject({ url: `/chats/${chat.slug}`, headers: { ...html, cookie } });
      assert.match(before.body, /<time[^>]*data-local="full"[^>]*>Tue 10 Mar 2026, 3:00 PM EDT<\/time>/, 'organizer’s zone, for the browser to convert');
      const page = await t.app.inject({ url: '/settings', headers: { ...html, cookie } });
      assert.match(page.body, /<a href="\/settings" aria-current="page">Settings<\/a>/, 'linked from the header');
      assert.match(page.body, /<option value selected>Use my browser’s time zone<\/option>/);

      const response = await save(member, { displayName: '  Priya Shah ', bio: 'Educator in Osaka.', timeZone: 'Asia/Tokyo' });
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, '/settings?saved=1');
      const stored = await findUserById(t.database.db, member.id);
      assert.equal(stored?.timeZone, 'Asia/Tokyo');
      assert.equal(stored?.displayName, 'Priya Shah');
      assert.equal(stored?.bio, 'Educator in Osaka.');

      const after = await t.app.inject({ url: `/chats/${chat.slug}`, headers: { ...html, cookie } });
      assert.match(after.body, /<time datetime="2026-03-10T19:00:00Z"[^>]*>Wed 11 Mar 2026, 4:00 AM GMT\+9<\/time>/);
      assert.doesNotMatch(after.body, /data-local=/, 'nothing left for the browser to convert');
      assert.match(after.body, /Times are shown in\s*<span data-reader-zone(="")?>Asia\/Tokyo<\/span>/);
      const confirmation = await t.app.inject({ url: '/settings?saved=1', headers: { ...html, cookie } });
      assert.match(confirmation.body, /Your settings are saved/);
      assert.match(confirmation.body, /<option value="Asia\/Tokyo" selected>Tokyo<\/option>/);
    });

    it('goes back to the browser’s zone when none is chosen', async () => {
      const member = await buildUser(t.database.db, { timeZone: 'Europe/London' });
      assert.equal((await save(member, { displayName: 'Sam', bio: '', timeZone: '' })).statusCode, 303);
      assert.equal((await findUserById(t.database.db, member.id))?.timeZone, null);
    });

    it('explains bad input next to the field and changes nothing', async () => {
      const member = await buildUser(t.database.db, { displayName: 'Sam', timeZone: 'Europe/London' });
      const cases: Array<[Record<string, string>, string, RegExp]> = [
        [{ displayName: 'Sam', timeZone: 'Mars/Olympus' }, 'timeZone', /is not an IANA time zone/],
        [{ displayName: '   ', timeZone: '' }, 'displayName', /is required/],
        [{ displayName: 'Sam', bio: 'x'.repeat(501), timeZone: '' }, 'bio', /at most 500 characters/],
      ];
      for (const [fields, field, message] of cases) {
        const response = await save(member, fields);
        assert.equal(response.statusCode, 422, field);
        const shown = new RegExp(`<p class="field-error" id="field-${field}-error">([^<]*)</p>`).exec(response.body);
        assert.ok(shown, `error next to ${field}`);
        assert.match(shown[1]!, message);
      }
      const stored = await findUserById(t.database.db, member.id);
      assert.equal(stored?.timeZone, 'Europe/London');
      assert.equal(stored?.displayName, 'Sam');
    });

    it('needs the form’s CSRF token and a signed-in, unsuspended member', async () => {
      const member = await buildUser(t.database.db, { timeZone: 'Europe/London' });
      const body = form({ displayName: 'Mallory', timeZone: 'Asia/Tokyo', _csrf: 'forged' });
      const forged = await t.app.inject({ method: 'POST', url: '/settings', payload: body.payload, headers: { ...body.headers, cookie: await sessionCookieFor(t.database.db, member) } });
      assert.equal(forged.statusCode, 403);
      const banned = await buildUser(t.database.db, { bannedAt: Date.now() });
      assert.equal((await save(banned, { displayName: 'Changed', timeZone: '' })).statusCode, 403);
      assert.equal((await findUserById(t.database.db, member.id))?.timeZone, 'Europe/London');
      assert.notEqual((await findUserById(t.database.db, banned.id))?.displayName, 'Changed');
    });
  });
}
