import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';

const validChat = {
  title: 'What’s the point of social media for museums?',
  hashtags: ['#MuseSocial'],
  startsAt: '2026-03-10T15:00:00-04:00',
  endsAt: '2026-03-10T16:00:00-04:00',
  timeZone: 'America/New_York',
  hosts: ['@dana', '@sam@museum.social'],
  questions: [{ text: 'Why post at all?', offsetMinutes: 5 }, { text: 'Who reads it?' }],
  background: 'We ask **why**.',
};

for (const target of databaseTargets()) {
  describe(`chats API on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('lets an organizer create a chat and returns the contract shape', async () => {
      const organizer = await buildUser(t.database.db, { handle: 'dana', role: 'organizer' });
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: await bearerFor(t.database.db, organizer), payload: validChat });
      assert.equal(response.statusCode, 201, response.body);
      const chat = JSON.parse(response.body);
      assert.equal(chat.slug, 'what-s-the-point-of-social-media-for-museums-2026-03-10');
      assert.deepEqual(chat.hashtags, ['MuseSocial']);
      // 3 pm EDT (New York switched to summer time on 8 March).
      assert.equal(chat.startsAt, '2026-03-10T19:00:00.000Z');
      assert.equal(chat.timeZone, 'America/New_York');
      assert.equal(chat.kind, 'online');
      assert.equal(chat.venue, null);
      assert.deepEqual(chat.hosts, ['dana', '@sam@museum.social']);
      assert.deepEqual(
        chat.questions.map((q: { number: number; text: string; offsetMinutes: number | null }) => [q.number, q.text, q.offsetMinutes]),
        [
          [1, 'Why post at all?', 5],
          [2, 'Who reads it?', null],
        ],
      );
      assert.equal(chat.status, 'ended', 'a chat in the past reads as ended');
      assert.equal(chat.url, `http://musesocial.test/chats/${chat.slug}`);
      assert.equal(response.headers.location, `/api/v1/chats/${chat.slug}`);

      const read = await t.app.inject({ url: `/api/v1/chats/${chat.slug}` });
      assert.equal(read.statusCode, 200);
      assert.deepEqual(JSON.parse(read.body), chat);
    });

    it('names the wrong field in a bad request', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const auth = await bearerFor(t.database.db, organizer);
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ ...validChat, startsAt: 'next tuesday' }, 'startsAt', /startsAt: must be an ISO 8601 date-time/],
        [{ ...validChat, title: undefined }, 'title', /title: is required/],
        [{ ...validChat, kind: 'zoom' }, 'kind', /kind/],
        [{ ...validChat, hashtags: [] }, 'hashtags', /hashtags/],
        [{ ...validChat, hashtags: ['ok', 'not ok'] }, 'hashtags[1]', /hashtags\[1\]: "not ok" is not a hashtag/],
        [{ ...validChat, timeZone: 'Mars/Olympus' }, 'timeZone', /timeZone: "Mars\/Olympus" is not an IANA time zone/],
        [{ ...validChat, endsAt: '2026-03-10T14:00:00-04:00' }, 'endsAt', /endsAt: must be after startsAt/],
        [{ ...validChat, kind: 'hybrid' }, 'venue', /venue: is required for hybrid chats/],
        [{ ...validChat, questions: [{ text: '' }] }, 'questions[0].text', /questions\[0\]\.text/],
        [{ ...validChat, surprise: 1 }, 'surprise', /surprise: is not a known field/],
      ];
      for (const [payload, field, message] of cases) {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: auth, payload });
        assert.equal(response.statusCode, 400, `${field}: ${response.body}`);
        const { error } = JSON.parse(response.body);
        assert.equal(error.code, 'validation_failed');
        assert.equal(error.field, field);
        assert.match(error.message, message);
      }
      const list = await t.app.inject({ url: '/api/v1/chats' });
      assert.equal(JSON.parse(list.body).chats.length, 0, 'nothing stored');
    });

    it('answers malformed JSON and wrong content types with a clear 4xx', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const auth = await bearerFor(t.database.db, organizer);
      const broken = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"title": ' });
      assert.equal(broken.statusCode, 400);
      assert.equal(JSON.parse(broken.body).error.code, 'bad_request');
      const xml = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: { ...auth, 'content-type': 'application/xml' }, payload: '<chat/>' });
      assert.equal(xml.statusCode, 415);
      assert.equal(JSON.parse(xml.body).error.code, 'unsupported_media_type');
    });

    it('enforces who may write', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const host = await buildUser(db, { role: 'member' });
      const otherOrganizer = await buildUser(db, { role: 'organizer' });
      const member = await buildUser(db, { role: 'member' });
      const admin = await buildUser(db, { role: 'admin' });
      const chat = await buildChat(db, organizer, { hosts: [organizer.handle, host.handle] });

      const anonymousCreate = await t.app.inject({ method: 'POST', url: '/api/v1/chats', payload: validChat });
      assert.equal(anonymousCreate.statusCode, 401);
      const memberCreate = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: await bearerFor(db, member), payload: validChat });
      assert.equal(memberCreate.statusCode, 403);
      assert.equal(JSON.parse(memberCreate.body).error.code, 'forbidden');

      const patch = async (user: typeof member | null, title: string) =>
        t.app.inject({ method: 'PATCH', url: `/api/v1/chats/${chat.slug}`, headers: user ? await bearerFor(db, user) : {}, payload: { title } });
      assert.equal((await patch(null, 'x')).statusCode, 401);
      assert.equal((await patch(member, 'x')).statusCode, 403);
      assert.equal((await patch(otherOrganizer, 'x')).statusCode, 403);
      assert.equal((await patch(host, 'By the host')).statusCode, 200);
      assert.equal((await patch(admin, 'By the admin')).statusCode, 200);
      const updated = await patch(organizer, 'By the organizer');
      assert.equal(JSON.parse(updated.body).title, 'By the organizer');
    });

    it('updates only the fields sent and keeps question release state', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const chat = await buildChat(db, organizer, { hashtags: ['edchat'] });
      await db.updateTable('chatQuestions').set({ releasedAt: 1234 }).where('chatId', '=', chat.id).where('number', '=', 1).execute();
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/chats/${chat.slug}`,
        headers: await bearerFor(db, organizer),
        payload: { questions: [{ number: 1, text: 'Reworded first question?' }, { number: 2, text: 'Second question?' }, { number: 3, text: 'A third' }] },
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = JSON.parse(response.body);
      assert.deepEqual(body.hashtags, ['edchat'], 'untouched');
      assert.equal(body.questions[0].text, 'Reworded first question?');
      assert.equal(body.questions[0].releasedAt, new Date(1234).toISOString());
      assert.equal(body.questions.length, 3);
    });

    it('hides drafts from everyone but their organizer and admins', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const draft = await buildChat(db, organizer, { status: 'draft', title: 'Secret plans' });
      await buildChat(db, organizer, { title: 'Public chat' });
      assert.equal((await t.app.inject({ url: `/api/v1/chats/${draft.slug}` })).statusCode, 404);
      const publicList = JSON.parse((await t.app.inject({ url: '/api/v1/chats' })).body);
      assert.deepEqual(publicList.chats.map((c: { title: string }) => c.title), ['Public chat']);
      const own = await t.app.inject({ url: `/api/v1/chats/${draft.slug}`, headers: { cookie: await sessionCookieFor(db, organizer) } });
      assert.equal(own.statusCode, 200);
      const ownList = JSON.parse((await t.app.inject({ url: '/api/v1/chats', headers: await bearerFor(db, organizer) })).body);
      assert.equal(ownList.chats.length, 2);
    });

    it('lists upcoming and past chats, filters by hashtag and host, and pages', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer', handle: 'orga' });
      const guest = await buildUser(db, { handle: 'guest' });
      for (let i = 1; i <= 5; i++) await buildChat(db, organizer, { title: `Upcoming ${i}`, startsInHours: i * 24, hashtags: i % 2 ? ['odd'] : ['even'] });
      await buildChat(db, organizer, { title: 'Past 1', startsInHours: -48, hosts: ['guest'] });
      await buildChat(db, organizer, { title: 'Past 2', startsInHours: -24 });

      const titles = async (url: string) => JSON.parse((await t.app.inject({ url })).body).chats.map((c: { title: string }) => c.title);
      assert.deepEqual(await titles('/api/v1/chats?when=upcoming&limit=10'), ['Upcoming 1', 'Upcoming 2', 'Upcoming 3', 'Upcoming 4', 'Upcoming 5']);
      assert.deepEqual(await titles('/api/v1/chats?when=past'), ['Past 2', 'Past 1']);
      assert.deepEqual(await titles('/api/v1/chats?when=upcoming&tag=%23ODD'), ['Upcoming 1', 'Upcoming 3', 'Upcoming 5']);
      assert.deepEqual(await titles(`/api/v1/chats?host=@${guest.handle}`), ['Past 1']);

      const first = JSON.parse((await t.app.inject({ url: '/api/v1/chats?when=upcoming&limit=2' })).body);
      assert.equal(first.chats.length, 2);
      const second = JSON.parse((await t.app.inject({ url: `/api/v1/chats?when=upcoming&limit=2&cursor=${first.nextCursor}` })).body);
      assert.deepEqual(second.chats.map((c: { title: string }) => c.title), ['Upcoming 3', 'Upcoming 4']);
      const bad = await t.app.inject({ url: '/api/v1/chats?cursor=garbage' });
      assert.equal(bad.statusCode, 400);
      assert.equal(JSON.parse(bad.body).error.field, 'cursor');
    });

    it('refuses a slug that is taken', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const auth = await bearerFor(db, organizer);
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: auth, payload: { ...validChat, slug: 'musesocial-march' } });
      assert.equal(first.statusCode, 201);
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: auth, payload: { ...validChat, slug: 'musesocial-march' } });
      assert.equal(again.statusCode, 409);
      assert.equal(JSON.parse(again.body).error.field, 'slug');
      const generated = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: auth, payload: validChat });
      const generatedAgain = await t.app.inject({ method: 'POST', url: '/api/v1/chats', headers: auth, payload: validChat });
      assert.equal(JSON.parse(generatedAgain.body).slug, `${JSON.parse(generated.body).slug}-2`);
    });

    it('requires JSON for API writes made with a session cookie (CSRF)', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/chats',
        headers: { cookie: await sessionCookieFor(db, organizer), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'title=x&hashtags=y',
      });
      assert.equal(response.statusCode, 403);
      assert.equal(JSON.parse(response.body).error.code, 'csrf_failed');

      // Bodiless writes (like, release, hide …) need X-Requested-With instead.
      const chat = await buildChat(db, organizer, { startsInHours: -0.5 });
      const cookie = await sessionCookieFor(db, organizer);
      const bare = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/questions/1/release`, headers: { cookie } });
      assert.equal(bare.statusCode, 403);
      assert.equal(JSON.parse(bare.body).error.code, 'csrf_failed');
      const fromOurPage = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/questions/1/release`, headers: { cookie, 'x-requested-with': 'fetch' } });
      assert.equal(fromOurPage.statusCode, 200);
    });
  });
}
