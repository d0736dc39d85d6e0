import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, formCsrf, type TestApp } from '../support/app.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import type { User } from '../../src/db/schema.ts';
import { fixture, jsonl, multipart, tableCounts, tweet } from './archive-import-helpers.ts';

const TWO_TWEETS = fs.readFileSync(fixture('twarc2/two_tweets.jsonl'));
const STREAM = fs.readFileSync(fixture('twitter-v1.1/tweetsets_spark-test-tweets.jsonl'));

const uploadDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('musesocial-upload-')));

for (const target of databaseTargets()) {
  describe(`archive import form (${target.kind})`, { skip: target.skip }, () => {
    let t: TestApp;
    let organizer: User;
    let slug: string;

    beforeEach(async () => {
      t = await buildTestApp(target.kind);
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

    it('imports uploaded files and shows what happened to each', async () => {
      const before = uploadDirs();
      const response = await upload(organizer, { format: '' }, [
        { name: 'two_tweets.jsonl', content: TWO_TWEETS },
        { name: 'stream.jsonl', content: STREAM },
      ]);
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Imported 12 posts into “[^”]+”; 0 already archived, 1 record rejected\./);
      assert.match(response.body, /<td>two_tweets\.jsonl<\/td><td>Twitter API v2, twarc2 \(JSONL\) \(detected\)<\/td><td>1<\/td><td>2<\/td>/);
      assert.match(response.body, /<li>line 7: not valid JSON/);
      assert.match(response.body, new RegExp(`href="/chats/${slug}/transcript">Read the transcript`));
      assert.equal((await tableCounts(t.database.db)).posts, 12);
      const imports = await t.database.db.selectFrom('imports').selectAll().orderBy('id').execute();
      assert.deepEqual(imports.map((i) => [i.fileName, i.via, i.userId, i.status]), [
        ['two_tweets.jsonl', 'web', organizer.id, 'finished'],
        ['stream.jsonl', 'web', organizer.id, 'finished'],
      ]);
      // The uploads were only on disk for the request.
      assert.deepEqual([...uploadDirs()].filter((d) => !before.has(d)), []);

      const history = await page(organizer);
      assert.match(history.body, /Earlier imports/);
      assert.match(history.body, /stream\.jsonl<br\/><span class="hint">Twitter API v1\.1, twarc1, streaming \(JSON or JSONL\) · by @/);
      assert.match(history.body, /<li>line 7: not valid JSON/);
    });

    it('uses the format chosen, and re-renders the form with the problem next to its field', async () => {
      const asV1 = await upload(organizer, { format: 'twitter-v1' }, [{ name: 'chat.jsonl', content: jsonl([tweet({ id: '5', user: 'museumhost', text: 'Q1 Hello? #testchat', at: '2026-03-10T19:00:00Z' })]) }]);
      assert.equal(asV1.statusCode, 200);
      assert.match(asV1.body, /Twitter API v1\.1, twarc1, streaming \(JSON or JSONL\)<\/td>/);
      const question = await t.database.db.selectFrom('posts').select(['questionNumber']).where('sourceId', '=', '5').executeTakeFirstOrThrow();
      assert.equal(question.questionNumber, 1, "a host's Q1 is the chat's first question");
      const before = await tableCounts(t.database.db);

      const garbage = await upload(organizer, { format: '' }, [{ name: 'photo.png', content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }]);
      assert.equal(garbage.statusCode, 422);
      assert.match(garbage.body, /Nothing was imported/);
      assert.match(garbage.body, /<p class="field-error" id="field-file-error">photo\.png: the file is binary/);
      assert.match(garbage.body, /aria-invalid="true" aria-describedby="field-file-hint field-file-error"/);

      const badFormat = await upload(organizer, { format: 'storify' }, [{ name: 'two.jsonl', content: TWO_TWEETS }]);
      assert.equal(badFormat.statusCode, 422);
      assert.match(badFormat.body, /id="field-format-error">must be one of/);

      const noFile = await upload(organizer, { format: '' }, []);
      assert.equal(noFile.statusCode, 422);
      assert.match(noFile.body, /id="field-file-error">choose at least one file/);

      assert.deepEqual(await tableCounts(t.database.db), before);
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
    });
  });
}
