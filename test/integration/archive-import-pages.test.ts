import crypto from 'node:crypto';
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, formCsrf, type TestApp } from '../support/app.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DB, User } from '../../src/db/schema.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { fixture, jsonl, manyTweets, multipart, pollRun, tableCounts, tweet } from './archive-import-helpers.ts';
import { zipOf } from '../../src/archive/import/testing/zip-of.ts';
import { UNPACK_WHILE_WAITING_BYTES } from '../../src/archive/import/runs/unpack-uploads.ts';
import { writeTarballOf } from '../../src/archive/import/testing/tarball-of.ts';
import { tagsWorkbookOf } from '../../src/archive/import/testing/tags-workbook-of.ts';

const TWO_TWEETS = fs.readFileSync(fixture('twarc2/two_tweets.jsonl'));
const STREAM = fs.readFileSync(fixture('twitter-v1.1/tweetsets_spark-test-tweets.jsonl'));
const X_ARCHIVE = path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/x-archive/data');
const X_ARCHIVE_NOTES = path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/x-archive-notes/data');
const MASTODON_OUTBOX = path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/mastodon-outbox/outbox.json');
const TAGS_CSV = path.resolve(import.meta.dirname, '../../../shared/fixtures/tags-csv/tidytags_sample-data.csv');
/** Big enough to be watched while it is imported (a few seconds), small enough for a test. */
const BIG_COUNT = 50_000;
const BIG = manyTweets(BIG_COUNT);

/**
 * Other test files upload at the same time into the system's temporary
 * folder; this one counts the upload directories left behind, so it gives
 * its process (and the import threads it starts) a folder of its own.
 */
const systemTmp = os.tmpdir();
let ownTmp = '';
before(() => {
  ownTmp = fs.mkdtempSync(path.join(systemTmp, 'musesocial-import-pages-test-'));
  process.env.TMPDIR = ownTmp;
});
after(() => {
  process.env.TMPDIR = systemTmp;
  fs.rmSync(ownTmp, { recursive: true, force: true });
});
const uploadDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('musesocial-upload-')));
const RUN_LOCATION = /^\/chats\/[^/]+\/imports\/(\d+)$/;

/**
 * Uploads import on a thread of their own (run-thread.ts) where it can
 * open the database again: PostgreSQL, SQLite on disk as in production;
 * an in-memory SQLite database imports on the server's thread.
 */
const targets = [
  ...databaseTargets().map((target) => ({ ...target, onDisk: false, label: target.kind === 'sqlite' ? 'sqlite in memory: on the server thread' : `${target.kind}: on the import's own thread` })),
  { kind: 'sqlite' as const, skip: false as const, onDisk: true, label: "sqlite on disk: on the import's own thread" },
];

