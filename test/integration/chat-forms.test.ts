import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/db/schema.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';

const html = { accept: 'text/html' };

const hybridChat = {
  title: 'Tweetup at the museum',
  hashtags: '#MuseSocial #museumchat',
  timeZone: 'America/New_York',
  startsAt: '2026-03-10T15:00',
  endsAt: '2026-03-10T16:30',
  kind: 'hybrid',
  venueName: 'Hall A',
  venueAddress: '1 Museum Way',
  venueNotes: 'Use the side door',
  background: 'We ask **why** museums post.',
  hosts: '@dana\n@sam@museum.social',
  questions: '+5 Why post at all?\n[20] Who reads it?\nWhat next?',
  links: 'Last year’s archive | https://example.org/archive',
  status: 'scheduled',
  repeat: 'none',
};

for (const target of databaseTargets()) {
  describe(`chat forms on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    /** Loads `path` as `user` and posts `fields` with that page's CSRF token, as a browser would. */
    async function submit(user: User, path: string, fields: Record<string, string>, formPath = path) {
      const csrf = await formCsrf(t.app, formPath, await sessionCookieFor(t.database.db, user));
      const body = form({ ...fields, _csrf: csrf.token });
      return t.app.inject({ method: 'POST', url: path, payload: body.payload, headers: { ...body.headers, ...html, cookie: csrf.cookie } });
    }

    async function chatCount(): Promise<number> {
      const row = await t.database.db.selectFrom('chats').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    }

    it('lets an organizer schedule a hybrid chat with questions through the form', async () => {
      const organizer = await buildUser(t.database.db, { handle: 'dana', role: 'organizer', timeZone: 'America/New_York' });
      const page = await t.app.inject({ url: '/chats/new', headers: { ...html, cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<option value="America\/New_York" selected>New York<\/option>/, 'defaults to the organizer’s zone');
      assert.match(page.body, /data-timezone-field/);

      const response = await submit(organizer, '/chats/new', hybridChat);
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, '/chats/tweetup-at-the-museum-2026-03-10');

      const chat = JSON.parse((await t.app.inject({ url: '/api/v1/chats/tweetup-at-the-museum-2026-03-10' })).body);
      assert.equal(chat.startsAt, '2026-03-10T19:00:00.000Z', '3 pm EDT');
      assert.equal(chat.endsAt, '2026-03-10T20:30:00.000Z');
      assert.equal(chat.timeZone, 'America/New_York');
      assert.equal(chat.kind, 'hybrid');
      assert.deepEqual(chat.venue, { name: 'Hall A', address: '1 Museum Way', notes: 'Use the side door' });
      assert.deepEqual(chat.hashtags, ['MuseSocial', 'museumchat']);
      assert.deepEqual(chat.hosts, ['dana', '@sam@museum.social']);
      assert.deepEqual(
        chat.questions.map((q: { number: number; text: string; offsetMinutes: number | null }) => [q.number, q.text, q.offsetMinutes]),
        [
          [1, 'Why post at all?', 5],
          [2, 'Who reads it?', 20],
          [3, 'What next?', null],
        ],
      );
      assert.deepEqual(chat.links, [{ label: 'Last year’s archive', url: 'https://example.org/archive' }]);

      const shown = await t.app.inject({ url: '/chats/tweetup-at-the-museum-2026-03-10', headers: { ...html, cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.match(shown.body, /Tue 10 Mar 2026, 3:00 PM EDT/);
      assert.match(shown.body, /Q2<\/span> Who reads it\?/);
      assert.match(shown.body, /<a class="button button-small button-secondary" href="\/chats\/tweetup-at-the-museum-2026-03-10\/edit">Edit chat<\/a>/);
      assert.doesNotMatch(shown.body, /through the API/);
    });

    it('sends visitors to sign in and refuses members', async () => {
      const anonymous = await t.app.inject({ url: '/chats/new', headers: html });
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, '/login?next=%2Fchats%2Fnew');
      const member = await buildUser(t.database.db);
      const refused = await t.app.inject({ url: '/chats/new', headers: { ...html, cookie: await sessionCookieFor(t.database.db, member) } });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Only organizers and admins can schedule chats/);
      const home = await t.app.inject({ url: '/', headers: { ...html, cookie: await sessionCookieFor(t.database.db, member) } });
      assert.doesNotMatch(home.body, /href="\/chats\/new"/, 'no New chat link for members');
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const theirs = await t.app.inject({ url: '/', headers: { ...html, cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.match(theirs.body, /<a href="\/chats\/new">New chat<\/a>/);
    });

    it('refuses a post without the form’s CSRF token', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const body = form({ ...hybridChat, _csrf: 'forged' });
      const response = await t.app.inject({ method: 'POST', url: '/chats/new', payload: body.payload, headers: { ...body.headers, cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.equal(response.statusCode, 403);
      assert.equal(await chatCount(), 0);
    });

    it('re-renders bad input with the message next to the field, keeping the values and storing nothing', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const cases: Array<[Record<string, string>, string, RegExp]> = [
        [{ endsAt: '2026-03-10T14:00' }, 'endsAt', /must be after the start/],
        [{ timeZone: 'Mars/Olympus' }, 'timeZone', /&quot;Mars\/Olympus&quot; is not an IANA time zone|"Mars\/Olympus" is not an IANA time zone/],
        [{ background: 'Hello <script>alert(1)</script>' }, 'background', /must not contain &lt;script> tags|must not contain <script> tags/],
        [{ venueName: '', venueAddress: '', venueNotes: '' }, 'venueName', /is required for hybrid chats/],
        [{ hashtags: 'ok, not-ok' }, 'hashtags', /Hashtag 2: .*not-ok.* is not a hashtag/],
        [{ links: 'Bad | javascript:alert(1)' }, 'links', /Link 1: must start with https:\/\//],
        [{ questions: `Fine\n${'x'.repeat(501)}` }, 'questions', /Question 2: must not have more than 500 characters/],
        [{ title: 'x'.repeat(201) }, 'title', /must not have more than 200 characters/],
        [{ slug: 'new' }, 'slug', /is reserved/],
        [{ slug: 'Not A Slug!' }, 'slug', /lower-case letters, digits and single hyphens/],
      ];
      for (const [overrides, field, message] of cases) {
        const response = await submit(organizer, '/chats/new', { ...hybridChat, ...overrides });
        assert.equal(response.statusCode, 422, `${field}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        const fieldError = new RegExp(`<p class="field-error" id="field-${field}-error">([^<]*(?:<[^/][^<]*)*)</p>`).exec(response.body);
        assert.ok(fieldError, `an error next to ${field}`);
        assert.match(fieldError[1]!, message, field);
        assert.match(response.body, /Please correct the marked field/);
        assert.match(response.body, /value="Tweetup at the museum"|value="x{201}"/, 'the title is kept');
        assert.match(response.body, /\+5 Why post at all\?|Fine/, 'the questions are kept');
      }
      assert.equal(await chatCount(), 0, 'nothing stored');
    });

    it('refuses the same bad input through the JSON API, naming the field', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const auth = await bearerFor(t.database.db, organizer);
      const valid = { title: 'API chat', hashtags: ['edchat'], startsAt: '2026-03-10T15:00:00-04:00', endsAt: '2026-03-10T16:00:00-04:00', timeZone: 'America/New_York' };
      const cases: Array<[Record<string, unknown>, number, string, RegExp]> = [
        [{ background: 'Hi <SCRIPT src="x.js"></script>' }, 400, 'background', /must not contain <script> tags/],
        [{ links: [{ label: 'x', url: 'javascript:alert(1)' }] }, 400, 'links[0].url', /must start with https:\/\//],
        [{ slug: 'new' }, 400, 'slug', /"new" is reserved/],
        [{ timeZone: 'Mars/Olympus' }, 400, 'timeZone', /not an IANA time zone/],
        [{ endsAt: '2026-03-10T14:00:00-04:00' }, 400, 'endsAt', /must be after startsAt/],
      ];
      for (const [overrides, status, field, message] of cases) {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: auth, payload: { ...valid, ...overrides } });
        assert.equal(response.statusCode, status, field);
        const { error } = JSON.parse(response.body);
        assert.equal(error.field, field);
        assert.match(error.message, message);
      }
      assert.equal(await chatCount(), 0);
      const created = JSON.parse((await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: auth, payload: { ...valid, background: 'Use `<script>` in code' } })).body);
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/chats/${created.slug}`, headers: auth, payload: { background: '<script>alert(1)</script>' } });
      assert.equal(patch.statusCode, 400);
      assert.equal(JSON.parse(patch.body).error.field, 'background');
      assert.equal(JSON.parse((await t.app.inject({ url: `/api/v1/chats/${created.slug}` })).body).background, 'Use `<script>` in code');
    });

    it('explains a duplicate address and keeps the first chat', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      assert.equal((await submit(organizer, '/chats/new', { ...hybridChat, slug: 'tweetup' })).statusCode, 303);
      const again = await submit(organizer, '/chats/new', { ...hybridChat, title: 'Another', slug: 'tweetup' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /id="field-slug-error">&quot;tweetup&quot; is already used by another chat|id="field-slug-error">"tweetup" is already used by another chat/);
      assert.equal(await chatCount(), 1);
      // Without a chosen address, the same title and date get a numbered one.
      const derived = await submit(organizer, '/chats/new', { ...hybridChat });
      const derivedAgain = await submit(organizer, '/chats/new', { ...hybridChat });
      assert.equal(derived.headers.location, '/chats/tweetup-at-the-museum-2026-03-10');
      assert.equal(derivedAgain.headers.location, '/chats/tweetup-at-the-museum-2026-03-10-2');
    });

    it('shows Markdown safely: script only as code, raw HTML as text', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const background = 'Avoid `<script>` in posts. <img src=x onerror=alert(1)> [x](javascript:alert(1))';
      const response = await submit(organizer, '/chats/new', { ...hybridChat, background });
      assert.equal(response.statusCode, 303, response.body);
      const page = await t.app.inject({ url: response.headers.location as string, headers: html });
      assert.match(page.body, /<code>&lt;script&gt;<\/code>/);
      assert.doesNotMatch(page.body, /<script>/);
      assert.doesNotMatch(page.body, /<img/);
      assert.doesNotMatch(page.body, /href="javascript:/);
    });

    it('lets the organizer edit through a pre-filled form and refuses other people', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const other = await buildUser(t.database.db, { role: 'organizer' });
      const chat = await buildChat(t.database.db, organizer, {
        title: 'Original title',
        startsAt: '2026-03-10T15:00:00-04:00',
        endsAt: '2026-03-10T16:00:00-04:00',
        questions: [{ text: 'First?', offsetMinutes: 10 }],
      });
      const editPath = `/chats/${chat.slug}/edit`;

      const stranger = await t.app.inject({ url: editPath, headers: { ...html, cookie: await sessionCookieFor(t.database.db, other) } });
      assert.equal(stranger.statusCode, 403);
      const csrf = await formCsrf(t.app, '/chats/new', await sessionCookieFor(t.database.db, other));
      const forged = form({ ...hybridChat, title: 'Hijacked', _csrf: csrf.token });
      const refused = await t.app.inject({ method: 'POST', url: editPath, payload: forged.payload, headers: { ...forged.headers, ...html, cookie: csrf.cookie } });
      assert.equal(refused.statusCode, 403);
      assert.equal(JSON.parse((await t.app.inject({ url: `/api/v1/chats/${chat.slug}` })).body).title, 'Original title');
      assert.equal((await t.app.inject({ url: editPath, headers: html })).statusCode, 303, 'visitors are sent to sign in');

      const own = await t.app.inject({ url: editPath, headers: { ...html, cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /value="Original title"/);
      assert.match(own.body, /value="2026-03-10T15:00"/);
      assert.match(own.body, />\+10 First\?<\/textarea>/);
      assert.doesNotMatch(own.body, /name="repeat"/, 'repeating is for new chats');

      const bad = await submit(organizer, editPath, { ...hybridChat, title: 'Changed', endsAt: '2026-03-10T14:00' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="field-endsAt-error">must be after the start/);
      assert.equal(JSON.parse((await t.app.inject({ url: `/api/v1/chats/${chat.slug}` })).body).title, 'Original title', 'nothing half-saved');

      const saved = await submit(organizer, editPath, { ...hybridChat, title: 'Changed title', timeZone: 'Europe/London', slug: chat.slug });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, `/chats/${chat.slug}`);
      const updated = JSON.parse((await t.app.inject({ url: `/api/v1/chats/${chat.slug}` })).body);
      assert.equal(updated.title, 'Changed title');
      assert.equal(updated.startsAt, '2026-03-10T15:00:00.000Z', '3 pm London (still GMT on 10 March)');
      assert.equal(updated.kind, 'hybrid');
      assert.equal(updated.questions.length, 3);
    });

    it('keeps drafts to their organizers', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const response = await submit(organizer, '/chats/new', { ...hybridChat, status: 'draft' });
      assert.equal(response.statusCode, 303);
      const path = response.headers.location as string;
      assert.equal((await t.app.inject({ url: path, headers: html })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `${path}/edit`, headers: { ...html, cookie: await sessionCookieFor(t.database.db, await buildUser(t.database.db, { role: 'organizer' })) } })).statusCode, 404);
      assert.equal((await t.app.inject({ url: path, headers: { ...html, cookie: await sessionCookieFor(t.database.db, organizer) } })).statusCode, 200);
    });

    it('gets daylight saving right for New York and London, in March and in November', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const londoner = await buildUser(t.database.db, { timeZone: 'Europe/London' });
      const londonCookie = await sessionCookieFor(t.database.db, londoner);
      const schedule = async (title: string, timeZone: string, day: string) => {
        const response = await submit(organizer, '/chats/new', { ...hybridChat, title, timeZone, startsAt: `${day}T15:00`, endsAt: `${day}T16:00` });
        assert.equal(response.statusCode, 303, response.body);
        const slug = (response.headers.location as string).replace('/chats/', '');
        const chat = JSON.parse((await t.app.inject({ url: `/api/v1/chats/${slug}` })).body);
        const page = await t.app.inject({ url: `/chats/${slug}`, headers: { ...html, cookie: londonCookie } });
        const shown = /<dt>Starts<\/dt><dd><time[^>]*>([^<]+)<\/time>/.exec(page.body)?.[1];
        return { startsAt: chat.startsAt as string, shownInLondon: shown };
      };
      // US clocks went forward on 8 March, UK clocks only on 29 March: 4 hours apart, not 5.
      assert.deepEqual(await schedule('NY March', 'America/New_York', '2026-03-10'), { startsAt: '2026-03-10T19:00:00.000Z', shownInLondon: 'Tue 10 Mar 2026, 7:00 PM GMT' });
      assert.deepEqual(await schedule('London March', 'Europe/London', '2026-03-10'), { startsAt: '2026-03-10T15:00:00.000Z', shownInLondon: 'Tue 10 Mar 2026, 3:00 PM GMT' });
      assert.deepEqual(await schedule('NY before', 'America/New_York', '2026-03-03'), { startsAt: '2026-03-03T20:00:00.000Z', shownInLondon: 'Tue 3 Mar 2026, 8:00 PM GMT' });
      assert.deepEqual(await schedule('NY after UK', 'America/New_York', '2026-03-31'), { startsAt: '2026-03-31T19:00:00.000Z', shownInLondon: 'Tue 31 Mar 2026, 8:00 PM GMT+1' });
      // UK clocks went back on 25 October, US clocks only on 1 November.
      assert.deepEqual(await schedule('NY October', 'America/New_York', '2026-10-27'), { startsAt: '2026-10-27T19:00:00.000Z', shownInLondon: 'Tue 27 Oct 2026, 7:00 PM GMT' });
      assert.deepEqual(await schedule('NY November', 'America/New_York', '2026-11-03'), { startsAt: '2026-11-03T20:00:00.000Z', shownInLondon: 'Tue 3 Nov 2026, 8:00 PM GMT' });
      assert.deepEqual(await schedule('London October', 'Europe/London', '2026-10-20'), { startsAt: '2026-10-20T14:00:00.000Z', shownInLondon: 'Tue 20 Oct 2026, 3:00 PM GMT+1' });
    });
  });
}
