import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildUser, sessionCookieFor } from '../support/factories.ts';
import { insertChats } from '../../src/chats/chats.repository.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/icalendar');
const MEETUP = readFileSync(path.join(FIXTURES, 'node-ical/meetup-timed-tz.ics'));

const TAGGED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//EN',
  'BEGIN:VEVENT',
  'UID:tagged-1@test',
  'DTSTART;TZID=America/New_York:20270309T150000',
  'DTEND;TZID=America/New_York:20270309T160000',
  'SUMMARY:#MuseSocial: what\\, exactly\\, is a museum?',
  'DESCRIPTION:Bring your questions.\\nAlso on #edchat',
  'LOCATION:Hall A (1 Main St\\, Springfield)',
  'URL:https://example.org/events/1',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:tagged-2@test',
  'DTSTART:20270310T150000Z',
  'SUMMARY:No tags here',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** Garbage a person might upload by mistake; each must be refused with nothing stored. */
const BROKEN: Array<[string, Buffer, RegExp]> = [
  ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201', 'hex'), /not a text file/],
  ['a web page', Buffer.from('<!doctype html><html><body>Sign in to Google Calendar</body></html>'), /not an iCalendar file.*line 1/],
  ['a truncated download', MEETUP.subarray(0, Math.floor(MEETUP.length / 2)), /cut off: BEGIN:VEVENT on line 21 is never closed/],
  ['JSON', Buffer.from('{"events":[]}'), /not an iCalendar file/],
  ['an empty file', Buffer.alloc(0), /is empty/],
  ['badly nested components', Buffer.from('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n'), /line 3: END:VTODO does not close BEGIN:VEVENT/],
];

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer | string } | null) {
  const boundary = `----musesocial${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/calendar\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const target of databaseTargets()) {
  describe(`iCalendar import on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    const countChats = async () => Number((await t.database.db.selectFrom('chats').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const apiImport = async (payload: Buffer | string, headers: Record<string, string>, query = '') =>
      t.app.inject({ method: 'POST', url: `/api/v1/chats/import${query}`, headers: { 'content-type': 'text/calendar', ...headers }, payload });

    it('makes chats from events: hashtags from the text, venue from LOCATION, organizer and host from the importer', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer', handle: 'dana' });
      const response = await apiImport(TAGGED, await bearerFor(t.database.db, organizer), '?hashtag=%23Museums');
      assert.equal(response.statusCode, 201);
      const report = response.json();
      assert.deepEqual([report.created, report.skipped, report.rejected], [2, 0, 0]);

      const tagged = (await t.app.inject({ url: `/api/v1/chats/${report.events[0].chat.slug}` })).json();
      assert.equal(tagged.title, '#MuseSocial: what, exactly, is a museum?');
      assert.deepEqual(tagged.hashtags, ['MuseSocial', 'edchat'], 'tags found in the event win over the fallback');
      assert.equal(tagged.startsAt, '2027-03-09T20:00:00.000Z', '15:00 EST (-5): daylight time starts on 14 March');
      assert.equal(tagged.timeZone, 'America/New_York');
      assert.equal(tagged.kind, 'in_person');
      assert.deepEqual(tagged.venue, { name: 'Hall A', address: '1 Main St, Springfield', notes: null });
      assert.equal(tagged.background, 'Bring your questions.  \nAlso on #edchat');
      assert.deepEqual(tagged.links, [{ label: 'Event page', url: 'https://example.org/events/1' }]);
      assert.equal(tagged.organizer, 'dana');
      assert.deepEqual(tagged.hosts, ['dana']);
      assert.equal(tagged.status, 'scheduled');

      const untagged = (await t.app.inject({ url: `/api/v1/chats/${report.events[1].chat.slug}` })).json();
      assert.deepEqual(untagged.hashtags, ['Museums']);
      assert.equal(untagged.kind, 'online');
      assert.equal(untagged.endsAt, '2027-03-10T16:00:00.000Z', 'no DTEND or DURATION: one hour');
      assert.deepEqual(report.events[1].notes, ['no end time in the file: assumed to last one hour']);
    });

    it('asks for a hashtag when an event has none, and stores nothing meanwhile', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const response = await apiImport(TAGGED, await bearerFor(t.database.db, organizer));
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json().error, {
        code: 'validation_failed',
        field: 'hashtag',
        message: 'hashtag: is required: an event has no #hashtag in the title or description (e.g. "No tags here" on line 13)',
      });
      const bad = await apiImport(TAGGED, await bearerFor(t.database.db, organizer), '?hashtag=no%20spaces');
      assert.equal(bad.json().error.field, 'hashtag');
      assert.equal(await countChats(), 0);
    });

    it('refuses files that are not iCalendar with a clear message and stores nothing', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const auth = await bearerFor(t.database.db, organizer);
      for (const [what, bytes, message] of BROKEN) {
        const response = await apiImport(bytes, auth, '?hashtag=x');
        assert.equal(response.statusCode, 400, what);
        assert.equal(response.json().error.field, 'body', what);
        assert.match(response.json().error.message, message, what);
      }
      const wrongType = await t.app.inject({ method: 'POST', url: '/api/v1/chats/import', headers: { ...auth, 'content-type': 'application/pdf' }, payload: 'x' });
      assert.equal(wrongType.statusCode, 415);
      const tooBig = await apiImport(Buffer.alloc(1024 * 1024 + 10, 'A'), auth);
      assert.equal(tooBig.statusCode, 413);
      assert.equal(tooBig.json().error.code, 'payload_too_large');
      assert.equal(await countChats(), 0);
    });

    it('inserts all chats of an import in one transaction', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const now = Date.now();
      const row = (slug: string, endsAt: number) => ({
        chat: { slug, title: slug, startsAt: now, endsAt, timeZone: 'UTC', kind: 'online' as const, background: '', status: 'scheduled' as const, organizerId: organizer.id, sourceUid: slug, createdAt: now, updatedAt: now },
        children: { hashtags: [{ tag: 'x', display: 'x' }], hosts: [], questions: [], links: [] },
      });
      // The second row breaks the chats_ends_after_start check after the first was written.
      await assert.rejects(insertChats(t.database.db, [row('first', now + 3600_000), row('second', now - 1)]));
      assert.equal(await countChats(), 0);
      assert.equal((await t.database.db.selectFrom('chatHashtags').selectAll().execute()).length, 0);
    });

    it('lets only organizers and admins import, and only with a token through the API', async () => {
      const member = await buildUser(t.database.db, { role: 'member' });
      const admin = await buildUser(t.database.db, { role: 'admin' });
      assert.equal((await apiImport(MEETUP, {}, '?hashtag=x')).statusCode, 401);
      assert.equal((await apiImport(MEETUP, await bearerFor(t.database.db, member), '?hashtag=x')).statusCode, 403);
      // A session cookie with a non-JSON body is how a cross-site form would post: refused.
      const viaCookie = await apiImport(MEETUP, { cookie: await sessionCookieFor(t.database.db, admin) }, '?hashtag=x');
      assert.equal(viaCookie.statusCode, 403);
      assert.equal(viaCookie.json().error.code, 'csrf_failed');
      assert.equal(await countChats(), 0);
      assert.equal((await apiImport(MEETUP, await bearerFor(t.database.db, admin), '?hashtag=x')).statusCode, 201);
    });

    it('offers the upload form to organizers only', async () => {
      const anonymous = await t.app.inject({ url: '/chats/import', headers: { accept: 'text/html' } });
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, '/login?next=%2Fchats%2Fimport');
      const member = await buildUser(t.database.db, { role: 'member' });
      const forbidden = await t.app.inject({ url: '/chats/import', headers: { accept: 'text/html', cookie: await sessionCookieFor(t.database.db, member) } });
      assert.equal(forbidden.statusCode, 403);
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const page = await t.app.inject({ url: '/chats/import', headers: { accept: 'text/html', cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<form method="post" action="\/chats\/import" enctype="multipart\/form-data"/);
      assert.match(page.body, /<input id="field-file" name="file" type="file" accept=".ics,text\/calendar" required/);
      assert.match(page.body, /<label for="field-hashtag">Hashtag for imported chats<\/label>/);
    });

    it('imports an uploaded file through the form and lists what happened to each event', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer', timeZone: 'Europe/London' });
      const { token, cookie } = await formCsrf(t.app, '/chats/import', await sessionCookieFor(t.database.db, organizer));
      const upload = (content: Buffer | string, hashtag = 'apple') =>
        t.app.inject({ method: 'POST', url: '/chats/import', ...withCookie(multipart({ _csrf: token, hashtag }, { name: 'apple.ics', content }), cookie) });

      const response = await upload(readFileSync(path.join(FIXTURES, 'node-ical/tentative-apple-calendar.ics')));
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Created 3 chats, skipped 1 event, rejected 0 events\./);
      assert.match(response.body, /<a href="\/chats\/confirmed-2022-07-05">Confirmed<\/a>/);
      // The reader’s own zone (Europe/London, summer time +1): 16:00Z is 5:00 PM.
      assert.match(response.body, /<time datetime="2022-07-05T16:00:00Z"[^>]*>Tue 5 Jul 2022, 5:00 PM GMT\+1<\/time>/);
      assert.match(response.body, /<span class="badge badge-skipped">Skipped<\/span><\/td><td>is cancelled in the calendar it came from/);
      assert.equal(await countChats(), 3);

      const again = await upload(readFileSync(path.join(FIXTURES, 'node-ical/tentative-apple-calendar.ics')));
      assert.match(again.body, /Created 0 chats, skipped 4 events/);
      assert.match(again.body, /already imported as \/chats\/tentative-2022-07-04/);
      assert.equal(await countChats(), 3);
    });

    it('re-renders the form with the problem next to the field that caused it', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const { token, cookie } = await formCsrf(t.app, '/chats/import', await sessionCookieFor(t.database.db, organizer));
      const post = (fields: Record<string, string>, file: { name: string; content: Buffer | string } | null) =>
        t.app.inject({ method: 'POST', url: '/chats/import', ...withCookie(multipart({ _csrf: token, ...fields }, file), cookie) });

      const truncated = await post({ hashtag: 'x' }, { name: 'meetup.ics', content: MEETUP.subarray(0, 900) });
      assert.equal(truncated.statusCode, 422);
      assert.match(truncated.body, /Nothing was imported/);
      assert.match(truncated.body, /<p class="field-error" id="field-file-error">is cut off: BEGIN:VEVENT on line 21 is never closed/);
      assert.match(truncated.body, /aria-invalid="true" aria-describedby="field-file-hint field-file-error"/);
      assert.match(truncated.body, /value="x"/, 'the hashtag typed is kept');

      const noFile = await post({ hashtag: '' }, null);
      assert.equal(noFile.statusCode, 422);
      assert.match(noFile.body, /id="field-file-error">is empty/);

      const noHashtag = await post({ hashtag: '' }, { name: 'meetup.ics', content: MEETUP });
      assert.equal(noHashtag.statusCode, 422);
      assert.match(noHashtag.body, /id="field-hashtag-error">is required: an event has no #hashtag/);

      const huge = await post({ hashtag: 'x' }, { name: 'big.ics', content: Buffer.alloc(1024 * 1024 + 1, 'A') });
      assert.equal(huge.statusCode, 413);
      assert.match(huge.body, /id="field-file-error">is larger than 1 MB/);

      const forged = await t.app.inject({ method: 'POST', url: '/chats/import', ...withCookie(multipart({ _csrf: 'forged', hashtag: 'x' }, { name: 'meetup.ics', content: MEETUP }), cookie) });
      assert.equal(forged.statusCode, 403);
      assert.equal(await countChats(), 0);
    });
  });
}

function withCookie(request: { payload: Buffer; headers: Record<string, string> }, cookie: string) {
  return { payload: request.payload, headers: { ...request.headers, cookie, accept: 'text/html' } };
}