for (const target of targets) {
  describe(`archive import form (${target.label})`, { skip: target.skip }, () => {
    let t: TestApp;
    let organizer: User;
    let slug: string;

    beforeEach(async () => {
      t = await buildTestApp(target.kind, {}, { onDisk: target.onDisk });
      organizer = await buildUser(t.database.db, { role: 'organizer' });
      slug = (await buildChat(t.database.db, organizer, { startsInHours: -24, hosts: [organizer.handle, '@museumhost'] })).slug;
    });
    afterEach(() => t.close());

    const page = async (user: User | null) =>
      t.app.inject({ url: `/chats/${slug}/import`, headers: { accept: 'text/html', ...(user ? { cookie: await sessionCookieFor(t.database.db, user) } : {}) } });
    const upload = async (user: User, fields: Record<string, string>, files: Array<{ name: string; content: Buffer | string }>) => {
      const { token, cookie } = await formCsrf(t.app, `/chats/${slug}/import`, await sessionCookieFor(t.database.db, user));
      const body = multipart({ _csrf: token, ...fields }, files);
      return t.app.inject({ method: 'POST', url: `/chats/${slug}/import`, payload: body.payload, headers: { ...body.headers, cookie, accept: 'text/html' } });
    };
    /** Another server process on the same database (its own memory, no part in the import). */
    const secondApp = async () => {
      const config = loadConfig({ BASE_URL: 'http://musesocial.test', MUSESOCIAL_DATA_DIR: '/nonexistent', PAGE_CACHE_SECONDS: '0' });
      return buildApp({ config, database: t.database, cookieSecret: 'test-secret-that-is-long-enough-000000' });
    };
    /** GET as this user, the way the progress page's script and a browser ask. */
    const getAs = (user: User | null, accept = 'application/json') => async (url: string) =>
      t.app.inject({ url, headers: { accept, ...(user ? { cookie: await sessionCookieFor(t.database.db, user) } : {}) } });
    /** GET with one session's cookie: polling this way writes no session row per request (an import may hold the write lock). */
    const getWith = (cookie: string, accept = 'application/json') => (url: string) => t.app.inject({ url, headers: { accept, cookie } });
    /** Asks until `done` holds for the body (20 ms apart, at most 30 s); the last answer. */
    const pollUntil = async (get: () => Promise<{ statusCode: number; body: string }>, done: (body: string) => boolean) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const response = await get();
        if (done(response.body) || Date.now() > deadline) return response;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    /** Uploads, expects the redirect to the run's page, and follows the run to its end. */
    const importAndWait = async (user: User, fields: Record<string, string>, files: Array<{ name: string; content: Buffer | string }>) => {
      const response = await upload(user, fields, files);
      assert.equal(response.statusCode, 303, response.body.slice(0, 300));
      const location = String(response.headers.location);
      assert.match(location, RUN_LOCATION);
      const polls = await pollRun(getAs(user), location);
      return { location, run: polls.at(-1)!, polls };
    };

    it('lists a command-line import by its file’s name, with the server’s path as its title', async () => {
      const where = fixture('twarc2/two_tweets.jsonl');
      await importIntoChat(t.database, { via: 'cli' }, slug, { files: [{ path: where, fileName: where }], format: null });
      const html = (await page(organizer)).body;
      assert.match(html, new RegExp(`<span class="import-file-name" title="${where.replaceAll('.', '\\.')}">two_tweets\\.jsonl</span><br/><span class="hint">Twitter API v2, twarc2 \\(JSONL\\) · command line</span>`));
      assert.match(html, /<td class="import-when"><time /);
    });

    it('is offered to the chat’s organizer and admins only', async () => {
      const anonymous = await page(null);
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, `/login?next=${encodeURIComponent(`/chats/${slug}/import`)}`);

      const member = await buildUser(t.database.db, { role: 'member' });
      assert.equal((await page(member)).statusCode, 403);
      const otherOrganizer = await buildUser(t.database.db, { role: 'organizer' });
      assert.equal((await page(otherOrganizer)).statusCode, 403);
      // A host with an account may run the room, not fill the archive.
      const host = await buildUser(t.database.db, { role: 'member' });
      const hostedSlug = (await buildChat(t.database.db, organizer, { hosts: [host.handle] })).slug;
      const asHost = await t.app.inject({ url: `/chats/${hostedSlug}/import`, headers: { accept: 'text/html', cookie: await sessionCookieFor(t.database.db, host) } });
      assert.equal(asHost.statusCode, 403);

      const admin = await buildUser(t.database.db, { role: 'admin' });
      assert.equal((await page(admin)).statusCode, 200);
      const form = await page(organizer);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, new RegExp(`<form method="post" action="/chats/${slug}/import" enctype="multipart/form-data"`));
      assert.match(form.body, /<input id="field-file" name="file" type="file" multiple required/);
      assert.match(form.body, /<option value="twarc2">Twitter API v2, twarc2 \(JSONL\)<\/option>/);

      const chatPage = async (user: User) => t.app.inject({ url: `/chats/${slug}`, headers: { accept: 'text/html', cookie: await sessionCookieFor(t.database.db, user) } });
      assert.match((await chatPage(organizer)).body, new RegExp(`href="/chats/${slug}/import">\\s*Import archived posts`));
      assert.doesNotMatch((await chatPage(member)).body, /Import archived posts/);
    });

    it('imports uploaded files in the background (over a real socket): 303 to the run, its JSON until done, then the report on each file', async () => {
      const before = uploadDirs();
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const cookieOf = await sessionCookieFor(t.database.db, organizer);
      const { token, cookie } = await formCsrf(t.app, `/chats/${slug}/import`, cookieOf);
      const body = multipart({ _csrf: token, format: '' }, [
        { name: 'two_tweets.jsonl', content: TWO_TWEETS },
        { name: 'stream.jsonl', content: STREAM },
      ]);
      const started = Date.now();
      const response = await fetch(`${base}/chats/${slug}/import`, { method: 'POST', body: body.payload, headers: { ...body.headers, cookie, accept: 'text/html' }, redirect: 'manual' });
      assert.equal(response.status, 303);
      // Generous for a loaded machine; the import's own speed is not what is timed here.
      assert.ok(Date.now() - started < 20_000, 'the answer does not wait for the import');
      const location = response.headers.get('location')!;
      assert.match(location, RUN_LOCATION);

      const get = async (url: string) => {
        const answer = await fetch(`${base}${url}`, { headers: { cookie: cookieOf, accept: 'application/json' } });
        assert.equal(answer.headers.get('cache-control'), 'no-store');
        return { statusCode: answer.status, body: await answer.text() };
      };
      const run = (await pollRun(get, location)).at(-1)!;
      assert.equal(run.status, 'finished');
      assert.deepEqual([run.totals.imported, run.totals.duplicates, run.totals.rejected], [12, 0, 1]);
      assert.deepEqual(
        run.files.map((f) => [f.fileName, f.status, f.formatLabel, f.counts.read, f.counts.imported, f.bytesDone === f.bytesTotal]),
        [
          ['two_tweets.jsonl', 'finished', 'Twitter API v2, twarc2 (JSONL) (detected)', 1, 2, true],
          ['stream.jsonl', 'finished', 'Twitter API v1.1, twarc1, streaming (JSON or JSONL) (detected)', 7, 10, true],
        ],
      );
      assert.deepEqual(run.files[1]!.rejections.map((r) => r.line), [7]);
      assert.ok(run.files.every((f) => f.bytesPerSecond !== null && f.recordsPerSecond !== null), 'each file has its rate');
      assert.equal((await tableCounts(t.database.db)).posts, 12);
      const imports = await t.database.db.selectFrom('imports').selectAll().orderBy('id').execute();
      assert.deepEqual(imports.map((i) => [i.fileName, i.via, i.userId, i.status]), [
        ['two_tweets.jsonl', 'web', organizer.id, 'finished'],
        ['stream.jsonl', 'web', organizer.id, 'finished'],
      ]);
      // The uploads stayed on disk for the import, not a moment longer.
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), []);

      // The page: the report that used to be the POST's answer.
      const report = await fetch(`${base}${location}`, { headers: { cookie: cookieOf, accept: 'text/html' } });
      assert.equal(report.status, 200);
      const html = await report.text();
      assert.match(html, /<h1>Import finished<\/h1>/);
      assert.match(html, /Imported 12 posts into “[^”]+”; 0 already archived, 1 record rejected\./);
      assert.match(html, /<td>two_tweets\.jsonl<\/td><td data-field="format">Twitter API v2, twarc2 \(JSONL\) \(detected\)<\/td><td class="import-run-progress"><progress [^>]*>[^<]*<\/progress><span data-field="bytes">[^<]+<\/span><span class="hint" data-field="rate">[^<]+<\/span><\/td><td data-field="read">1<\/td><td data-field="imported">2<\/td>/);
      assert.match(html, /<li>line 7: not valid JSON/);
      assert.match(html, new RegExp(`href="/chats/${slug}/transcript">Read the transcript`));
      assert.doesNotMatch(html, /http-equiv="refresh"|import-progress\.js/, 'a finished run does not reload itself');

      const history = await page(organizer);
      assert.match(history.body, /Earlier imports/);
      const list = await t.app.inject({ url: `/chats/${slug}/imports` });
      assert.deepEqual([list.statusCode, list.headers.location], [301, `/chats/${slug}/import#import-history`], 'the address people guess for the list leads to it');
      assert.match(history.body, new RegExp(`<a href="${location}">stream\\.jsonl</a><br/><span class="hint">Twitter API v1\\.1, twarc1, streaming \\(JSON or JSONL\\) · by @`));
      assert.match(history.body, /<li>line 7: not valid JSON/);
      assert.match(history.body, new RegExp(`Latest uploads[\\s\\S]*<a href="${location}">two_tweets\\.jsonl, stream\\.jsonl</a>: finished: 12 posts imported`));
    });

    it('shows a run while it runs: the page with progress bars and a live status, its JSON with bytes and counts growing', async () => {
      // Slowed (see slowPostInserts): unslowed, the file imports in about 2 s, and on a loaded machine it once ended between
      // the poll that saw it running and the request for its page. Sessions are made before it starts: a session is a write.
      await slowPostInserts(t.database.db, target.kind);
      const cookie = await sessionCookieFor(t.database.db, organizer);
      const html = getWith(await sessionCookieFor(t.database.db, organizer), 'text/html');
      const response = await upload(organizer, { format: '' }, [{ name: 'big.jsonl', content: BIG }]);
      assert.equal(response.statusCode, 303);
      const location = String(response.headers.location);
      // Followed through another process than the one importing: the progress is in the database.
      const other = await secondApp();
      const viaOther = (url: string) => other.inject({ url, headers: { cookie, accept: 'application/json' } });
      const polls = await pollRun(viaOther, location, (run) => run.status !== 'running' || run.bytesDone > 0);
      const run = polls.at(-1)!;
      const otherPage = await other.inject({ url: location, headers: { cookie, accept: 'text/html' } });
      await other.close();
      assert.match(otherPage.body, /<h1>Importing…<\/h1>/, 'the other process shows it running');
      assert.equal(run.status, 'running', 'the import was still running when first seen with progress');
      assert.ok(run.bytesDone > 0 && run.bytesDone < run.bytesTotal, `${run.bytesDone} of ${run.bytesTotal}`);
      assert.equal(run.files[0]!.formatLabel, 'Twitter API v1.1, twarc1, streaming (JSON or JSONL) (detected)');
      assert.ok(run.files[0]!.counts.imported > 0);

      // The page and the history, each asked until it shows the file importing (a run never seen importing fails here).
      const running = await pollUntil(() => html(location), (body) => body.includes('>Importing file 1 of 1 (big.jsonl)') || !body.includes('<h1>Importing…</h1>'));
      const history = await pollUntil(() => html(`/chats/${slug}/import`), (body) => /big\.jsonl<\/a>: importing, \d+ % read/.test(body) || !body.includes(': importing, '));
      assert.equal(running.statusCode, 200);
      assert.match(running.body, /<h1>Importing…<\/h1>/);
      assert.match(running.body, /<p class="notice notice-info" role="status" aria-live="polite" data-run-status="true">Importing file 1 of 1 \(big\.jsonl\): \d+ % of the upload read, [\d,]+ posts? imported so far\.<\/p>/);
      assert.match(running.body, /<progress id="import-run-progress" data-run-overall="true" max="\d+" value="\d+">/);
      assert.match(running.body, /<progress data-field="progress" max="\d+" value="\d+" aria-label="big\.jsonl: bytes read">/);
      assert.match(running.body, /<noscript><meta http-equiv="refresh" content="3"\/><\/noscript>/, 'reloads itself without JavaScript');
      assert.match(running.body, /<script src="\/assets\/build\/import-progress\.js" defer><\/script>/);
      assert.match(running.body, new RegExp(`data-import-run="${location}\\.json"`));
      assert.match(running.body, new RegExp(`<a href="${location}">reload it</a>`));
      assert.match(running.body, /[\d.]+ [KMG]?B\/s · [\d,]+ records\/s/);
      // The history shows it running, with its link.
      assert.match(history.body, new RegExp(`<a href="${location}">big\\.jsonl</a>: importing, \\d+ % read`));

      const end = (await pollRun(getWith(cookie), location)).at(-1)!;
      await dropSlowPostInserts(t.database.db, target.kind);
      assert.equal(end.status, 'finished');
      assert.deepEqual([end.totals.read, end.totals.imported, end.totals.rejected], [BIG_COUNT, BIG_COUNT, 0]);
      assert.equal(end.bytesDone, end.bytesTotal);
      assert.ok(polls.length > 1);
      assert.equal((await tableCounts(t.database.db)).posts, BIG_COUNT);
    });

    it('marks a run interrupted when the app closes under it; importing the file again completes it', async () => {
      // Each post is made slower to store (see slowPostInserts), so the import still has seconds to go when the poll sees it running and the app closes: a loaded machine once let it finish in between.
      await slowPostInserts(t.database.db, target.kind);
      const before = uploadDirs();
      const response = await upload(organizer, { format: '' }, [{ name: 'big.jsonl', content: BIG }]);
      assert.equal(response.statusCode, 303);
      const location = String(response.headers.location);
      const runId = Number(RUN_LOCATION.exec(location)![1]);
      const seen = (await pollRun(getWith(await sessionCookieFor(t.database.db, organizer)), location, (run) => run.status !== 'running' || run.totals.imported > 0)).at(-1)!;
      assert.equal(seen.status, 'running', 'still running when the app closes');

      await t.app.close(); // as SIGTERM does in server.ts, before the database closes
      await dropSlowPostInserts(t.database.db, target.kind);
      const stored = await t.database.db.selectFrom('importRuns').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
      assert.equal(stored.status, 'interrupted');
      assert.notEqual(stored.finishedAt, null);
      const file = await t.database.db.selectFrom('importRunFiles').selectAll().where('runId', '=', runId).executeTakeFirstOrThrow();
      assert.equal(file.status, 'stopped');
      const posts = (await tableCounts(t.database.db)).posts;
      assert.ok(posts > 0 && posts < BIG_COUNT, `${posts} posts stored before the stop`);
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), [], 'the upload is gone with its run');
      const imports = await t.database.db.selectFrom('imports').select(['status']).execute();
      assert.deepEqual(imports.map((i) => i.status), ['interrupted']);

      // Another server on the same database: the page says so and how to complete it.
      const app = await secondApp();
      const database = t.database;
      t = { app, database, close: async () => (await app.close(), await database.dispose()) };
      const shown = await getAs(organizer, 'text/html')(location);
      assert.match(shown.body, /<h1>Import interrupted<\/h1>/);
      assert.match(shown.body, /Import the same files again to complete it: posts already archived are skipped\./);
      assert.doesNotMatch(shown.body, /http-equiv="refresh"/);
      assert.match((await page(organizer)).body, /big\.jsonl<\/a>: interrupted: import the files again to complete it/);

      const again = await importAndWait(organizer, { format: '' }, [{ name: 'big.jsonl', content: BIG }]);
      assert.equal(again.run.status, 'finished');
      assert.equal(again.run.totals.imported + again.run.totals.duplicates, BIG_COUNT);
      assert.equal(again.run.totals.duplicates, posts);
      assert.equal((await tableCounts(t.database.db)).posts, BIG_COUNT);
    });

    it('ends a run as failed, with the message, when the import throws; the server goes on', async () => {
      // A real failure inside the import: the database refuses every new post.
      if (target.kind === 'sqlite') {
        await sql`create trigger refuse_posts before insert on posts begin select raise(abort, 'the archive refuses new posts'); end`.execute(t.database.db);
      } else {
        await sql`create function refuse_posts() returns trigger language plpgsql as $$ begin raise exception 'the archive refuses new posts'; end $$`.execute(t.database.db);
        await sql`create trigger refuse_posts before insert on posts for each row execute function refuse_posts()`.execute(t.database.db);
      }
      const before = uploadDirs();
      const { location, run } = await importAndWait(organizer, { format: '' }, [{ name: 'two.jsonl', content: TWO_TWEETS }]);
      assert.equal(run.status, 'failed');
      assert.match(run.error ?? '', /the archive refuses new posts/);
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), [], 'the upload is gone with its failed run');
      const html = (await getAs(organizer, 'text/html')(location)).body;
      assert.match(html, /<h1>Import failed<\/h1>/);
      assert.match(html, /<p class="notice notice-error" role="status" aria-live="polite" data-run-status="true">The import failed: [^<]*the archive refuses new posts/);
      assert.match((await page(organizer)).body, /two\.jsonl<\/a>: failed/);
      assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200, 'the server is still up');
    });

    it('ends a run whose process went silent (killed) as interrupted when it is looked at', async () => {
      const { location } = await importAndWait(organizer, { format: '' }, [{ name: 'two.jsonl', content: TWO_TWEETS }]);
      const runId = Number(RUN_LOCATION.exec(location)![1]);
      // As a process killed mid-run leaves it: running, its heartbeat long past.
      await t.database.db.updateTable('importRuns').set({ status: 'running', finishedAt: null, updatedAt: Date.now() - 10 * 60_000 }).where('id', '=', runId).execute();
      const run = (await pollRun(getAs(organizer), location)).at(-1)!;
      assert.equal(run.status, 'interrupted');
    });

    it('shows a run to the chat’s organizer and admins only', async () => {
      const { location } = await importAndWait(organizer, { format: '' }, [{ name: 'two.jsonl', content: TWO_TWEETS }]);
      const admin = await buildUser(t.database.db, { role: 'admin' });
      assert.equal((await getAs(admin, 'text/html')(location)).statusCode, 200);
      assert.equal((await getAs(admin)(`${location}.json`)).statusCode, 200);
      for (const role of ['member', 'organizer', 'moderator'] as const) {
        const other = await buildUser(t.database.db, { role });
        assert.equal((await getAs(other, 'text/html')(location)).statusCode, 403, role);
        const json = await getAs(other)(`${location}.json`);
        assert.equal(json.statusCode, 403, role);
        assert.equal(JSON.parse(json.body).error.code, 'forbidden');
        assert.doesNotMatch(json.body, /two\.jsonl/);
      }
      const anonymous = await getAs(null, 'text/html')(location);
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, `/login?next=${encodeURIComponent(location)}`);
      assert.equal((await getAs(null)(`${location}.json`)).statusCode, 401);

      // A run is found only under its own chat.
      const otherSlug = (await buildChat(t.database.db, organizer, {})).slug;
      const runId = RUN_LOCATION.exec(location)![1];
      assert.equal((await getAs(organizer)(`/chats/${otherSlug}/imports/${runId}.json`)).statusCode, 404);
      assert.equal((await getAs(organizer)(`/chats/${slug}/imports/999999.json`)).statusCode, 404);
      assert.equal((await getAs(organizer)(`/chats/${slug}/imports/abc`)).statusCode, 400);
    });

    it('reports files refused once read; reads an X archive’s account.js and note-tweet.js with its tweets, its zip, and an older Mastodon archive’s tarball', async () => {
      const { location, run } = await importAndWait(organizer, { format: 'twitter-v1' }, [
        { name: 'notes.txt', content: 'Remember to archive the chat!\n' },
        { name: 'chat.jsonl', content: jsonl([tweet({ id: '5', user: 'museumhost', text: 'Q1 Hello? #testchat', at: '2026-03-10T19:00:00Z' })]) },
      ]);
      assert.equal(run.status, 'finished');
      assert.deepEqual(run.files.map((f) => [f.fileName, f.status, f.unreadable]), [
        ['notes.txt', 'unreadable', 'no valid records: all 1 rejected'],
        ['chat.jsonl', 'finished', null],
      ]);
      const html = (await getAs(organizer, 'text/html')(location)).body;
      assert.match(html, /Imported 1 post into “[^”]+”; 0 already archived, 1 record rejected, 1 file not imported\./);
      assert.match(html, /<td class="import-run-progress"><span class="badge badge-rejected">Not imported<\/span><\/td>/, 'no bar of bytes for a file not imported');
      assert.match(html, /<tr class="import-run-detail"><td colspan="8"><p><strong>notes\.txt<\/strong> was not imported: no valid records: all 1 rejected<\/p><ul class="hint"><li>line 1: /, 'why, and the rejected line, across the table');

      const account = fs.readFileSync(path.join(X_ARCHIVE, 'account.js'));
      const archive = await importAndWait(organizer, { format: '' }, [
        { name: 'account.js', content: account },
        { name: 'tweets.js', content: fs.readFileSync(path.join(X_ARCHIVE, 'tweets.js')) },
      ]);
      assert.deepEqual(archive.run.files.map((f) => [f.fileName, f.format, f.counts.imported]), [['tweets.js', 'x-archive', 4]]);
      assert.match((await getAs(organizer, 'text/html')(archive.location)).body, /account\.js was read with the archive’s tweets, not imported\./);

      // note-tweet.js uploaded with them gives long posts their whole text.
      const notes = await importAndWait(organizer, { format: '' }, ['account.js', 'note-tweet.js', 'tweets.js'].map((name) => ({ name, content: fs.readFileSync(path.join(X_ARCHIVE_NOTES, name)) })));
      assert.deepEqual(notes.run.files.map((f) => [f.fileName, f.format, f.counts.imported]), [['tweets.js', 'x-archive', 4]]);
      assert.match((await getAs(organizer, 'text/html')(notes.location)).body, /account\.js and note-tweet\.js were read with the archive’s tweets, not imported\./);
      const long = await t.database.db.selectFrom('posts').select('text').where('sourceId', '=', '1790087118123450001').executeTakeFirstOrThrow();
      assert.ok(long.text.endsWith('Our spoon: https://museum.example.org/objects/roman-spoon'), long.text);

      // The archive's zip as downloaded stands for the same files (all archived by now).
      const before = uploadDirs();
      const zip = await zipOf(Object.fromEntries(['account.js', 'note-tweet.js', 'tweets.js'].map((name) => [`data/${name}`, fs.readFileSync(path.join(X_ARCHIVE_NOTES, name))])));
      const zipped = await importAndWait(organizer, { format: '' }, [{ name: 'twitter-2024-05-13.zip', content: zip }]);
      assert.deepEqual(zipped.run.files.map((f) => [f.fileName, f.format, f.counts.imported, f.counts.duplicates]), [['twitter-2024-05-13.zip/data/tweets.js', 'x-archive', 0, 4]]);
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), [], 'the upload and what was unpacked from it are gone with the run');

      // An older Mastodon archive, a tarball as downloaded: its outbox.json (6 activities, 4 public posts).
      const tarball = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-tarball-test-')), 'archive.tar.gz');
      await writeTarballOf(tarball, { 'outbox.json': fs.readFileSync(MASTODON_OUTBOX), 'actor.json': '{"type":"Person"}', 'media_attachments/files/1/original/a.png': Buffer.alloc(2048, 5) });
      const tarred = await importAndWait(organizer, { format: '' }, [{ name: 'archive-20220412093000-5d2f6b8a9c.tar.gz', content: fs.readFileSync(tarball) }]);
      fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
      assert.deepEqual(tarred.run.files.map((f) => [f.fileName, f.format, f.counts.imported, f.counts.skipped]), [['archive-20220412093000-5d2f6b8a9c.tar.gz/outbox.json', 'mastodon-outbox', 4, 2]]);
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), [], 'the tarball and its outbox.json are gone with the run');
      const runPage = (await getAs(organizer, 'text/html')(tarred.location)).body;
      assert.match(runPage, /Imported 4 posts into “[^”]+”; 0 already archived, 2 skipped, 0 records rejected\./);
      assert.match(runPage, /<td data-field="skipped">2<\/td>/);

      // A TAGS sheet as Google Drive downloads it: a workbook, its Archive sheet imported.
      const workbook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-xlsx-test-')), 'tags.xlsx');
      await tagsWorkbookOf(TAGS_CSV, workbook);
      const sheet = await importAndWait(organizer, { format: '' }, [{ name: 'TAGS v6.1 #edchat.xlsx', content: fs.readFileSync(workbook) }]);
      fs.rmSync(path.dirname(workbook), { recursive: true, force: true });
      assert.deepEqual(sheet.run.files.map((f) => [f.fileName, f.format, f.counts.imported]), [['TAGS v6.1 #edchat.xlsx/Archive.csv', 'tags', 10]]);
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), [], 'the workbook and its CSV are gone with the run');
    });

    it('opens a big packed upload after answering: the run unpacks it, then lists and imports what it held, or says why it cannot', async () => {
      // An X archive's zip is mostly its media, which the import leaves aside.
      const media = crypto.randomBytes(UNPACK_WHILE_WAITING_BYTES + 1024);
      const zip = await zipOf({ 'data/tweets_media/1790087118123450001-photo.jpg': media, ...Object.fromEntries(['account.js', 'tweets.js'].map((name) => [`data/${name}`, fs.readFileSync(path.join(X_ARCHIVE, name))])) });
      assert.ok(zip.length > UNPACK_WHILE_WAITING_BYTES);
      const before = uploadDirs();
      const zipped = await importAndWait(organizer, { format: '' }, [{ name: 'twitter-2024-05-13.zip', content: zip }]);
      assert.equal(zipped.run.status, 'finished');
      assert.deepEqual(zipped.run.files.map((f) => [f.fileName, f.format, f.status]), [['twitter-2024-05-13.zip/data/tweets.js', 'x-archive', 'finished']]);
      assert.ok(zipped.run.files[0]!.counts.read > 0);
      // Polled from the start: the run showed the upload (waiting, or being unpacked), then the files it held.
      for (const poll of zipped.polls) {
        const shown = poll.files.map((f) => [f.fileName, f.unpacking ? 'unpacking' : f.status]);
        if (shown[0]![0] === 'twitter-2024-05-13.zip') assert.ok(['waiting', 'unpacking'].includes(String(shown[0]![1])) && shown.length === 1, JSON.stringify(shown));
        else assert.deepEqual(shown.map(([name]) => name), ['twitter-2024-05-13.zip/data/tweets.js']);
      }
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), [], 'the upload and what was unpacked from it are gone with the run');

      // A gzip header over bytes that do not inflate: refused, saying why, as the form says it of a small one.
      const broken = Buffer.concat([Buffer.from('1f8b0800000000000003', 'hex'), crypto.randomBytes(UNPACK_WHILE_WAITING_BYTES + 1024)]);
      const refused = await importAndWait(organizer, { format: '' }, [{ name: 'tweets.jsonl.gz', content: broken }]);
      assert.equal(refused.run.status, 'finished');
      assert.deepEqual(refused.run.files.map((f) => [f.fileName, f.status]), [['tweets.jsonl.gz', 'unreadable']]);
      assert.match(refused.run.files[0]!.unreadable ?? '', /gzip-compressed and cannot be decompressed/);
      assert.match((await getAs(organizer, 'text/html')(refused.location)).body, /Nothing was imported into/);
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), []);
    });

    it('uses the format chosen, and re-renders the form with the problem next to its field', async () => {
      const asV1 = await importAndWait(organizer, { format: 'twitter-v1' }, [{ name: 'chat.jsonl', content: jsonl([tweet({ id: '5', user: 'museumhost', text: 'Q1 Hello? #testchat', at: '2026-03-10T19:00:00Z' })]) }]);
      assert.equal(asV1.run.files[0]!.formatLabel, 'Twitter API v1.1, twarc1, streaming (JSON or JSONL)', 'named, not detected');
      assert.match((await getAs(organizer, 'text/html')(asV1.location)).body, /Twitter API v1\.1, twarc1, streaming \(JSON or JSONL\)<\/td>/);
      const question = await t.database.db.selectFrom('posts').select(['questionNumber']).where('sourceId', '=', '5').executeTakeFirstOrThrow();
      assert.equal(question.questionNumber, 1, "a host's Q1 is the chat's first question");
      const before = await tableCounts(t.database.db);
      const runsBefore = (await t.database.db.selectFrom('importRuns').select('id').execute()).length;
      const tempBefore = uploadDirs();

      const garbage = await upload(organizer, { format: '' }, [{ name: 'photo.png', content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }]);
      assert.equal(garbage.statusCode, 422);
      assert.match(garbage.body, /Nothing was imported/);
      assert.match(garbage.body, /<p class="field-error" id="field-file-error">photo\.png: the file is binary/);
      assert.match(garbage.body, /aria-invalid="true" aria-describedby="field-file-hint field-file-error"/);

      const unknown = await upload(organizer, { format: '' }, [{ name: 'notes.csv', content: 'name,colour\nkim,blue\n' }]);
      assert.equal(unknown.statusCode, 422);
      assert.match(unknown.body, /id="field-file-error">notes\.csv: the format was not recognised: if it is an archive, choose its format in the Format menu/, 'the form’s words, not the command’s --format');

      const zipped = await upload(organizer, { format: '' }, [{ name: 'archive.zip', content: Buffer.from('504b030414000000', 'hex') }, { name: 'empty.jsonl', content: '' }]);
      assert.equal(zipped.statusCode, 422);
      assert.match(zipped.body, /id="field-file-error">archive\.zip: the file is a ZIP archive[^;]*; empty\.jsonl: the file is empty/);

      const badFormat = await upload(organizer, { format: 'storify' }, [{ name: 'two.jsonl', content: TWO_TWEETS }]);
      assert.equal(badFormat.statusCode, 422);
      assert.match(badFormat.body, /id="field-format-error">must be one of/);

      const noFile = await upload(organizer, { format: '' }, []);
      assert.equal(noFile.statusCode, 422);
      assert.match(noFile.body, /id="field-file-error">choose at least one file/);

      const accountOnly = await upload(organizer, { format: '' }, [{ name: 'account.js', content: fs.readFileSync(path.join(X_ARCHIVE, 'account.js')) }]);
      assert.equal(accountOnly.statusCode, 422);
      assert.match(accountOnly.body, /id="field-file-error">account\.js only completes an X archive's tweets: import data\/tweets\.js with it/);

      const brokenNotes = await upload(organizer, { format: '' }, [
        { name: 'note-tweet.js', content: 'window.YTD.note_tweet.part0 = [ { "noteTweet" : { "core" : ' },
        { name: 'tweets.js', content: fs.readFileSync(path.join(X_ARCHIVE_NOTES, 'tweets.js')) },
      ]);
      assert.equal(brokenNotes.statusCode, 422);
      assert.match(brokenNotes.body, /id="field-file-error">note-tweet\.js: not valid JSON \(/);

      assert.deepEqual(await tableCounts(t.database.db), before);
      assert.equal((await t.database.db.selectFrom('importRuns').select('id').execute()).length, runsBefore, 'no run for a refused upload');
      assert.deepEqual([...uploadDirs()].filter((d) => !tempBefore.has(d)), [], 'refused uploads are removed with the answer');
    });

    it('refuses a file over UPLOAD_MAX_MB with 413 and says so next to the field; nothing is stored or kept on disk', async () => {
      const small = await buildTestApp(target.kind, { UPLOAD_MAX_MB: '1' }, { onDisk: target.onDisk });
      try {
        const dana = await buildUser(small.database.db, { role: 'organizer' });
        const chatSlug = (await buildChat(small.database.db, dana)).slug;
        const cookieOf = await sessionCookieFor(small.database.db, dana);
        const form = await small.app.inject({ url: `/chats/${chatSlug}/import`, headers: { accept: 'text/html', cookie: cookieOf } });
        assert.match(form.body, /One or more files, each at most 1\.0 MB\./);
        const tempBefore = uploadDirs();
        const { token, cookie } = await formCsrf(small.app, `/chats/${chatSlug}/import`, cookieOf);
        const body = multipart({ _csrf: token, format: '' }, [{ name: 'two.jsonl', content: TWO_TWEETS }, { name: 'big.jsonl', content: manyTweets(4000) }]);
        assert.ok(body.payload.length > 1024 * 1024);
        const answer = await small.app.inject({ method: 'POST', url: `/chats/${chatSlug}/import`, payload: body.payload, headers: { ...body.headers, cookie, accept: 'text/html' } });
        assert.equal(answer.statusCode, 413);
        assert.match(answer.body, /id="field-file-error">big\.jsonl is larger than the 1\.0 MB a file may be here; an admin can import it with musesocial import on the server/);
        assert.equal((await tableCounts(small.database.db)).posts, 0, 'not even the small file is imported');
        assert.equal((await small.database.db.selectFrom('importRuns').select('id').execute()).length, 0);
        assert.deepEqual([...uploadDirs()].filter((d) => !tempBefore.has(d)), [], 'the parts written are removed with the answer');
      } finally {
        await small.close();
      }
    });

    it('refuses a forged form and people who may not import', async () => {
      const { cookie } = await formCsrf(t.app, `/chats/${slug}/import`, await sessionCookieFor(t.database.db, organizer));
      const forgedBody = multipart({ _csrf: 'forged' }, [{ name: 'two.jsonl', content: TWO_TWEETS }]);
      const forged = await t.app.inject({ method: 'POST', url: `/chats/${slug}/import`, payload: forgedBody.payload, headers: { ...forgedBody.headers, cookie, accept: 'text/html' } });
      assert.equal(forged.statusCode, 403);

      // A member with a valid token of their own (from another form) is still refused.
      const member = await buildUser(t.database.db, { role: 'member' });
      const { token: memberToken, cookie: memberForm } = await formCsrf(t.app, '/settings', await sessionCookieFor(t.database.db, member));
      const body = multipart({ _csrf: memberToken }, [{ name: 'two.jsonl', content: TWO_TWEETS }]);
      const written: string[] = [];
      const watcher = fs.watch(os.tmpdir(), (_event, name) => name?.startsWith('musesocial-upload-') && written.push(name));
      const denied = await t.app.inject({ method: 'POST', url: `/chats/${slug}/import`, payload: body.payload, headers: { ...body.headers, cookie: memberForm, accept: 'text/html' } });
      assert.equal(denied.statusCode, 403);
      const anonymous = await t.app.inject({ method: 'POST', url: `/chats/${slug}/import`, payload: body.payload, headers: { ...body.headers, accept: 'text/html' } });
      assert.equal(anonymous.statusCode, 401);
      await new Promise((resolve) => setTimeout(resolve, 50)); // let file-system events arrive
      watcher.close();
      assert.deepEqual(written, [], 'refused before the upload was written anywhere');
      assert.equal((await tableCounts(t.database.db)).posts, 0);
      assert.equal((await t.database.db.selectFrom('importRuns').select('id').execute()).length, 0);
    });
  });
}

