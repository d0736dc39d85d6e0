import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/db/schema.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildUser, sessionCookieFor } from '../support/factories.ts';

const html = { accept: 'text/html' };

/** 3 pm New York on Tuesday 24 February 2026, still EST (UTC-5). */
const fortnightly = {
  title: 'Museum chat',
  hashtags: ['musesocial'],
  startsAt: '2026-02-24T15:00:00-05:00',
  endsAt: '2026-02-24T16:00:00-05:00',
  timeZone: 'America/New_York',
  questions: [{ text: 'Why post?', offsetMinutes: 5 }],
  recurrence: { frequency: 'weekly', interval: 2, count: 4 },
};

interface Occurrence {
  slug: string;
  url: string;
  startsAt: string;
  status: string;
}

for (const target of databaseTargets()) {
  describe(`recurring series on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    async function post(user: User, url: string, payload: object) {
      return t.app.inject({ method: 'POST', url, headers: await bearerFor(t.database.db, user), payload });
    }

    async function counts(): Promise<{ chats: number; series: number }> {
      const chats = await t.database.db.selectFrom('chats').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const series = await t.database.db.selectFrom('series').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { chats: Number(chats.n), series: Number(series.n) };
    }

    it('creates every second Tuesday at 3 pm New York, across the March change', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const response = await post(organizer, '/api/v1/chats', fortnightly);
      assert.equal(response.statusCode, 201, response.body);
      const body = JSON.parse(response.body);
      assert.equal(body.slug, 'museum-chat-2026-02-24', 'the first date, in the chat shape');
      assert.equal(body.startsAt, '2026-02-24T20:00:00.000Z');
      assert.equal(body.series.description, 'Every 2 weeks on Tuesday at 3:00 PM (America/New_York)');
      assert.equal(body.series.localTime, '15:00');
      assert.deepEqual(
        body.series.occurrences.map((o: Occurrence) => [o.slug, o.startsAt]),
        [
          ['museum-chat-2026-02-24', '2026-02-24T20:00:00.000Z'],
          ['museum-chat-2026-03-10', '2026-03-10T19:00:00.000Z'],
          ['museum-chat-2026-03-24', '2026-03-24T19:00:00.000Z'],
          ['museum-chat-2026-04-07', '2026-04-07T19:00:00.000Z'],
        ],
      );
      assert.equal(body.series.occurrences[1].url, 'http://musesocial.test/chats/museum-chat-2026-03-10');

      // Each date is a chat with its own page, listing the others.
      for (const occurrence of body.series.occurrences as Occurrence[]) {
        const page = await t.app.inject({ url: `/chats/${occurrence.slug}`, headers: html });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Other dates in this series/);
        assert.match(page.body, /3:00 PM E[SD]T/);
        assert.match(page.body, /Q1<\/span> Why post\?/);
      }
      const page = await t.app.inject({ url: '/chats/museum-chat-2026-03-10', headers: html });
      assert.match(page.body, /<a href="\/chats\/museum-chat-2026-02-24"><time[^>]*>Tue 24 Feb 2026, 3:00 PM EST<\/time><\/a>/);
      assert.match(page.body, /<span aria-current="page"><time[^>]*>Tue 10 Mar 2026, 3:00 PM EDT<\/time> \(this date\)/);
      assert.doesNotMatch(page.body, /Add more dates/, 'visitors cannot extend');
    });

    it('keeps 3 pm across the November change', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const response = await post(organizer, '/api/v1/chats', {
        ...fortnightly,
        startsAt: '2026-10-20T15:00:00-04:00',
        endsAt: '2026-10-20T16:00:00-04:00',
        recurrence: { frequency: 'weekly', interval: 2, count: 3 },
      });
      assert.equal(response.statusCode, 201, response.body);
      assert.deepEqual(
        JSON.parse(response.body).series.occurrences.map((o: Occurrence) => o.startsAt),
        ['2026-10-20T19:00:00.000Z', '2026-11-03T20:00:00.000Z', '2026-11-17T20:00:00.000Z'],
      );
    });

    it('creates a monthly series on the second Tuesday from the form', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const csrf = await formCsrf(t.app, '/chats/new', await sessionCookieFor(t.database.db, organizer));
      const body = form({
        title: 'Second Tuesday',
        hashtags: '#edchat',
        timeZone: 'America/New_York',
        startsAt: '2026-01-13T15:00',
        endsAt: '2026-01-13T16:00',
        kind: 'online',
        status: 'scheduled',
        repeat: 'monthly',
        repeatInterval: '1',
        repeatOrdinal: '2',
        repeatCount: '4',
        _csrf: csrf.token,
      });
      const response = await t.app.inject({ method: 'POST', url: '/chats/new', payload: body.payload, headers: { ...body.headers, ...html, cookie: csrf.cookie } });
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, '/chats/second-tuesday-2026-01-13');
      const first = await t.app.inject({ url: '/api/v1/chats/second-tuesday-2026-01-13' });
      assert.equal(first.statusCode, 200);
      const rows = await t.database.db.selectFrom('chats').select(['slug', 'startsAt', 'seriesKey']).orderBy('startsAt').execute();
      assert.deepEqual(
        rows.map((r) => [r.slug, new Date(r.startsAt).toISOString()]),
        [
          ['second-tuesday-2026-01-13', '2026-01-13T20:00:00.000Z'],
          ['second-tuesday-2026-02-10', '2026-02-10T20:00:00.000Z'],
          ['second-tuesday-2026-03-10', '2026-03-10T19:00:00.000Z'],
          ['second-tuesday-2026-04-14', '2026-04-14T19:00:00.000Z'],
        ],
      );
      assert.equal(new Set(rows.map((r) => r.seriesKey)).size, 1);
      assert.ok(rows[0]!.seriesKey);
      const page = await t.app.inject({ url: '/chats/second-tuesday-2026-01-13', headers: html });
      assert.match(page.body, /Every month on the second Tuesday at 3:00 PM \(America\/New_York\)/);
    });

    it('changes only the edited date', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const created = JSON.parse((await post(organizer, '/api/v1/chats', fortnightly)).body);
      const auth = await bearerFor(t.database.db, organizer);
      const edit = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/chats/museum-chat-2026-03-10',
        headers: auth,
        payload: { title: 'Special edition', startsAt: '2026-03-10T17:00:00-04:00', endsAt: '2026-03-10T18:00:00-04:00', questions: [{ text: 'Changed?' }] },
      });
      assert.equal(edit.statusCode, 200, edit.body);
      const read = async (slug: string) => JSON.parse((await t.app.inject({ url: `/api/v1/chats/${slug}` })).body);
      assert.equal((await read('museum-chat-2026-03-10')).title, 'Special edition');
      for (const slug of ['museum-chat-2026-02-24', 'museum-chat-2026-03-24', 'museum-chat-2026-04-07']) {
        const other = await read(slug);
        assert.equal(other.title, 'Museum chat', slug);
        assert.deepEqual(other.questions.map((q: { text: string }) => q.text), ['Why post?'], slug);
      }
      assert.equal((await read('museum-chat-2026-03-24')).startsAt, created.series.occurrences[2].startsAt);
      const page = await t.app.inject({ url: '/chats/museum-chat-2026-02-24', headers: html });
      assert.match(page.body, /Special edition/, 'the list names a date whose title differs');
    });

    it('names the wrong field and stores nothing when the rule is bad', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const cases: Array<[object, string, RegExp]> = [
        [{ frequency: 'weekly', count: 1 }, 'recurrence.count', /recurrence\.count: must be >= 2/],
        [{ frequency: 'weekly', count: 53 }, 'recurrence.count', /recurrence\.count: must be <= 52/],
        [{ frequency: 'daily', count: 3 }, 'recurrence.frequency', /recurrence\.frequency: must be one of "weekly", "monthly"/],
        [{ frequency: 'monthly', weekdayOrdinal: 5, count: 3 }, 'recurrence.weekdayOrdinal', /must be one of 1, 2, 3, 4, -1/],
        [{ frequency: 'monthly', weekdayOrdinal: 2, count: 3 }, 'recurrence.weekdayOrdinal', /Tuesday 24 February 2026 is the fourth Tuesday of its month, not the second/],
        [{ frequency: 'weekly', weekdayOrdinal: 1, count: 3 }, 'recurrence.weekdayOrdinal', /monthly series only/],
        [{ frequency: 'weekly', count: 3, every: 2 }, 'recurrence.every', /is not a known field/],
      ];
      for (const [recurrence, field, message] of cases) {
        const response = await post(organizer, '/api/v1/chats', { ...fortnightly, recurrence });
        assert.equal(response.statusCode, 400, `${JSON.stringify(recurrence)}: ${response.body}`);
        const { error } = JSON.parse(response.body);
        assert.equal(error.field, field, JSON.stringify(recurrence));
        assert.match(error.message, message);
      }
      const badChat = await post(organizer, '/api/v1/chats', { ...fortnightly, endsAt: '2026-02-24T14:00:00-05:00' });
      assert.equal(JSON.parse(badChat.body).error.field, 'endsAt', 'the chat itself is validated as for a single chat');
      assert.deepEqual(await counts(), { chats: 0, series: 0 });
    });

    it('refuses the whole series when one date’s address is taken', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      await post(organizer, '/api/v1/chats', { ...fortnightly, recurrence: undefined, slug: 'museum-chat-2026-03-24', startsAt: '2026-05-01T15:00:00Z', endsAt: '2026-05-01T16:00:00Z' });
      // A chosen base slug must be free on every date; derived ones are numbered instead.
      const chosen = await post(organizer, '/api/v1/chats', { ...fortnightly, slug: 'museum-chat' });
      assert.equal(chosen.statusCode, 409, chosen.body);
      assert.equal(JSON.parse(chosen.body).error.field, 'slug');
      assert.match(JSON.parse(chosen.body).error.message, /"museum-chat-2026-03-24" is already used/);
      assert.deepEqual(await counts(), { chats: 1, series: 0 }, 'no date of the refused series was stored');
      const derived = JSON.parse((await post(organizer, '/api/v1/chats', fortnightly)).body);
      assert.deepEqual(
        derived.series.occurrences.map((o: Occurrence) => o.slug),
        ['museum-chat-2026-02-24', 'museum-chat-2026-03-10', 'museum-chat-2026-03-24-2', 'museum-chat-2026-04-07'],
      );
    });

    it('adds more dates later, continuing the rule with the latest date’s details', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const created = JSON.parse((await post(organizer, '/api/v1/chats', fortnightly)).body);
      const key = created.series.key as string;
      const auth = await bearerFor(t.database.db, organizer);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/chats/museum-chat-2026-04-07', headers: auth, payload: { title: 'Museum chat, season 2', status: 'ended' } });

      const stranger = await buildUser(t.database.db, { role: 'organizer' });
      const refused = await post(stranger, `/api/v1/series/${key}/extend`, { count: 2 });
      assert.equal(refused.statusCode, 403);
      const anonymous = await t.app.inject({ method: 'POST', url: `/api/v1/series/${key}/extend`, payload: { count: 2 } });
      assert.equal(anonymous.statusCode, 401);
      const tooMany = await post(organizer, `/api/v1/series/${key}/extend`, { count: 60 });
      assert.equal(JSON.parse(tooMany.body).error.field, 'count');
      assert.equal((await post(organizer, '/api/v1/series/nope/extend', { count: 1 })).statusCode, 404);

      const extended = await post(organizer, `/api/v1/series/${key}/extend`, { count: 2 });
      assert.equal(extended.statusCode, 201, extended.body);
      const dates = JSON.parse(extended.body).occurrences as Occurrence[];
      assert.deepEqual(
        dates.slice(4).map((o) => [o.slug, o.startsAt]),
        [
          ['museum-chat-season-2-2026-04-21', '2026-04-21T19:00:00.000Z'],
          ['museum-chat-season-2-2026-05-05', '2026-05-05T19:00:00.000Z'],
        ],
      );
      const stored = await t.database.db.selectFrom('chats').select(['status']).where('slug', '=', 'museum-chat-season-2-2026-05-05').executeTakeFirstOrThrow();
      assert.equal(stored.status, 'scheduled', 'a new date starts scheduled even when the latest one has ended');
      const read = await t.app.inject({ url: `/api/v1/series/${key}` });
      assert.equal(JSON.parse(read.body).occurrences.length, 6);
    });

    it('adds dates from the chat page button, for people who may edit', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      await post(organizer, '/api/v1/chats', { ...fortnightly, recurrence: { frequency: 'weekly', count: 2 } });
      const cookie = await sessionCookieFor(t.database.db, organizer);
      const page = await t.app.inject({ url: '/chats/museum-chat-2026-02-24', headers: { ...html, cookie } });
      assert.match(page.body, /Add more dates/);
      const csrf = await formCsrf(t.app, '/chats/museum-chat-2026-02-24', cookie);
      const body = form({ count: '3', _csrf: csrf.token });
      const response = await t.app.inject({ method: 'POST', url: '/chats/museum-chat-2026-02-24/series/extend', payload: body.payload, headers: { ...body.headers, ...html, cookie: csrf.cookie } });
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, '/chats/museum-chat-2026-02-24#series-dates');
      assert.equal((await counts()).chats, 5);
      const after = await t.app.inject({ url: '/chats/museum-chat-2026-02-24', headers: html });
      assert.match(after.body, /href="\/chats\/museum-chat-2026-03-24"/);

      const member = await buildUser(t.database.db);
      const memberCsrf = await formCsrf(t.app, '/chats/museum-chat-2026-02-24', await sessionCookieFor(t.database.db, member));
      const memberBody = form({ count: '3', _csrf: memberCsrf.token });
      const refused = await t.app.inject({ method: 'POST', url: '/chats/museum-chat-2026-02-24/series/extend', payload: memberBody.payload, headers: { ...memberBody.headers, ...html, cookie: memberCsrf.cookie } });
      assert.equal(refused.statusCode, 403);
      assert.equal((await counts()).chats, 5);
    });

    it('hides draft dates from other people', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const created = JSON.parse((await post(organizer, '/api/v1/chats', { ...fortnightly, status: 'draft' })).body);
      assert.equal((await t.app.inject({ url: `/api/v1/series/${created.series.key}` })).statusCode, 404);
      const own = await t.app.inject({ url: `/api/v1/series/${created.series.key}`, headers: await bearerFor(t.database.db, organizer) });
      assert.equal(JSON.parse(own.body).occurrences.length, 4);
    });

    it('documents recurrence and series in the OpenAPI document', async () => {
      const doc = JSON.parse((await t.app.inject({ url: '/api/openapi.json' })).body);
      const create = doc.paths['/api/v1/chats'].post;
      assert.ok(create.requestBody.content['application/json'].schema.properties.recurrence.properties.weekdayOrdinal);
      assert.ok(create.responses['201'].content['application/json'].schema.properties.series);
      assert.ok(doc.paths['/api/v1/series/{key}/extend'].post);
      assert.ok(doc.paths['/api/v1/series/{key}'].get);
    });
  });
}
