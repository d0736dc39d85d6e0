import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { InjectOptions } from 'fastify';
import type { DB, User } from '../../src/db/schema.ts';
import { createPost } from '../../src/posts/posts.service.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { jsonl, multipart, pollRun, tweet } from './archive-import-helpers.ts';

/**
 * Bad HTTP input: each gets a clear 4xx (a JSON error with its code for the
 * API, the error page for browsers) and changes nothing, checked by
 * counting the rows of every table a write could touch.
 */
const TABLES = ['users', 'sessions', 'apiTokens', 'chats', 'posts', 'chatEvents', 'wikiPages', 'wikiRevisions', 'stories', 'imports', 'rsvps'] as const;

async function rowCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

for (const target of databaseTargets()) {
  describe(`bad HTTP input on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    let organizer: User;
    let slug: string;
    let auth: { authorization: string };
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
      organizer = await buildUser(t.database.db, { role: 'organizer' });
      slug = (await buildChat(t.database.db, organizer, { startsInHours: -0.5 })).slug;
      auth = await bearerFor(t.database.db, organizer);
    });
    afterEach(() => t.close());

    /** Sends the request and checks the answer is `status` with `code`, and that no table changed. */
    async function refused(request: InjectOptions, status: number, code: string) {
      const before = await rowCounts(t.database.db);
      const response = await t.app.inject(request);
      assert.equal(response.statusCode, status, response.body.slice(0, 300));
      if (String(response.headers['content-type']).startsWith('application/json')) {
        const body = response.json();
        assert.equal(body.error.code, code, response.body);
        assert.ok(body.error.message.length > 0);
      } else {
        assert.match(String(response.headers['content-type']), /text\/html/);
        assert.match(response.body, /<h1[^>]*>/, 'the HTML error page');
      }
      assert.deepEqual(await rowCounts(t.database.db), before, 'nothing changed');
      return response;
    }

    it('refuses oversized bodies with 413', async () => {
      const huge = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
      await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers: { ...auth, 'content-type': 'application/json' }, payload: huge }, 413, 'payload_too_large');
      const cookie = await sessionCookieFor(t.database.db, organizer);
      const csrf = await formCsrf(t.app, '/settings', cookie);
      const body = form({ displayName: 'x'.repeat(2 * 1024 * 1024), _csrf: csrf.token });
      await refused({ method: 'POST', url: '/settings', payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie, accept: 'text/html' } }, 413, 'payload_too_large');
      const calendar = `BEGIN:VCALENDAR\r\n${'X-FILL:'.padEnd(70, 'x')}\r\n`.repeat(20_000);
      await refused({ method: 'POST', url: '/api/v1/chats/import', headers: { ...auth, 'content-type': 'text/calendar' }, payload: calendar }, 413, 'payload_too_large');
    });

    it('refuses malformed JSON with 400 bad_request, and fields the schema does not know with validation_failed naming them', async () => {
      const headers = { ...auth, 'content-type': 'application/json' };
      await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers, payload: '{"text": "unterminated' }, 400, 'bad_request');
      await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers, payload: '' }, 400, 'bad_request');
      await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers, payload: '{"text": "hi", "__proto__": {"role": "admin"}}' }, 400, 'bad_request');
      const nested = await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers, payload: `{"text": ${'['.repeat(5000)}${']'.repeat(5000)}}` }, 400, 'validation_failed');
      assert.equal(nested.json().error.field, 'text');
      const unknown = await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers, payload: JSON.stringify({ text: 'hi', authorId: 1 }) }, 400, 'validation_failed');
      assert.match(unknown.json().error.message, /authorId/);
      const wrongType = await refused({ method: 'PATCH', url: `/api/v1/chats/${slug}`, headers, payload: JSON.stringify({ startsAt: 12 }) }, 400, 'validation_failed');
      assert.equal(wrongType.json().error.field, 'startsAt');
    });

    it('refuses a NUL character (U+0000) in any field with 400 naming the field: PostgreSQL stores none, and it was a 500', async () => {
      await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers: auth, payload: { text: 'a\u0000b' } }, 400, 'validation_failed');
      const response = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers: auth, payload: { text: 'fine', replyTo: null } });
      assert.ok(response.statusCode < 500, response.body);
      const nul = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers: auth, payload: { text: 'x\u0000' } });
      assert.match(nul.json().error.message, /^text: must not contain NUL characters/);
      for (const url of [`/chats/${slug}/transcript?author=a%00b`, `/api/v1/search?q=a&chat=x%00`, `/chats?tag=a%00`, `/api/v1/chats/${slug}/posts?cursor=%00`]) {
        const got = await t.app.inject({ url });
        assert.ok(got.statusCode < 500, `${url}: ${got.statusCode} ${got.body.slice(0, 200)}`);
      }
    });

    it('refuses content types a route does not take with 415', async () => {
      for (const type of ['text/plain', 'application/xml', 'image/png']) {
        await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers: { ...auth, 'content-type': type }, payload: 'text=hi' }, 415, 'unsupported_media_type');
      }
      // The calendar type is accepted only by the calendar import, multipart only by the two upload forms.
      await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers: { ...auth, 'content-type': 'text/calendar' }, payload: 'BEGIN:VCALENDAR' }, 415, 'unsupported_media_type');
      const upload = multipart({}, [{ name: 'x.txt', content: 'hi' }]);
      await refused({ method: 'POST', url: `/api/v1/chats/${slug}/posts`, headers: { ...auth, ...upload.headers }, payload: upload.payload }, 415, 'unsupported_media_type');
      // JSON reaches the calendar import, which names what is missing.
      const notCalendar = await refused({ method: 'POST', url: '/api/v1/chats/import', headers: { ...auth, 'content-type': 'application/json' }, payload: '{}' }, 400, 'validation_failed');
      assert.equal(notCalendar.json().error.field, 'body');
    });

    it('keeps path traversal out of exports and static files', async () => {
      for (const url of [
        '/chats/..%2f..%2fetc/transcript.csv',
        '/chats/..%2F..%2Fetc%2Fpasswd/transcript.csv',
        `/chats/${slug}%2f..%2f..%2fpackage.json/transcript.jsonl`,
        '/chats/%2e%2e/transcript.xlsx',
      ]) {
        const response = await t.app.inject({ url, headers: auth });
        assert.ok(response.statusCode === 404 || response.statusCode === 400, `${url}: ${response.statusCode}`);
        assert.equal(response.json().error.code, response.statusCode === 404 ? 'not_found' : 'validation_failed');
        assert.doesNotMatch(response.body, /root:|"dependencies"/);
      }
      for (const url of ['/assets/..%2f..%2fpackage.json', '/assets/../package.json', '/assets/%2e%2e/%2e%2e/src/app.ts', '/assets/..\\..\\package.json']) {
        const response = await t.app.inject({ url });
        assert.ok([400, 403, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
        assert.doesNotMatch(response.body, /"dependencies"|buildApp/);
      }
    });

    it('uses only the base name of an uploaded file: "../../x" writes nowhere outside its temporary directory', async () => {
      const cookie = await sessionCookieFor(t.database.db, organizer);
      const escaped = path.resolve(os.tmpdir(), '..', '..', 'musesocial-escaped.jsonl');
      const csrf = await formCsrf(t.app, `/chats/${slug}/import`, cookie);
      const file = jsonl([tweet({ id: '77', user: 'elsewhere', text: 'Hello #testchat', at: new Date().toISOString() })]);
      const body = multipart({ _csrf: csrf.token, format: '' }, [{ name: '../../musesocial-escaped.jsonl', content: file }]);
      const response = await t.app.inject({ method: 'POST', url: `/chats/${slug}/import`, payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie, accept: 'text/html' } });
      assert.equal(response.statusCode, 303, response.body.slice(0, 300));
      // The import runs in the background: its run's JSON says when it is done.
      const run = (await pollRun((url) => t.app.inject({ url, headers: { cookie, accept: 'application/json' } }), String(response.headers.location))).at(-1)!;
      assert.equal(run.status, 'finished');
      assert.deepEqual(run.files.map((f) => f.fileName), ['musesocial-escaped.jsonl']);
      assert.ok(!fs.existsSync(escaped), 'nothing written at the traversed path');
      const imports = await t.database.db.selectFrom('imports').selectAll().execute();
      assert.equal(imports.length, 1);
      assert.doesNotMatch(JSON.stringify(imports[0]), /\.\.\//, 'the stored name has no path');

      // The calendar upload too.
      const calendarCsrf = await formCsrf(t.app, '/chats/import', cookie);
      const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', 'UID:u1@t', 'DTSTAMP:20260101T000000Z', 'DTSTART:20300101T150000Z', 'DTEND:20300101T160000Z', 'SUMMARY:Traversal', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
      const calendar = multipart({ _csrf: calendarCsrf.token, hashtag: 'traversal' }, [{ name: '../../../etc/cron.d/x.ics', content: ics }]);
      const imported = await t.app.inject({ method: 'POST', url: '/chats/import', payload: calendar.payload, headers: { ...calendar.headers, cookie: calendarCsrf.cookie, accept: 'text/html' } });
      assert.ok(imported.statusCode < 400, imported.body.slice(0, 300));
      assert.doesNotMatch(imported.body, /\.\.\/\.\.\//);
    });

    it('neutralises spreadsheet formulas in CSV exports', async () => {
      const member = await buildUser(t.database.db);
      for (const text of ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
        await createPost(t.database.db, member, slug, { text, omitHashtags: true });
      }
      const csv = await t.app.inject({ url: `/chats/${slug}/transcript.csv` });
      assert.equal(csv.statusCode, 200);
      const rows = parseCsv(csv.body, { columns: true, bom: true }) as Array<Record<string, string>>;
      const texts = rows.map((row) => row.text ?? row.Text ?? '');
      assert.equal(texts.length, 6);
      for (const text of texts) assert.ok(!/^[=+\-@\t\r]/.test(text), `a cell starting a formula: ${JSON.stringify(text)}`);
    });
  });
}
