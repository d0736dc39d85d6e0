import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB, User } from '../../src/db/schema.ts';
import { openPostgres, openSqlite, type Database, type DatabaseKind } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { databaseTargets, freshDatabase, POSTGRES_URL } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { insertPost } from '../../src/posts/posts.repository.ts';
import { searchPosts } from '../../src/search/search.service.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { SseClient } from '../support/sse.ts';
import ExcelJS from 'exceljs';

const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');

interface Posted {
  id: string;
  text: string;
}

for (const target of databaseTargets()) {
  describe(`consent removal on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    let db: Kysely<DB>;
    let admin: User;
    let dana: User;
    let sam: User;
    let chat: { id: number; slug: string };

    beforeEach(async () => {
      t = await buildTestApp(target.kind);
      db = t.database.db;
      admin = await buildUser(db, { role: 'admin', handle: 'root_admin' });
      dana = await buildUser(db, { handle: 'dana', displayName: 'Dana Okafor' });
      sam = await buildUser(db, { handle: 'sam', displayName: 'Sam Lindqvist' });
      chat = await buildChat(db, admin, { slug: 'live-chat', hashtags: ['musesocial'], startsInHours: -0.5 });
    });
    afterEach(() => t.close());

    const api = async (user: User, method: 'POST' | 'GET', url: string, payload?: object) => {
      const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: await bearerFor(db, user), ...(payload ? { payload } : {}) });
      assert.ok(response.statusCode < 300, `${method} ${url}: ${response.body}`);
      return JSON.parse(response.body);
    };
    const postAs = async (user: User, text: string, replyTo?: string): Promise<Posted> => api(user, 'POST', `/chats/${chat.slug}/posts`, { text, ...(replyTo ? { replyTo } : {}) });
    const searchTexts = async (q: string) => JSON.parse((await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` })).body).results.map((r: { post: { text: string } }) => r.post.text);
    const chatPosts = async () => JSON.parse((await t.app.inject({ url: `/api/v1/chats/${chat.slug}/posts?limit=200` })).body).posts as Array<{ id: string; text: string; author: { handle: string; displayName: string }; counts: { replies: number; boosts: number; likes: number }; source: unknown }>;
    const eventPayloads = async () => (await db.selectFrom('chatEvents').select(['type', 'payload']).where('chatId', '=', chat.id).execute()).map((e) => `${e.type} ${e.payload}`).join('\n');

    /** Dana's life in a chat: posts, a reply to Sam, a boost of Sam, Sam boosting and replying to her. */
    async function conversation() {
      const samQuestion = await postAs(sam, 'What do visitors ask most? zebracorn');
      const danaAnswer = await postAs(dana, 'A1 where the toilets are, honestly pangolinword', samQuestion.id);
      const danaOwn = await postAs(dana, 'Second thought from dana pangolinword');
      await api(dana, 'POST', `/posts/${samQuestion.id}/boost`);
      await api(sam, 'POST', `/posts/${danaOwn.id}/boost`);
      await api(sam, 'POST', `/posts/${danaOwn.id}/like`);
      const samReply = await postAs(sam, 'Ha, same here zebracorn', danaAnswer.id);
      return { samQuestion, danaAnswer, danaOwn, samReply };
    }

    async function askAs(user: User, fields: Record<string, string>) {
      const cookie = await sessionCookieFor(db, user);
      const csrf = await formCsrf(t.app, `/@${user.handle}`, cookie);
      const response = await t.app.inject({ method: 'POST', url: `/@${user.handle}/consent-request`, headers: { ...form({ ...fields, _csrf: csrf.token }).headers, cookie: csrf.cookie, accept: 'text/html' }, payload: form({ ...fields, _csrf: csrf.token }).payload });
      return response;
    }

    async function adminPost(url: string, fields: Record<string, string>, user: User = admin) {
      const cookie = await sessionCookieFor(db, user);
      const csrf = await formCsrf(t.app, `/@${user.handle}`, cookie);
      const body = form({ ...fields, _csrf: csrf.token });
      return t.app.inject({ method: 'POST', url, headers: { ...body.headers, cookie: csrf.cookie, accept: 'text/html' }, payload: body.payload });
    }

    it('removes a member’s posts on their request: search, posts API, live log, author row, counts; and logs it', async () => {
      const { samQuestion, samReply } = await conversation();
      assert.deepEqual((await searchTexts('pangolinword')).length, 2);

      const asked = await askAs(dana, { mode: 'remove', reason: 'Changing jobs' });
      assert.equal(asked.statusCode, 303);
      const profile = await t.app.inject({ url: '/@dana', headers: { cookie: await sessionCookieFor(db, dana), accept: 'text/html' } });
      assert.match(profile.body, /You asked on .+ to remove the posts/);
      // Asked again from a form left open: one request, as the member now wants it (a blank reason keeps the first).
      const again = await askAs(dana, { mode: 'anonymise', reason: '' });
      assert.equal(again.statusCode, 303);
      const requests = await db.selectFrom('consentRequests').selectAll().execute();
      assert.equal(requests.length, 1, 'asking twice stores one request');
      assert.deepEqual([requests[0]!.mode, requests[0]!.reason], ['anonymise', 'Changing jobs']);
      const changed = await t.app.inject({ url: '/@dana', headers: { cookie: await sessionCookieFor(db, dana), accept: 'text/html' } });
      assert.match(changed.body, /You asked on .+ to keep the posts, anonymously/);

      const page = await t.app.inject({ url: '/admin/consent', headers: { cookie: await sessionCookieFor(db, admin), accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /@dana, /);
      assert.match(page.body, /Changing jobs/);
      assert.match(page.body, /Archived: 3 posts \(@dana on local\)/);

      await db.insertInto('metricsCache').values({ chatId: chat.id, fingerprint: 'x', figures: '{"posters":[{"handle":"dana"}]}', computedAt: Date.now() }).execute();
      const done = await adminPost(`/admin/consent/requests/${requests[0]!.id}`, { action: 'carry-out', mode: 'remove' });
      assert.equal(done.statusCode, 303, done.body);
      const notice = await t.app.inject({ url: done.headers.location as string, headers: { cookie: await sessionCookieFor(db, admin), accept: 'text/html' } });
      assert.match(notice.body, /role="status">Removed 3 posts and 1 boost of them by @dana \(local\)\./);

      assert.deepEqual(await searchTexts('pangolinword'), []);
      assert.deepEqual(await searchTexts('from:dana'), []);
      const posts = await chatPosts();
      assert.ok(posts.every((p) => p.author.handle !== 'dana' && !p.text.includes('pangolinword')), JSON.stringify(posts));
      assert.deepEqual(posts.map((p) => p.text.replace(/ #musesocial$/, '')), ['What do visitors ask most? zebracorn', 'Ha, same here zebracorn'], 'Sam’s boost of Dana is gone, his reply stays');
      const question = posts.find((p) => p.id === samQuestion.id)!;
      assert.deepEqual(question.counts, { replies: 0, boosts: 0, likes: 0 }, 'Dana’s reply and boost no longer count');
      assert.equal(posts.find((p) => p.id === samReply.id)!.counts.replies, 0);
      assert.equal(await db.selectFrom('authors').select('id').where('handle', '=', 'dana').executeTakeFirst(), undefined, 'the author row is gone');
      assert.deepEqual(await db.selectFrom('metricsCache').select('chatId').execute(), [], 'cached figures naming her are dropped');
      assert.ok(await db.selectFrom('users').select('id').where('handle', '=', 'dana').executeTakeFirst(), 'the account itself stays');

      const events = await eventPayloads();
      assert.ok(!events.includes('pangolinword') && !events.includes('Dana Okafor'), 'no text or name left in the live event log');
      assert.match(events, /post\.deleted \{"postId":"\d+","removed":true\}/);

      const log = await db.selectFrom('consentLog').selectAll().execute();
      assert.equal(log.length, 1);
      assert.deepEqual(
        { mode: log[0]!.mode, author: `${log[0]!.authorNetwork}:${log[0]!.authorHandle}`, posts: log[0]!.postCount, boosts: log[0]!.boostCount, by: log[0]!.performedBy, asked: log[0]!.requestedBy, via: log[0]!.via, reason: log[0]!.reason },
        { mode: 'remove', author: 'local:dana', posts: 3, boosts: 1, by: '@root_admin', asked: '@dana', via: 'web', reason: 'Changing jobs' },
      );
      assert.equal((await db.selectFrom('consentRequests').select('status').executeTakeFirstOrThrow()).status, 'done');
      if (target.kind === 'sqlite') await sql`insert into posts_fts (posts_fts, rank) values ('integrity-check', 1)`.execute(db);
    });

    it('anonymises: the text stays, the author and the link to the original go', async () => {
      const imported = await db
        .insertInto('authors')
        .values({ network: 'twitter', handle: 'dana_o', displayName: 'Dana O.', userId: null, sourceUserId: '99', followersCount: 10, profileUrl: 'https://twitter.com/dana_o', createdAt: Date.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertPost(db, { chatId: chat.id, authorId: Number(imported.id), text: 'Archived tweet about narwhalword, as I said in https://twitter.com/dana_o/status/1234567890123456000 (@dana_o)', kind: 'original', createdAt: Date.UTC(2015, 0, 1), sourceNetwork: 'twitter', sourceId: '1234567890123456789', sourceUrl: 'https://twitter.com/dana_o/status/1234567890123456789' }, []);
      await postAs(sam, 'unrelated');

      const preview = await adminPost('/admin/consent/forget', { author: 'https://x.com/dana_o', network: 'any', mode: 'anonymise', requestedBy: 'Dana, by e-mail' });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Anonymise 1 post\?/);
      assert.equal((await searchTexts('narwhalword')).length, 1, 'the preview changed nothing');

      const done = await adminPost('/admin/consent/forget', { author: 'https://x.com/dana_o', network: 'any', mode: 'anonymise', requestedBy: 'Dana, by e-mail', confirm: 'yes' });
      assert.equal(done.statusCode, 303, done.body);
      const found = JSON.parse((await t.app.inject({ url: '/api/v1/search?q=narwhalword' })).body).results;
      assert.equal(found.length, 1);
      assert.deepEqual(found[0].post.author, { handle: '~anonymous', displayName: 'Anonymous', network: 'twitter' });
      assert.equal(found[0].post.source, null, 'a tweet id leads to the tweet, and its author');
      assert.deepEqual(await searchTexts('from:dana_o'), []);
      assert.equal(await db.selectFrom('authors').select('id').where('handle', '=', 'dana_o').executeTakeFirst(), undefined);
      const page = await t.app.inject({ url: '/search?q=narwhalword', headers: { accept: 'text/html' } });
      assert.ok(!page.body.includes('~anonymous'), 'no handle shown for Anonymous');
      // Nor in the transcript, the room, or any readable export; the lossless JSON Lines keep it, to re-import as Anonymous.
      for (const url of ['transcript', 'live', 'transcript.csv', 'transcript.tags.csv', 'transcript.md', 'transcript.html']) {
        const response = await t.app.inject({ url: `/chats/${chat.slug}/${url}`, headers: { accept: 'text/html' } });
        assert.equal(response.statusCode, 200, url);
        assert.match(response.body, /narwhalword/, url);
        if (url !== 'transcript.tags.csv') assert.match(response.body, /Anonymous/, url); // TAGS has no display-name column
        assert.ok(!response.body.includes('anonymous'), `${url}: ${response.body.slice(response.body.indexOf('anonymous') - 200, response.body.indexOf('anonymous') + 50)}`);
        assert.ok(!response.body.includes('dana_o'), `${url}: its own link and @-name are out of its text: ${response.body.slice(response.body.indexOf('dana_o') - 200, response.body.indexOf('dana_o') + 50)}`);
      }
      assert.match(found[0].post.text, /as I said in \[link removed\] \(\[name removed\]\)$/);
      const [entry] = await db.selectFrom('consentLog').selectAll().execute();
      assert.deepEqual([entry!.mode, entry!.authorHandle, entry!.postCount, entry!.requestedBy], ['anonymise', 'dana_o', 1, 'Dana, by e-mail']);
    });

    /** Everything a chat's posts are served or exported as, by name. */
    async function everythingServed(slug: string): Promise<Array<[string, string]>> {
      const served: Array<[string, string]> = [];
      for (const url of ['transcript', 'transcript.csv', 'transcript.tags.csv', 'transcript.jsonl', 'transcript.md', 'transcript.html']) {
        const response = await t.app.inject({ url: `/chats/${slug}/${url}`, headers: { accept: 'text/html' } });
        assert.equal(response.statusCode, 200, url);
        served.push([url, response.body]);
      }
      const xlsx = await t.app.inject({ url: `/chats/${slug}/transcript.xlsx` });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.getWorksheet('Posts')!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
      served.push(['transcript.xlsx', cells.join('\n')]);
      for (const url of [`/api/v1/chats/${slug}/posts?limit=200`, '/api/v1/search?q=walrusword']) served.push([url, (await t.app.inject({ url })).body]);
      const posts = await db.selectFrom('posts').innerJoin('chats', 'chats.id', 'posts.chatId').select('posts.id').where('chats.slug', '=', slug).execute();
      for (const { id } of posts) served.push([`permalink ${id}`, (await t.app.inject({ url: `/chats/${slug}/posts/${id}`, headers: { accept: 'text/html' } })).body]);
      return served;
    }

    const anonymisedAccounts = [
      {
        network: 'mastodon' as const,
        profile: 'https://fosstodon.org/@MickaelCanouil',
        author: { handle: 'MickaelCanouil@fosstodon.org', sourceUserId: 'https://fosstodon.org/users/MickaelCanouil', profileUrl: 'https://fosstodon.org/@MickaelCanouil' },
        other: { handle: 'sam@mastodon.social', sourceUserId: 'https://mastodon.social/users/sam', profileUrl: 'https://mastodon.social/@sam' },
        post: (n: number) => `https://fosstodon.org/users/MickaelCanouil/statuses/${n}`,
        otherPost: (n: number) => `https://mastodon.social/users/sam/statuses/${n}`,
        /** A post of theirs by its web address, as some replies name it. */
        address: (n: number) => `https://fosstodon.org/@MickaelCanouil/${n}`,
        names: ['mickaelcanouil'],
      },
      {
        network: 'bluesky' as const,
        profile: 'https://bsky.app/profile/walrus.bsky.social',
        author: { handle: 'walrus.bsky.social', sourceUserId: 'did:plc:wlrswlrswlrswlrswlrswlrs', profileUrl: 'https://bsky.app/profile/walrus.bsky.social' },
        other: { handle: 'sam.bsky.social', sourceUserId: 'did:plc:samsamsamsamsamsamsamsams', profileUrl: null },
        post: (n: number) => `at://did:plc:wlrswlrswlrswlrswlrswlrs/app.bsky.feed.post/3kwalrus${n}`,
        otherPost: (n: number) => `at://did:plc:samsamsamsamsamsamsamsams/app.bsky.feed.post/3ksam${n}`,
        address: (n: number) => `at://walrus.bsky.social/app.bsky.feed.post/3kwalrus${n}`,
        names: ['wlrswlrswlrs', 'walrus.bsky'],
      },
    ];

    for (const account of anonymisedAccounts) {
      it(`anonymises a ${account.network} account: no export, page or API names it by its addresses, nor in replies to it`, async () => {
        type Fields = { id: string; by: { handle: string; sourceUserId: string; profileUrl: string | null }; kind?: string; text: string; replyTo?: string; quoteOf?: string; boostOf?: string; minute: number };
        const line = (p: Fields) =>
          JSON.stringify({
            musesocial: 1, type: 'post', id: '0', text: p.text, kind: p.kind ?? 'original', createdAt: `2024-05-04T19:${String(p.minute).padStart(2, '0')}:00.000Z`, editedAt: null, hashtags: [], questionNumber: null, answersQuestion: null,
            counts: { likes: 0, boosts: 0, replies: 0 }, author: { network: account.network, displayName: p.by.handle.split(/[@.]/)[0], followersCount: null, ...p.by },
            origin: { network: account.network, id: p.id, url: account.network === 'mastodon' ? p.id.replace('/users/', '/@').replace('/statuses/', '/') : null },
            references: { replyTo: p.replyTo ?? null, quoteOf: p.quoteOf ?? null, boostOf: p.boostOf ?? null },
          });
        const { author, other } = account;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-anonymise-addresses-'));
        const importLines = (slug: string, name: string, lines: string[]) => {
          fs.writeFileSync(path.join(dir, name), lines.join('\n'));
          return importIntoChat(t.database, { via: 'cli' }, slug, { files: [{ path: path.join(dir, name), fileName: name }], format: null });
        };
        try {
          const imported = await importLines(chat.slug, 'archive.jsonl', [
            line({ id: account.post(111), by: author, text: 'A tip about walrusword', minute: 1 }),
            line({ id: account.otherPost(201), by: other, kind: 'reply', replyTo: account.post(111), text: 'Thanks for the walrusword tip', minute: 2 }),
            line({ id: account.otherPost(202), by: other, kind: 'reply', replyTo: account.post(999), text: 'Replying to one not archived walrusword', minute: 3 }),
            line({ id: account.otherPost(203), by: other, kind: 'quote', quoteOf: account.address(998), text: 'Quoting one not archived walrusword', minute: 4 }),
            line({ id: account.otherPost(204), by: other, kind: 'boost', boostOf: account.post(111), text: 'A tip about walrusword', minute: 5 }),
            line({ id: account.post(112), by: author, kind: 'reply', replyTo: account.otherPost(201), text: 'You are welcome walrusword', minute: 6 }),
          ]);
          assert.equal(imported.totals.imported, 6);
          const named = (body: string) => account.names.some((name) => body.toLowerCase().includes(name));
          assert.ok((await everythingServed(chat.slug)).some(([, body]) => named(body)), 'named before');

          const done = await adminPost('/admin/consent/forget', { author: account.profile, network: account.network, mode: 'anonymise', requestedBy: 'by e-mail', confirm: 'yes' });
          assert.equal(done.statusCode, 303, done.body);
          for (const [url, body] of await everythingServed(chat.slug)) {
            assert.match(body, /walrusword/, url);
            assert.ok(!named(body), `${url} names the account: ${body.slice(Math.max(0, body.toLowerCase().indexOf(account.names[0]!) - 300), body.toLowerCase().indexOf(account.names[0]!) + 100)}`);
          }
          // The database keeps what an import of the same archive is recognised by.
          const stored = await db.selectFrom('posts').select('sourceId').where('sourceId', 'in', [account.post(111), account.post(112)]).execute();
          assert.equal(stored.length, 2);

          // The JSON Lines still thread the conversation, by the anonymised posts' permalinks here.
          const jsonl = (await t.app.inject({ url: `/chats/${chat.slug}/transcript.jsonl` })).body;
          const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'post');
          const byText = (start: string) => lines.filter((l) => l.text.startsWith(start));
          const [tip] = byText('A tip');
          assert.equal(tip.source, null);
          assert.match(tip.origin.id, new RegExp(`/chats/${chat.slug}/posts/${tip.id}$`));
          assert.equal(byText('Thanks')[0].references.replyTo, tip.origin.id);
          assert.equal(byText('A tip').find((l) => l.kind === 'boost').references.boostOf, tip.origin.id);
          assert.deepEqual([byText('Replying')[0].kind, byText('Replying')[0].references.replyTo, byText('Quoting')[0].references.quoteOf], ['reply', null, null]);
          assert.equal(byText('Thanks')[0].origin.id, account.otherPost(201), 'others keep their own');

          // Importing that file on another server works, and keeps the posts anonymous and threaded.
          const elsewhere = await freshDatabase(target.kind);
          try {
            const otherChat = await buildChat(elsewhere.db, await buildUser(elsewhere.db, { role: 'organizer' }), { startsInHours: -48 });
            fs.writeFileSync(path.join(dir, 'export.jsonl'), jsonl);
            const again = await importIntoChat(elsewhere, { via: 'cli' }, otherChat.slug, { files: [{ path: path.join(dir, 'export.jsonl'), fileName: 'export.jsonl' }], format: null });
            assert.equal(again.totals.imported, 6, JSON.stringify(again.totals));
            const copies = await elsewhere.db.selectFrom('posts').innerJoin('authors', 'authors.id', 'posts.authorId').selectAll('posts').select('handle').execute();
            const copy = (start: string, kind = 'reply') => copies.find((c) => c.text.startsWith(start) && (start !== 'A tip' || c.kind === kind))!;
            assert.deepEqual([copy('A tip', 'original').handle, copy('You are welcome').handle], ['~anonymous', '~anonymous']);
            assert.equal(copy('Thanks').replyToId, copy('A tip', 'original').id);
            assert.equal(copy('A tip', 'boost').boostOfId, copy('A tip', 'original').id);
            assert.equal(copy('You are welcome').replyToId, copy('Thanks').id);
            assert.ok(!named(JSON.stringify(copies)), JSON.stringify(copies));
          } finally {
            await elsewhere.dispose();
          }

          // A later archive with someone's reply to a post of theirs never archived: the reference goes too.
          await importLines(chat.slug, 'later.jsonl', [line({ id: account.otherPost(205), by: other, kind: 'reply', replyTo: account.address(997), text: 'Late reply walrusword', minute: 7 })]);
          const late = await db.selectFrom('posts').select(['kind', 'replyToSourceId']).where('text', 'like', 'Late reply%').executeTakeFirstOrThrow();
          assert.deepEqual([late.kind, late.replyToSourceId], ['reply', null]);
          for (const [url, body] of await everythingServed(chat.slug)) assert.ok(!named(body), url);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }

    it('removes an account and the addresses of its posts that others’ replies and quotes kept', async () => {
      const author = { network: 'mastodon', handle: 'MickaelCanouil@fosstodon.org', displayName: 'Mickael', sourceUserId: 'https://fosstodon.org/users/MickaelCanouil', profileUrl: 'https://fosstodon.org/@MickaelCanouil', followersCount: null };
      const other = { ...author, handle: 'sam@mastodon.social', displayName: 'Sam', sourceUserId: 'https://mastodon.social/users/sam', profileUrl: 'https://mastodon.social/@sam' };
      const line = (id: string, by: typeof author, text: string, minute: number, references: { replyTo?: string; quoteOf?: string } = {}) =>
        JSON.stringify({
          musesocial: 1, type: 'post', id: '0', text, kind: references.replyTo ? 'reply' : references.quoteOf ? 'quote' : 'original', createdAt: `2024-05-04T19:0${minute}:00.000Z`, editedAt: null, hashtags: [],
          questionNumber: null, answersQuestion: null, counts: { likes: 0, boosts: 0, replies: 0 }, author: by, origin: { network: 'mastodon', id, url: null },
          references: { replyTo: references.replyTo ?? null, quoteOf: references.quoteOf ?? null, boostOf: null },
        });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-remove-addresses-'));
      try {
        fs.writeFileSync(path.join(dir, 'archive.jsonl'), [
          line('https://fosstodon.org/users/MickaelCanouil/statuses/1', author, 'Theirs', 1),
          line('https://mastodon.social/users/sam/statuses/2', other, 'Reply to one never archived', 2, { replyTo: 'https://fosstodon.org/users/MickaelCanouil/statuses/9' }),
          line('https://mastodon.social/users/sam/statuses/3', other, 'Quote by address', 3, { quoteOf: 'https://fosstodon.org/@MickaelCanouil/8' }),
        ].join('\n'));
        const imported = await importIntoChat(t.database, { via: 'cli' }, chat.slug, { files: [{ path: path.join(dir, 'archive.jsonl'), fileName: 'archive.jsonl' }], format: null });
        assert.equal(imported.totals.imported, 3);
        const done = await adminPost('/admin/consent/forget', { author: 'https://fosstodon.org/@MickaelCanouil', network: 'mastodon', mode: 'remove', requestedBy: 'by e-mail', confirm: 'yes' });
        assert.equal(done.statusCode, 303, done.body);
        const left = await db.selectFrom('posts').select(['text', 'replyToSourceId', 'quoteOfSourceId']).where('chatId', '=', chat.id).where('text', 'in', ['Theirs', 'Reply to one never archived', 'Quote by address']).orderBy('text').execute();
        assert.deepEqual(left, [
          { text: 'Quote by address', replyToSourceId: null, quoteOfSourceId: null },
          { text: 'Reply to one never archived', replyToSourceId: null, quoteOfSourceId: null },
        ]);
        for (const [url, body] of await everythingServed(chat.slug)) assert.ok(!body.toLowerCase().includes('mickaelcanouil'), url);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('anonymises a member’s live posts in the event log too', async () => {
      await conversation();
      const request = await db.insertInto('consentRequests').values({ userId: dana.id, handle: 'dana', mode: 'anonymise', reason: '', status: 'pending', createdAt: Date.now(), decidedAt: null, decidedBy: null, note: null }).returning('id').executeTakeFirstOrThrow();
      const done = await adminPost(`/admin/consent/requests/${request.id}`, { action: 'carry-out', mode: 'anonymise' });
      assert.equal(done.statusCode, 303);
      const events = await eventPayloads();
      assert.ok(events.includes('pangolinword'), 'the words stay');
      assert.ok(!events.includes('Dana Okafor') && !events.includes('"handle":"dana"'), 'the name goes');
      const posts = await chatPosts();
      assert.equal(posts.filter((p) => p.author.displayName === 'Anonymous').length, 3);
      assert.equal(posts.find((p) => p.text.startsWith('What do visitors'))!.counts.replies, 1, 'counts unchanged');
    });

    it('pushes the removal to viewers following the room, after commit', async () => {
      const { danaOwn } = await conversation();
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address() as { port: number };
      const viewer = await SseClient.connect(`http://127.0.0.1:${address.port}/api/v1/chats/${chat.slug}/stream`);
      try {
        const done = await adminPost('/admin/consent/forget', { author: 'dana', network: 'local', mode: 'remove', requestedBy: 'Dana, in person', confirm: 'yes' });
        assert.equal(done.statusCode, 303, done.body);
        // Dana's three posts and Sam's boost of her post.
        const events = await viewer.waitFor(4);
        assert.deepEqual(events.map((e) => e.event), ['post.deleted', 'post.deleted', 'post.deleted', 'post.deleted']);
        assert.ok(events.some((e) => JSON.parse(e.data).postId === danaOwn.id));
        assert.ok(events.every((e) => JSON.parse(e.data).removed === true));
      } finally {
        viewer.close();
      }
    });

    it('pushes an anonymisation to viewers as post updates without the name', async () => {
      await conversation();
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address() as { port: number };
      const viewer = await SseClient.connect(`http://127.0.0.1:${address.port}/api/v1/chats/${chat.slug}/stream`);
      try {
        const done = await adminPost('/admin/consent/forget', { author: 'dana', network: 'local', mode: 'anonymise', requestedBy: 'Dana, in person', confirm: 'yes' });
        assert.equal(done.statusCode, 303, done.body);
        const events = await viewer.waitFor(3);
        assert.deepEqual(events.map((e) => e.event), ['post.updated', 'post.updated', 'post.updated']);
        for (const event of events) assert.deepEqual(JSON.parse(event.data).post.author, { handle: '~anonymous', displayName: 'Anonymous', network: 'local' });
      } finally {
        viewer.close();
      }
    });

    it('keeps forgotten authors out of later imports of the same archive', async () => {
      const line = (id: string, handle: string, text: string) =>
        JSON.stringify({
          musesocial: 1, type: 'post', id: '0', text, kind: 'original', createdAt: '2016-05-04T19:00:00.000Z', editedAt: null, hashtags: [], questionNumber: null, answersQuestion: null,
          counts: { likes: 0, boosts: 0, replies: 0 }, author: { network: 'twitter', handle, displayName: handle.toUpperCase(), sourceUserId: null, followersCount: null, profileUrl: null },
          origin: { network: 'twitter', id, url: `https://twitter.com/${handle}/status/${id}` }, references: { replyTo: null, quoteOf: null, boostOf: null },
        });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-reimport-consent-'));
      const file = path.join(dir, 'archive.jsonl');
      fs.writeFileSync(file, [line('101', 'dana_o', 'remove me quaggaword'), line('102', 'kim_a', 'anonymise me quaggaword'), line('103', 'sam_l', 'keep me quaggaword')].join('\n'));
      const importIt = () => importIntoChat(t.database, { via: 'cli' }, chat.slug, { files: [{ path: file, fileName: 'archive.jsonl' }], format: null });
      try {
        assert.equal((await importIt()).totals.imported, 3);
        for (const [author, mode] of [['dana_o', 'remove'], ['kim_a', 'anonymise']] as const) {
          const done = await adminPost('/admin/consent/forget', { author, network: 'twitter', mode, requestedBy: 'by e-mail', confirm: 'yes' });
          assert.equal(done.statusCode, 303, done.body);
        }
        // The archive is imported again: only what is missing comes in, and nobody comes back.
        const again = await importIt();
        assert.equal(again.totals.imported, 0);
        assert.equal(again.totals.skipped, 1, 'the removed post is skipped');
        const found = JSON.parse((await t.app.inject({ url: '/api/v1/search?q=quaggaword' })).body).results as Array<{ post: { text: string; author: { handle: string } } }>;
        assert.deepEqual(found.map((r) => `${r.post.author.handle}: ${r.post.text}`).sort(), ['sam_l: keep me quaggaword', '~anonymous: anonymise me quaggaword']);
        assert.deepEqual((await db.selectFrom('authors').select('handle').where('handle', 'in', ['dana_o', 'kim_a']).execute()).length, 0, 'no author rows come back');

        // A later archive with new posts by them: removed, and anonymised, as the log says.
        fs.writeFileSync(file, [line('201', 'dana_o', 'new removal quaggaword'), line('202', 'kim_a', 'new anonymous quaggaword')].join('\n'));
        const later = await importIt();
        assert.equal(later.totals.imported, 1);
        const texts = (await db.selectFrom('posts').innerJoin('authors', 'authors.id', 'posts.authorId').select(['text', 'handle']).where('text', 'like', 'new %').execute()).map((r) => `${r.handle}: ${r.text}`);
        assert.deepEqual(texts, ['~anonymous: new anonymous quaggaword']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('forgets an account under every name it was archived by, and keeps it out of archives that name it another way', async () => {
      const did = 'did:plc:kimkimkimkimkimkimkimkim';
      const line = (network: 'twitter' | 'bluesky', id: string, handle: string, sourceUserId: string, text: string) =>
        JSON.stringify({
          musesocial: 1, type: 'post', id: '0', text, kind: 'original', createdAt: '2024-05-04T19:00:00.000Z', editedAt: null, hashtags: [], questionNumber: null, answersQuestion: null,
          counts: { likes: 0, boosts: 0, replies: 0 }, author: { network, handle, displayName: handle, sourceUserId, followersCount: null, profileUrl: null },
          origin: { network, id, url: null }, references: { replyTo: null, quoteOf: null, boostOf: null },
        });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-consent-accounts-'));
      const importFile = (name: string, lines: unknown[]) => {
        fs.writeFileSync(path.join(dir, name), lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
        return importIntoChat(t.database, { via: 'cli' }, chat.slug, { files: [{ path: path.join(dir, name), fileName: name }], format: null });
      };
      const texts = async () => (await db.selectFrom('posts').select('text').where('text', 'like', '%okapiword').orderBy('text').execute()).map((r) => r.text);
      try {
        // An X account renamed between two archives (same user id), and a Bluesky account by handle.
        await importFile('archive.jsonl', [
          line('twitter', '301', 'dana_old', '42', 'old name okapiword'),
          line('twitter', '302', 'dana_new', '42', 'new name okapiword'),
          line('twitter', '303', 'dana_else', '43', 'someone else okapiword'),
          line('bluesky', `at://${did}/app.bsky.feed.post/3kaaaaaaaaa2a`, 'kim.bsky.social', did, 'kim on bluesky okapiword'),
        ]);
        for (const [author, network] of [['dana_new', 'twitter'], ['kim.bsky.social', 'bluesky']] as const) {
          const done = await adminPost('/admin/consent/forget', { author, network, mode: 'remove', requestedBy: 'by e-mail', confirm: 'yes' });
          assert.equal(done.statusCode, 303, done.body);
        }
        assert.deepEqual(await texts(), ['someone else okapiword'], 'both of the X names went');
        const logged = await db.selectFrom('consentLog').select(['authorHandle', 'authorSourceUserId']).orderBy('id').execute();
        assert.deepEqual(logged.map((r) => [r.authorHandle, r.authorSourceUserId]).sort(), [['dana_new', '42'], ['dana_old', '42'], ['kim.bsky.social', did]]);

        // Kim's posts come back from a Jetstream capture, which names her by DID alone: they go again.
        const jetstream = { did, time_us: 1716000000000000, kind: 'commit', commit: { rev: 'r', operation: 'create', collection: 'app.bsky.feed.post', rkey: '3kbbbbbbbbb2a', cid: 'bafyreib', record: { $type: 'app.bsky.feed.post', createdAt: '2024-05-18T02:40:00.000Z', text: 'kim again okapiword', langs: ['en'] } } };
        assert.equal((await importFile('jetstream.jsonl', [jetstream])).totals.imported, 0, 'stored, then taken out again');
        // And Dana under a third name, by her id.
        assert.equal((await importFile('renamed.jsonl', [line('twitter', '304', 'dana_newest', '42', 'newest name okapiword')])).totals.imported, 0);
        assert.deepEqual(await texts(), ['someone else okapiword']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('lets only admins handle consent, and members ask only for themselves', async () => {
      const memberCookie = await sessionCookieFor(db, sam);
      const home = async (cookie: string) => (await t.app.inject({ url: '/chats', headers: { cookie, accept: 'text/html' } })).body;
      assert.match(await home(await sessionCookieFor(db, admin)), /<a href="\/admin\/consent">Consent<\/a>/, 'admins find the page from every page');
      assert.ok(!(await home(memberCookie)).includes('/admin/consent'), 'members do not');
      assert.equal((await t.app.inject({ url: '/admin/consent', headers: { cookie: memberCookie, accept: 'text/html' } })).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/admin/consent', headers: { accept: 'text/html' } })).statusCode, 401);
      const moderator = await buildUser(db, { role: 'moderator' });
      assert.equal((await adminPost('/admin/consent/forget', { author: 'dana', mode: 'remove', requestedBy: 'x', confirm: 'yes' }, moderator)).statusCode, 403);

      const cookie = await sessionCookieFor(db, sam);
      const csrf = await formCsrf(t.app, '/@sam', cookie);
      const body = form({ mode: 'remove', reason: '', _csrf: csrf.token });
      const forOther = await t.app.inject({ method: 'POST', url: '/@dana/consent-request', headers: { ...body.headers, cookie: csrf.cookie, accept: 'text/html' }, payload: body.payload });
      assert.equal(forOther.statusCode, 403);
      const noCsrf = await t.app.inject({ method: 'POST', url: '/@sam/consent-request', headers: { ...form({ mode: 'remove' }).headers, cookie, accept: 'text/html' }, payload: form({ mode: 'remove' }).payload });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal((await db.selectFrom('consentRequests').select('id').execute()).length, 0);

      const otherProfile = await t.app.inject({ url: '/@dana', headers: { cookie, accept: 'text/html' } });
      assert.ok(!otherProfile.body.includes('consent-request'), 'no request form on someone else’s profile');
      const ownProfile = await t.app.inject({ url: '/@sam', headers: { cookie, accept: 'text/html' } });
      assert.match(ownProfile.body, /action="\/@sam\/consent-request"/);

      const tooLong = await askAs(sam, { mode: 'remove', reason: 'x'.repeat(2001) });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /<p class="field-error" id="field-reason-error">must be at most 2000 characters<\/p>/);
    });

    it('explains what it cannot forget, on the form', async () => {
      const twitterDana = await db.insertInto('authors').values({ network: 'twitter', handle: 'dana', displayName: 'Other Dana', userId: null, sourceUserId: null, followersCount: null, profileUrl: null, createdAt: Date.now() }).returning('id').executeTakeFirstOrThrow();
      await insertPost(db, { chatId: chat.id, authorId: Number(twitterDana.id), text: 'tweet', kind: 'original', createdAt: Date.now() }, []);
      await postAs(dana, 'local post');

      const unknown = await adminPost('/admin/consent/forget', { author: 'nobody_here', network: 'any', mode: 'remove', requestedBy: 'x' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /id="field-author-error">nothing is archived from @nobody_here</);
      const ambiguous = await adminPost('/admin/consent/forget', { author: '@dana', network: 'any', mode: 'remove', requestedBy: 'x' });
      assert.equal(ambiguous.statusCode, 400);
      assert.match(ambiguous.body, /@dana is archived from several networks: local \(1 post\), twitter \(1 post\); choose one/);
      const noAsker = await adminPost('/admin/consent/forget', { author: 'dana', network: 'twitter', mode: 'remove', requestedBy: ' ' });
      assert.equal(noAsker.statusCode, 400);
      assert.match(noAsker.body, /id="field-requestedBy-error">say who asked/);
      const neither = await adminPost('/admin/consent/forget', { author: 'nobody_here', network: 'any', mode: 'remove', requestedBy: '' });
      assert.equal(neither.statusCode, 400);
      assert.match(neither.body, /id="field-author-error">nothing is archived from @nobody_here</, 'both fields are marked at once');
      assert.match(neither.body, /id="field-requestedBy-error">say who asked/);

      const request = await db.insertInto('consentRequests').values({ userId: dana.id, handle: 'dana', mode: 'remove', reason: '', status: 'pending', createdAt: Date.now(), decidedAt: null, decidedBy: null, note: null }).returning('id').executeTakeFirstOrThrow();
      assert.equal((await adminPost(`/admin/consent/requests/${request.id}`, { action: 'decline', note: '' })).statusCode, 400);
      assert.equal((await adminPost(`/admin/consent/requests/${request.id}`, { action: 'decline', note: 'Not your posts' })).statusCode, 303);
      assert.equal((await adminPost(`/admin/consent/requests/${request.id}`, { action: 'carry-out', mode: 'remove' })).statusCode, 409, 'a decided request stays decided');
      assert.equal((await db.selectFrom('posts').select('id').execute()).length, 2, 'nothing was removed');
    });

    it('forgets and searches from the command line, printing one JSON document', async () => {
      const cli = await cliDatabase(target.kind);
      try {
        const cliDb = cli.database.db;
        const organizer = await buildUser(cliDb, { role: 'organizer' });
        const archived = await buildChat(cliDb, organizer, { slug: 'archived', startsInHours: -48 });
        const author = await cliDb.insertInto('authors').values({ network: 'mastodon', handle: 'kim@museum.social', displayName: 'Kim', userId: null, sourceUserId: null, followersCount: null, profileUrl: null, createdAt: Date.now() }).returning('id').executeTakeFirstOrThrow();
        for (const text of ['okapiword one', 'okapiword two']) await insertPost(cliDb, { chatId: archived.id, authorId: Number(author.id), text, kind: 'original', createdAt: Date.UTC(2020, 0, 1) }, []);

        const search = run(['search', 'okapiword', 'from:@kim@museum.social', '--json', '--limit', '1'], cli.env);
        assert.equal(search.code, 0, search.stderr);
        const page = JSON.parse(search.stdout);
        assert.equal(search.stdout.trim().split('\n').length, 1, 'one document, one line');
        assert.equal(page.results.length, 1);
        assert.equal(page.results[0].post.author.handle, 'kim@museum.social');
        assert.equal(typeof page.nextCursor, 'string');
        const bad = run(['search', 'since:someday', '--json'], cli.env);
        assert.equal(bad.code, 1);
        assert.equal(JSON.parse(bad.stdout).error.field, 'q');

        const refused = run(['forget', '@kim@museum.social'], cli.env);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /Kim \(@kim@museum.social on mastodon\): 2 posts/);
        assert.match(refused.stderr, /pass --yes/);
        assert.equal(Number((await cliDb.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 2, 'nothing changed');

        const forgot = run(['forget', 'https://museum.social/@kim', '--yes', '--json', '--requested-by', 'Kim, by e-mail'], cli.env);
        assert.equal(forgot.code, 0, forgot.stderr);
        assert.deepEqual(JSON.parse(forgot.stdout), { mode: 'remove', authors: [{ network: 'mastodon', handle: 'kim@museum.social', posts: 2, boosts: 0 }], posts: 2, boosts: 0, events: 0 });
        assert.deepEqual(await cliDb.selectFrom('posts').select('id').execute(), []);
        assert.equal((await searchPosts(cli.database, null, { q: 'okapiword', limit: 10 })).results.length, 0);
        const [entry] = await cliDb.selectFrom('consentLog').selectAll().execute();
        assert.equal(entry!.via, 'cli');
        assert.equal(entry!.requestedBy, 'Kim, by e-mail');
        assert.match(entry!.performedBy, /^cli \(unix user .+\)$/);
      } finally {
        await cli.dispose();
      }
    });
  });
}

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, input: '', encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A database the CLI process can open too: a SQLite file in a data dir, or a PostgreSQL schema named in DATABASE_URL. */
async function cliDatabase(kind: DatabaseKind): Promise<{ database: Database; env: Record<string, string>; dispose(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-consent-'));
    const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
    await migrateToLatest(database);
    return {
      database,
      env: { MUSESOCIAL_DATA_DIR: dataDir },
      dispose: async () => {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = openPostgres(POSTGRES_URL, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const database = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 2 });
  await migrateToLatest(database);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    database,
    env: { DATABASE_URL: url.toString(), MUSESOCIAL_DATA_DIR: os.tmpdir() },
    dispose: async () => {
      await database.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}