/** A trigger that makes storing each post take about 0.1 ms (SQLite: 20 KB of random bytes hex-encoded; PostgreSQL: a sleep). */
/**
 * Makes storing a post ~0.12 ms slower (SQLite: hex of 40 KB of random
 * bytes; PostgreSQL: the MD5 of ~70 KB; both ~0.12 ms measured), ~6 s for
 * the 50,000 posts of BIG, so a test that must see an import running, or
 * stop it, keeps seconds of margin on a loaded machine (with 20 KB, ~3 s,
 * a run beside another test file once let the import finish first). CPU,
 * not pg_sleep: PostgreSQL sleeps whole milliseconds. Dropped only when
 * the import has ended or stopped: on SQLite, DDL waiting for the write
 * lock loses the race to the import's next transaction again and again.
 */
async function slowPostInserts(db: Kysely<DB>, kind: string): Promise<void> {
  if (kind === 'sqlite') {
    await sql`create trigger slow_posts before insert on posts begin select length(hex(randomblob(40000))); end`.execute(db);
  } else {
    await sql`create function slow_posts() returns trigger language plpgsql as $$ begin perform md5(repeat(random()::text, 4000)); return new; end $$`.execute(db);
    await sql`create trigger slow_posts before insert on posts for each row execute function slow_posts()`.execute(db);
  }
}

async function dropSlowPostInserts(db: Kysely<DB>, kind: string): Promise<void> {
  await sql`drop trigger slow_posts${sql.raw(kind === 'sqlite' ? '' : ' on posts')}`.execute(db);
  if (kind !== 'sqlite') await sql`drop function slow_posts()`.execute(db);
}
