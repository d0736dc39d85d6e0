import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/db/schema.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { findPageBySlug, listRevisions } from '../../src/wiki/wiki.repository.ts';
import { createPage, editPage, WikiConflictError } from '../../src/wiki/wiki.service.ts';

const html = { accept: 'text/html' };

for (const target of databaseTargets()) {
  describe(`wiki on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    const db = () => t.database.db;

    /** Submits a form the way a browser does: load the page with the form, post with its CSRF token. */
    async function submit(formPage: string, action: string, fields: Record<string, string>, cookie: string) {
      const csrf = await formCsrf(t.app, formPage, cookie);
      const request = form({ ...fields, _csrf: csrf.token });
      return t.app.inject({ method: 'POST', url: action, payload: request.payload, headers: { ...request.headers, ...html, cookie: csrf.cookie } });
    }

    async function member(overrides: Parameters<typeof buildUser>[1] = {}): Promise<{ user: User; cookie: string }> {
      const user = await buildUser(db(), overrides);
      return { user, cookie: await sessionCookieFor(db(), user) };
    }

    async function createViaForm(cookie: string, title: string, body: string) {
      const response = await submit('/wiki/new', '/wiki/new', { title, body, summary: 'First draft' }, cookie);
      assert.equal(response.statusCode, 303, response.body);
      return response.headers.location as string;
    }

    async function editViaForm(cookie: string, slug: string, fields: { body: string; baseRevision: number; title?: string; summary?: string }) {
      const page = await findPageBySlug(db(), slug);
      return submit(`/wiki/${slug}`, `/wiki/${slug}/edit`, { title: fields.title ?? page!.title, body: fields.body, summary: fields.summary ?? '', baseRevision: String(fields.baseRevision) }, cookie);
    }

    it('creates a page through the form, edits it twice and keeps every revision', async () => {
      const { cookie } = await member({ handle: 'priya' });
      const location = await createViaForm(cookie, 'Conference resources — add your stuff here', 'Slides from MuseumNext.');
      assert.equal(location, '/wiki/conference-resources-add-your-stuff-here');
      const slug = 'conference-resources-add-your-stuff-here';

      const editForm = await t.app.inject({ url: `/wiki/${slug}/edit`, headers: { ...html, cookie } });
      assert.equal(editForm.statusCode, 200);
      assert.match(editForm.body, /<input type="hidden" name="baseRevision" value="1"\/>/);
      assert.match(editForm.body, /\{\{upcoming #musesocial\}\}/, 'the edit page documents the embed syntax');

      const second = await editViaForm(cookie, slug, { body: 'Slides from MuseumNext.\n\nNotes from MCN.', baseRevision: 1, summary: 'Added MCN' });
      assert.equal(second.statusCode, 303);
      assert.equal(second.headers.location, `/wiki/${slug}?saved=2`);
      const third = await editViaForm(cookie, slug, { body: 'Slides from MuseumNext 2026.\n\nNotes from MCN.', baseRevision: 2, summary: 'Year' });
      assert.equal(third.headers.location, `/wiki/${slug}?saved=3`);

      const page = await t.app.inject({ url: `/wiki/${slug}?saved=3`, headers: html });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Conference resources — add your stuff here<\/h1>/);
      assert.match(page.body, /Saved revision 3\./);
      assert.match(page.body, /Revision 3, saved <time datetime="[^"]+"[^>]*>[^<]+<\/time> by <a href="\/@priya">@priya<\/a>/);

      const history = await t.app.inject({ url: `/wiki/${slug}/history`, headers: { ...html, cookie } });
      assert.equal(history.statusCode, 200);
      assert.equal((history.body.match(/<tr aria-current|<tr>/g) ?? []).length - 1, 3, 'three revision rows under the header row');
      assert.match(history.body, /Added MCN/);
      assert.equal((history.body.match(/action="\/wiki\/[^"]+\/restore"/g) ?? []).length, 2, 'every revision but the current can be restored');

      const diff = await t.app.inject({ url: `/wiki/${slug}/diff?from=1&to=3`, headers: html });
      assert.equal(diff.statusCode, 200);
      assert.match(diff.body, /Changes from revision 1 to 3/);
      assert.match(diff.body, /<ins class="diff-text"><span class="visually-hidden">Added: <\/span>Slides from MuseumNext<mark class="diff-word"> 2026<\/mark>\.<\/ins>/);
      assert.match(diff.body, /<ins class="diff-text"><span class="visually-hidden">Added: <\/span><mark class="diff-word">Notes from MCN\.<\/mark><\/ins>/);
      assert.match(diff.body, /added line/, 'with a legend');
    });

    it('restores an old revision as a new one, keeping the history', async () => {
      const { cookie } = await member();
      const slug = (await createViaForm(cookie, 'Chat etiquette', 'Be kind.')).slice('/wiki/'.length);
      await editViaForm(cookie, slug, { body: 'Be rude.', baseRevision: 1 });
      await editViaForm(cookie, slug, { body: 'Be very rude.', title: 'Chat rules', baseRevision: 2 });

      const restore = await submit(`/wiki/${slug}/history`, `/wiki/${slug}/restore`, { revision: '1' }, cookie);
      assert.equal(restore.statusCode, 303);
      assert.equal(restore.headers.location, `/wiki/${slug}?restored=1`);

      const api = JSON.parse((await t.app.inject({ url: `/api/v1/wiki/${slug}` })).body);
      assert.equal(api.revision, 4);
      assert.equal(api.body, 'Be kind.');
      assert.equal(api.title, 'Chat etiquette', 'the title comes back too');
      const revisions = JSON.parse((await t.app.inject({ url: `/api/v1/wiki/${slug}/revisions` })).body).revisions;
      assert.deepEqual(
        revisions.map((r: { number: number; restoredFrom: number | null }) => [r.number, r.restoredFrom]),
        [
          [4, 1],
          [3, null],
          [2, null],
          [1, null],
        ],
      );
      assert.equal(revisions[0].summary, 'Restored revision 1');
      const page = await t.app.inject({ url: `/wiki/${slug}?restored=1`, headers: html });
      assert.match(page.body, /Restored revision 1 as revision 4\./);
      assert.match(page.body, /<p>Be kind\.<\/p>/);
    });

    it('refuses to save over a newer revision and shows the second editor a conflict with their text kept', async () => {
      const dana = await member({ handle: 'dana' });
      const sam = await member({ handle: 'sam' });
      const slug = (await createViaForm(dana.cookie, 'Reading list', 'One book.')).slice('/wiki/'.length);

      // Both open the editor on revision 1; Dana saves first.
      const first = await editViaForm(dana.cookie, slug, { body: 'One book.\nDana’s second book.', baseRevision: 1 });
      assert.equal(first.statusCode, 303);
      const second = await editViaForm(sam.cookie, slug, { body: 'One book.\nSam’s <b>pick</b>.', baseRevision: 1 });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /Edit conflict: your changes are not saved yet/);
      assert.match(second.body, /<a href="\/@dana">@dana<\/a> saved revision 2/);
      assert.match(second.body, /<textarea id="field-body" name="body"[^>]*>One book\.\nSam’s &lt;b>pick&lt;\/b>\.<\/textarea>/, 'Sam’s text is back in the editor');
      assert.match(second.body, /<textarea id="current-text"[^>]*readonly[^>]*>One book\.\nDana’s second book\.<\/textarea>/, 'the current text to merge from');
      assert.match(second.body, /<input type="hidden" name="baseRevision" value="2"\/>/, 'resubmitting is based on the current revision');
      assert.match(second.body, /<del class="diff-text"><span class="visually-hidden">Removed: <\/span><mark class="diff-word">Dana<\/mark>’s <mark class="diff-word">second book<\/mark>\.<\/del>/);

      let stored = await findPageBySlug(db(), slug);
      assert.equal(stored!.current.number, 2);
      assert.equal(stored!.current.body, 'One book.\nDana’s second book.', 'Dana’s revision was not overwritten');

      const merged = await editViaForm(sam.cookie, slug, { body: 'One book.\nDana’s second book.\nSam’s pick.', baseRevision: 2 });
      assert.equal(merged.statusCode, 303);
      stored = await findPageBySlug(db(), slug);
      assert.equal(stored!.current.number, 3);
      assert.equal((await listRevisions(db(), stored!.id)).length, 3);
    });

    it('lets exactly one of two simultaneous saves from the same base win', async () => {
      const [dana, sam] = [await buildUser(db()), await buildUser(db())];
      await createPage(db(), dana, { title: 'Race', body: 'Start' });
      const results = await Promise.allSettled([
        editPage(db(), dana, 'race', { body: 'Dana', baseRevision: 1 }),
        editPage(db(), sam, 'race', { body: 'Sam', baseRevision: 1 }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const loser = results.find((r) => r.status === 'rejected');
      assert.ok(loser?.status === 'rejected' && loser.reason instanceof WikiConflictError, String(loser && 'reason' in loser ? loser.reason : ''));
      assert.equal(loser.reason.current.current.number, 2);
      const page = await findPageBySlug(db(), 'race');
      assert.equal((await listRevisions(db(), page!.id)).length, 2);
    });

    it('serves the JSON API: create with base 0, edit, 409 conflict with the current revision', async () => {
      const { user } = await member({ handle: 'ana', displayName: 'Ana Sousa' });
      const auth = await bearerFor(db(), user);
      const created = await t.app.inject({ method: 'PUT', url: '/api/v1/wiki/edchat-guide', headers: auth, payload: { title: 'Edchat guide', body: 'Hello', baseRevision: 0, summary: 'Start' } });
      assert.equal(created.statusCode, 201, created.body);
      const page = JSON.parse(created.body);
      assert.equal(page.slug, 'edchat-guide');
      assert.equal(page.title, 'Edchat guide');
      assert.equal(page.body, 'Hello');
      assert.equal(page.revision, 1);
      assert.equal(page.protected, false);
      assert.deepEqual(page.updatedBy, { handle: 'ana', displayName: 'Ana Sousa' });
      assert.equal(page.url, 'http://musesocial.test/wiki/edchat-guide');
      assert.equal(page.historyUrl, 'http://musesocial.test/wiki/edchat-guide/history');
      assert.match(page.updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

      const edited = await t.app.inject({ method: 'PUT', url: '/api/v1/wiki/edchat-guide', headers: auth, payload: { body: 'Hello again', baseRevision: 1 } });
      assert.equal(edited.statusCode, 200);
      assert.equal(JSON.parse(edited.body).revision, 2);
      assert.equal(JSON.parse(edited.body).title, 'Edchat guide', 'title kept when omitted');

      const stale = await t.app.inject({ method: 'PUT', url: '/api/v1/wiki/edchat-guide', headers: auth, payload: { body: 'Lost?', baseRevision: 1 } });
      assert.equal(stale.statusCode, 409);
      const error = JSON.parse(stale.body).error;
      assert.equal(error.code, 'conflict');
      assert.equal(error.field, 'baseRevision');
      assert.equal(error.currentRevision, 2);
      assert.match(error.message, /now at revision 2/);

      const again = await t.app.inject({ method: 'PUT', url: '/api/v1/wiki/edchat-guide', headers: auth, payload: { body: 'x', baseRevision: 0 } });
      assert.equal(again.statusCode, 409, 'base 0 on an existing page is a conflict too');

      const revisions = JSON.parse((await t.app.inject({ url: '/api/v1/wiki/edchat-guide/revisions' })).body);
      assert.equal(revisions.page, 'edchat-guide');
      assert.deepEqual(Object.keys(revisions.revisions[0]).sort(), ['author', 'createdAt', 'number', 'restoredFrom', 'summary', 'title', 'url']);
      assert.equal(revisions.revisions[1].summary, 'Start');
      assert.equal(revisions.revisions[1].url, 'http://musesocial.test/wiki/edchat-guide/revisions/1');

      const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/wiki/edchat-guide', headers: auth, payload: { body: 'x' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(JSON.parse(bad.body).error.field, 'baseRevision');
      const empty = await t.app.inject({ method: 'PUT', url: '/api/v1/wiki/edchat-guide', headers: auth, payload: { body: '   ', baseRevision: 2 } });
      assert.deepEqual(JSON.parse(empty.body).error, { code: 'validation_failed', message: 'body: must not be empty', field: 'body' });
      const badSlug = await t.app.inject({ method: 'PUT', url: '/api/v1/wiki/Bad_Slug', headers: auth, payload: { body: 'x', baseRevision: 0 } });
      assert.equal(JSON.parse(badSlug.body).error.field, 'slug');
      const missing = await t.app.inject({ url: '/api/v1/wiki/nope' });
      assert.equal(missing.statusCode, 404);
      assert.equal(JSON.parse(missing.body).error.code, 'not_found');

      const openapi = JSON.parse((await t.app.inject({ url: '/api/openapi.json' })).body);
      assert.ok(openapi.paths['/api/v1/wiki/{slug}'].get);
      assert.ok(openapi.paths['/api/v1/wiki/{slug}'].put.requestBody.content['application/json'].schema.properties.baseRevision);
      assert.ok(openapi.paths['/api/v1/wiki/{slug}'].put.responses['409']);
      assert.ok(openapi.paths['/api/v1/wiki/{slug}/revisions'].get);
      assert.equal(openapi.paths['/wiki/{slug}'], undefined, 'HTML routes are not API');
    });

    it('lets organizers protect a page, and then only they (and moderators, admins) edit it', async () => {
      const organizer = await member({ role: 'organizer' });
      const moderator = await member({ role: 'moderator' });
      const writer = await member();
      const slug = (await createViaForm(writer.cookie, 'Code of conduct', 'Be kind.')).slice('/wiki/'.length);

      const refused = await submit(`/wiki/${slug}`, `/wiki/${slug}/protect`, { protected: '1' }, writer.cookie);
      assert.equal(refused.statusCode, 403, 'members cannot protect');
      const memberPage = await t.app.inject({ url: `/wiki/${slug}`, headers: { ...html, cookie: writer.cookie } });
      assert.doesNotMatch(memberPage.body, /Protect page/);

      const organizerPage = await t.app.inject({ url: `/wiki/${slug}`, headers: { ...html, cookie: organizer.cookie } });
      assert.match(organizerPage.body, /Protect page/);
      const protect = await submit(`/wiki/${slug}`, `/wiki/${slug}/protect`, { protected: '1' }, organizer.cookie);
      assert.equal(protect.statusCode, 303);
      assert.equal((await findPageBySlug(db(), slug))!.protected, 1);

      const editForm = await t.app.inject({ url: `/wiki/${slug}/edit`, headers: { ...html, cookie: writer.cookie } });
      assert.equal(editForm.statusCode, 403);
      assert.match(editForm.body, /This page is protected/);
      const post = await editViaForm(writer.cookie, slug, { body: 'Be rude.', baseRevision: 1 });
      assert.equal(post.statusCode, 403);
      const api = await t.app.inject({ method: 'PUT', url: `/api/v1/wiki/${slug}`, headers: await bearerFor(db(), writer.user), payload: { body: 'Be rude.', baseRevision: 1 } });
      assert.equal(api.statusCode, 403);
      const restore = await submit(`/wiki/${slug}`, `/wiki/${slug}/restore`, { revision: '1' }, writer.cookie);
      assert.equal(restore.statusCode, 403);
      const shown = await t.app.inject({ url: `/wiki/${slug}`, headers: { ...html, cookie: writer.cookie } });
      assert.match(shown.body, /Protected<\/span>/);
      assert.doesNotMatch(shown.body, />Edit<\/a>/);
      assert.equal((await findPageBySlug(db(), slug))!.current.number, 1, 'nothing was saved');

      assert.equal((await editViaForm(organizer.cookie, slug, { body: 'Be kind, always.', baseRevision: 1 })).statusCode, 303);
      assert.equal((await editViaForm(moderator.cookie, slug, { body: 'Be kind, always!', baseRevision: 2 })).statusCode, 303);

      await submit(`/wiki/${slug}`, `/wiki/${slug}/protect`, { protected: '0' }, moderator.cookie);
      assert.equal((await editViaForm(writer.cookie, slug, { body: 'Be kind.', baseRevision: 3 })).statusCode, 303, 'unprotected again');
    });

    it('neutralizes <script> and javascript: links in page text', async () => {
      const { cookie } = await member();
      const slug = (await createViaForm(cookie, 'Hostile', '<script>alert(1)</script>\n\n[x](javascript:alert(1)) [[<script>alert(2)</script>]] <img src=x onerror=alert(3)>')).slice(
        '/wiki/'.length,
      );
      const page = await t.app.inject({ url: `/wiki/${slug}`, headers: html });
      const body = page.body.slice(page.body.indexOf('<main'));
      assert.doesNotMatch(body, /<script|<img|href="javascript:/i);
      assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(body, /class="wiki-link wiki-link-new" href="\/wiki\/script-alert-2-script\?title=[^"]+">&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    });

    it('keeps anonymous visitors to reading', async () => {
      const { cookie } = await member();
      const slug = (await createViaForm(cookie, 'Open page', 'Read me.')).slice('/wiki/'.length);

      assert.equal((await t.app.inject({ url: `/wiki/${slug}`, headers: html })).statusCode, 200);
      assert.equal((await t.app.inject({ url: `/wiki/${slug}/history`, headers: html })).statusCode, 200);
      const newForm = await t.app.inject({ url: '/wiki/new', headers: html });
      assert.equal(newForm.statusCode, 303);
      assert.equal(newForm.headers.location, '/login?next=%2Fwiki%2Fnew');
      const editForm = await t.app.inject({ url: `/wiki/${slug}/edit`, headers: html });
      assert.equal(editForm.headers.location, `/login?next=${encodeURIComponent(`/wiki/${slug}/edit`)}`);

      // Anyone can get a CSRF token (the sign-in form has one); authorization must still say no.
      const post = await submit('/login', `/wiki/${slug}/edit`, { title: 'Open page', body: 'Vandalized', baseRevision: '1' }, '');
      assert.equal(post.statusCode, 401);
      const create = await submit('/login', '/wiki/new', { title: 'Spam', body: 'Spam' }, '');
      assert.equal(create.statusCode, 401);
      const api = await t.app.inject({ method: 'PUT', url: `/api/v1/wiki/${slug}`, payload: { body: 'Vandalized', baseRevision: 1 } });
      assert.equal(api.statusCode, 401);
      assert.equal((await findPageBySlug(db(), slug))!.current.body, 'Read me.');
      assert.equal(await findPageBySlug(db(), 'spam'), undefined);

      const banned = await member({ bannedAt: Date.now() });
      assert.equal((await editViaForm(banned.cookie, slug, { body: 'Vandalized', baseRevision: 1 })).statusCode, 403, 'banned accounts read only');
    });

    it('requires the CSRF token on every wiki form', async () => {
      const { cookie } = await member();
      const slug = (await createViaForm(cookie, 'Guarded', 'Safe.')).slice('/wiki/'.length);
      // Complete forms, so the CSRF check (not body validation) is what refuses them.
      const forged = form({ title: 'Guarded', body: 'Forged', baseRevision: '1', revision: '1', protected: '1', _csrf: 'forged' });
      for (const url of [`/wiki/${slug}/edit`, '/wiki/new', `/wiki/${slug}/restore`, `/wiki/${slug}/protect`]) {
        const response = await t.app.inject({ method: 'POST', url, payload: forged.payload, headers: { ...forged.headers, cookie } });
        assert.equal(response.statusCode, 403, url);
        assert.equal(JSON.parse(response.body).error.code, 'csrf_failed');
      }
      assert.equal((await findPageBySlug(db(), slug))!.current.number, 1);
    });

    it('shows bad input next to the field and saves nothing', async () => {
      const { cookie } = await member();
      const emptyTitle = await submit('/wiki/new', '/wiki/new', { title: '  ', body: 'Text' }, cookie);
      assert.equal(emptyTitle.statusCode, 422);
      assert.match(emptyTitle.body, /<p class="field-error" id="field-title-error">must not be empty<\/p>/);
      assert.match(emptyTitle.body, /aria-invalid="true"/);
      assert.match(emptyTitle.body, /<textarea id="field-body" name="body"[^>]*>Text<\/textarea>/, 'what was typed is kept');

      const slug = (await createViaForm(cookie, 'Taken', 'First.')).slice('/wiki/'.length);
      const duplicate = await submit('/wiki/new', '/wiki/new', { title: 'TAKEN!', body: 'Second.' }, cookie);
      assert.equal(duplicate.statusCode, 409);
      assert.match(duplicate.body, /already exists at \/wiki\/taken/);

      const emptyBody = await editViaForm(cookie, slug, { body: ' \n ', baseRevision: 1 });
      assert.equal(emptyBody.statusCode, 422);
      assert.match(emptyBody.body, /id="field-body-error">must not be empty/);
      const longSummary = await editViaForm(cookie, slug, { body: 'Fine.', baseRevision: 1, summary: 'x'.repeat(301) });
      assert.match(longSummary.body, /id="field-summary-error">must be at most 300 characters/);
      assert.equal((await findPageBySlug(db(), slug))!.current.number, 1);
    });

    it('links pages by name, offers to create missing ones, and embeds a hashtag’s upcoming chats', async () => {
      const organizer = await buildUser(db(), { role: 'organizer' });
      await buildChat(db(), organizer, { title: 'Next museum chat', hashtags: ['musesocial'], startsInHours: 48 });
      await buildChat(db(), organizer, { title: 'Old museum chat', hashtags: ['musesocial'], startsInHours: -48 });
      await buildChat(db(), organizer, { title: 'Teachers only', hashtags: ['edchat'], startsInHours: 24 });
      const { cookie } = await member();
      await createViaForm(cookie, 'Chat etiquette', 'Be kind.');
      const slug = (await createViaForm(cookie, 'Resources', 'Read [[Chat etiquette]] and [[Writing questions|how to write questions]].\n\n{{upcoming #musesocial}}\n\nThe end.')).slice(
        '/wiki/'.length,
      );

      const page = await t.app.inject({ url: `/wiki/${slug}`, headers: html });
      assert.match(page.body, /<a class="wiki-link" href="\/wiki\/chat-etiquette">Chat etiquette<\/a>/);
      assert.match(page.body, /<a class="wiki-link wiki-link-new" href="\/wiki\/writing-questions\?title=Writing%20questions">how to write questions<span class="wiki-link-note"> \(new page\)/);
      assert.match(page.body, /<section class="wiki-embed" aria-label="Upcoming #musesocial chats">/);
      assert.match(page.body, /Next museum chat/);
      assert.doesNotMatch(page.body, /Old museum chat/, 'past chats are not upcoming');
      assert.doesNotMatch(page.body, /Teachers only/, 'other hashtags stay out');
      assert.match(page.body, /<p>The end\.<\/p>/);

      const missing = await t.app.inject({ url: '/wiki/writing-questions?title=Writing%20questions', headers: { ...html, cookie } });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /“Writing questions” has not been written yet/);
      assert.match(missing.body, /href="\/wiki\/new\?title=Writing%20questions">\s*Create “Writing questions”/);
      const newForm = await t.app.inject({ url: '/wiki/new?title=Writing%20questions', headers: { ...html, cookie } });
      assert.match(newForm.body, /<input id="field-title" name="title" type="text" value="Writing questions"/);
    });

    it('lists pages, shows old revisions and answers bad revision numbers clearly', async () => {
      const { cookie } = await member();
      const slug = (await createViaForm(cookie, 'Timeline', 'Version one.')).slice('/wiki/'.length);
      await editViaForm(cookie, slug, { body: 'Version two.', baseRevision: 1 });
      await createViaForm(cookie, 'Another page', 'Hi.');

      const index = await t.app.inject({ url: '/wiki', headers: html });
      assert.equal(index.statusCode, 200);
      assert.match(index.body, /<a href="\/wiki" aria-current="page">Wiki<\/a>/, 'in the main navigation');
      const titles = [...index.body.matchAll(/class="wiki-index-title" href="\/wiki\/([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(titles, ['another-page', 'timeline'], 'recently changed first');

      const old = await t.app.inject({ url: `/wiki/${slug}/revisions/1`, headers: { ...html, cookie } });
      assert.equal(old.statusCode, 200);
      assert.match(old.body, /<p>Version one\.<\/p>/);
      assert.match(old.body, /You are reading revision 1 of 2/);
      assert.match(old.body, /Restore revision 1/);

      assert.equal((await t.app.inject({ url: `/wiki/${slug}/revisions/9`, headers: html })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/wiki/${slug}/diff?from=1&to=9`, headers: html })).statusCode, 404);
      const bad = await t.app.inject({ url: `/wiki/${slug}/diff?from=first&to=2` });
      assert.equal(bad.statusCode, 400);
      assert.equal(JSON.parse(bad.body).error.field, 'from');
      assert.equal((await t.app.inject({ url: '/wiki/nothing-here', headers: html })).statusCode, 404);
      const messy = await t.app.inject({ url: '/wiki/Time_Line%20', headers: html });
      assert.equal(messy.statusCode, 301);
      assert.equal(messy.headers.location, '/wiki/time-line');
    });
  });
}
