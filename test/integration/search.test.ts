import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import fc from 'fast-check';
import type { DB, Network, User } from '../../src/db/schema.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { insertPost } from '../../src/posts/posts.repository.ts';
import { extractHashtags } from '../../src/posts/post-text.ts';
import { newestIdsWithPlan } from '../../src/search/search-sqlite.ts';
import type { SqlitePlan } from '../../src/search/sqlite-plan.ts';
import { newestIdsInPgWindows, newestIdsWithPgPlan } from '../../src/search/search-postgres.ts';
import type { PgPlan } from '../../src/search/postgres-plan.ts';
import { searchFilterFor } from '../../src/search/search.service.ts';
import { parseSearchQuery } from '../../src/search/search-query.ts';
import { firstKeyAt } from '../../src/search/search-key.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 4, 7, 19, 0); // Tue 7 May 2024, 15:00 in New York

interface Author {
  id: number;
  handle: string;
}

async function author(db: Kysely<DB>, handle: string, network: Network = 'twitter', displayName = handle): Promise<Author> {
  const row = await db
    .insertInto('authors')
    .values({ network, handle, displayName, userId: null, sourceUserId: null, followersCount: null, profileUrl: null, createdAt: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), handle };
}

async function post(db: Kysely<DB>, chatId: number, by: Author, text: string, createdAt: number, extra: { hiddenAt?: number; deletedAt?: number } = {}): Promise<string> {
  const id = await insertPost(db, { chatId, authorId: by.id, text, kind: 'original', createdAt, ...extra }, extractHashtags(text));
  return String(id);
}

for (const target of databaseTargets()) {
  describe(`search on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    let db: Kysely<DB>;
    let organizer: User;
    let chatA: { id: number; slug: string };
    let chatB: { id: number; slug: string };
    let dana: Author;
    let sam: Author;
    let kim: Author;

    const search = async (q: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) => {
      const response = await t.app.inject({ url: `/api/v1/search?${new URLSearchParams({ q, ...params })}`, headers });
      return { status: response.statusCode, body: JSON.parse(response.body) };
    };
    const texts = async (q: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) => {
      const { status, body } = await search(q, params, headers);
      assert.equal(status, 200, JSON.stringify(body));
      return body.results.map((r: { post: { text: string } }) => r.post.text);
    };

    beforeEach(async () => {
      t = await buildTestApp(target.kind);
      db = t.database.db;
      organizer = await buildUser(db, { role: 'organizer' });
      chatA = await buildChat(db, organizer, { slug: 'musesocial-may', hashtags: ['musesocial'], startsInHours: -48 });
      chatB = await buildChat(db, organizer, { slug: 'edchat-may', hashtags: ['edchat'], startsInHours: -24 });
      dana = await author(db, 'dana', 'local', 'Dana Okafor');
      sam = await author(db, 'sam');
      kim = await author(db, 'kim@museum.social', 'mastodon');
      await post(db, chatA.id, dana, 'Welcome to the museum chat #musesocial', T0);
      await post(db, chatA.id, sam, 'A1 open access images changed our museum #musesocial', T0 + 60_000);
      await post(db, chatA.id, kim, 'Access to the archive is open on weekdays #musesocial', T0 + 120_000);
      await post(db, chatB.id, sam, 'Museums and schools: field trips #edchat', T0 + DAY);
      await post(db, chatB.id, dana, 'Sponsored museum content is still content #edchat', T0 + 2 * DAY);
      await post(db, chatB.id, kim, 'Museology reading list #edchat #musesocial', T0 + 3 * DAY);
    });
    afterEach(() => t.close());

    it('finds words anywhere, newest first, case-insensitively', async () => {
      assert.deepEqual(await texts('MUSEUM'), [
        'Sponsored museum content is still content #edchat',
        'A1 open access images changed our museum #musesocial',
        'Welcome to the museum chat #musesocial',
      ]);
      assert.deepEqual(await texts('museum access'), ['A1 open access images changed our museum #musesocial']);
    });

    it('finds an account under every name it was archived by: a Bluesky DID, an X account renamed', async () => {
      const did = 'did:plc:ragtjsm2j2vknwkz3zp4oxrd';
      const account = async (network: Network, handle: string, sourceUserId: string) =>
        ({ id: Number((await db.insertInto('authors').values({ network, handle, displayName: handle, userId: null, sourceUserId, followersCount: null, profileUrl: null, createdAt: 1 }).returning('id').executeTakeFirstOrThrow()).id), handle });
      await post(db, chatA.id, await account('bluesky', 'ana-curates.bsky.social', did), 'Ana on the okapi #musesocial', T0 + 10_000);
      await post(db, chatA.id, await account('twitter', 'lee_old', '42'), 'Lee before the rename okapi', T0 + 20_000);
      await post(db, chatA.id, await account('twitter', 'lee_new', '42'), 'Lee after the rename okapi', T0 + 30_000);
      await post(db, chatA.id, await account('twitter', 'lee_else', '43'), 'Another Lee okapi', T0 + 40_000);
      assert.deepEqual(await texts(`okapi from:${did}`), ['Ana on the okapi #musesocial']);
      assert.deepEqual(await texts('okapi from:lee_new'), ['Lee after the rename okapi', 'Lee before the rename okapi']);
      assert.deepEqual(await texts('okapi -from:lee_old'), ['Another Lee okapi', 'Ana on the okapi #musesocial']);
    });

    it('matches phrases in order, prefixes, and exclusions', async () => {
      assert.deepEqual(await texts('"open access"'), ['A1 open access images changed our museum #musesocial']);
      assert.deepEqual(await texts('"access open"'), []);
      assert.deepEqual(await texts('muse*'), [
        'Museology reading list #edchat #musesocial',
        'Sponsored museum content is still content #edchat',
        'Museums and schools: field trips #edchat',
        'Access to the archive is open on weekdays #musesocial',
        'A1 open access images changed our museum #musesocial',
        'Welcome to the museum chat #musesocial',
      ]);
      assert.deepEqual(await texts('museum -sponsored -"open access"'), ['Welcome to the museum chat #musesocial']);
      assert.deepEqual(await texts('-museum'), ['Museology reading list #edchat #musesocial', 'Museums and schools: field trips #edchat', 'Access to the archive is open on weekdays #musesocial'], 'an exclusion alone lists everything else');
    });

    it('filters by #hashtag, from:, chat: and dates', async () => {
      assert.deepEqual(await texts('#EdChat museum'), ['Sponsored museum content is still content #edchat']);
      assert.deepEqual(await texts('#edchat #musesocial'), ['Museology reading list #edchat #musesocial']);
      assert.deepEqual(await texts('#musesocial -#edchat from:@kim@museum.social'), ['Access to the archive is open on weekdays #musesocial']);
      assert.deepEqual(await texts('from:@DANA'), ['Sponsored museum content is still content #edchat', 'Welcome to the museum chat #musesocial']);
      assert.deepEqual(await texts('from:kim'), await texts('from:kim@museum.social'), 'a bare name finds kim@museum.social when nobody is just "kim"');
      await post(db, chatB.id, await author(db, 'kim_b@other.example', 'mastodon'), 'Kim B on museums #edchat', T0 + 3 * DAY);
      await post(db, chatB.id, await author(db, 'kimxb@other.example', 'mastodon'), 'Kimxb on museums #edchat', T0 + 3 * DAY + 60_000);
      assert.equal((await texts('from:kim')).length, 2);
      assert.deepEqual(await texts('from:kim_b'), ['Kim B on museums #edchat'], 'an underscore is a character, not a wildcard');
      assert.deepEqual(await texts('from:sam -from:kim chat:musesocial-may'), ['A1 open access images changed our museum #musesocial']);
      assert.deepEqual(await texts('museum -chat:musesocial-may'), ['Sponsored museum content is still content #edchat']);
      assert.deepEqual(await texts('from:nobody museum'), []);
      assert.deepEqual(await texts('chat:no-such-chat'), []);
      assert.deepEqual(await texts('since:2024-05-08 until:2024-05-09'), ['Sponsored museum content is still content #edchat', 'Museums and schools: field trips #edchat']);
      assert.deepEqual(await texts('museum until:2024-05-07'), ['A1 open access images changed our museum #musesocial', 'Welcome to the museum chat #musesocial']);
    });

    it('reads since:/until: in the reader’s own zone', async () => {
      // 23:30 on 7 May in New York is already 8 May in UTC.
      await post(db, chatA.id, sam, 'late evening thought', Date.UTC(2024, 4, 8, 3, 30));
      const reader = await buildUser(db, { timeZone: 'America/New_York' });
      const auth = await bearerFor(db, reader);
      assert.deepEqual(await texts('evening since:2024-05-08'), ['late evening thought'], 'UTC without a zone setting');
      assert.deepEqual(await texts('evening since:2024-05-08', {}, auth), []);
      assert.deepEqual(await texts('evening until:2024-05-07', {}, auth), ['late evening thought']);
    });

    it('orders by relevance on request, and by the query’s own sort:', async () => {
      await post(db, chatA.id, sam, 'archive archive archive: the archive is everything', T0 - DAY);
      const newest = await texts('archive');
      assert.equal(newest[0], 'Access to the archive is open on weekdays #musesocial');
      const relevant = await search('archive', { sort: 'relevance' });
      assert.equal(relevant.body.sort, 'relevance');
      assert.equal(relevant.body.results[0].post.text, 'archive archive archive: the archive is everything');
      assert.equal((await search('archive sort:relevance', { sort: 'newest' })).body.sort, 'relevance', 'what the person typed wins');
      assert.equal((await search('#musesocial', { sort: 'relevance' })).body.sort, 'newest', 'relevance needs words');
      // Length counts on both databases: a short post with the word over a long one that repeats it among many others.
      const long = `A long thread about the okapi, then about ${'many other animals and their keepers and '.repeat(8)}the okapi again`;
      await post(db, chatA.id, sam, long, T0 - 2 * DAY);
      await post(db, chatA.id, sam, 'Okapi sighting', T0 - 3 * DAY);
      assert.deepEqual((await search('okapi', { sort: 'relevance' })).body.results.map((r: { post: { text: string } }) => r.post.text), ['Okapi sighting', long]);
    });

    it('pages without duplicates or gaps, ties included, in both orders', async () => {
      const expected = new Set<string>();
      for (let i = 0; i < 23; i++) {
        // Three posts per timestamp: ties must be ordered the same on every page.
        expected.add(await post(db, chatB.id, i % 2 ? sam : dana, `page test ${'word '.repeat(1 + (i % 4))}${i}`, T0 + 10 * DAY + Math.floor(i / 3) * 1000));
      }
      for (const sort of ['newest', 'relevance']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { status: number; body: { results: Array<{ post: { id: string; createdAt: string } }>; nextCursor: string | null } } = await search('page test', { sort, limit: '5', ...(cursor ? { cursor } : {}) });
          assert.equal(page.status, 200, JSON.stringify(page.body));
          seen.push(...page.body.results.map((r) => r.post.id));
          cursor = page.body.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        assert.equal(pages, 5, `${sort}: 23 results in pages of 5`);
        assert.equal(new Set(seen).size, seen.length, `${sort}: no duplicates`);
        assert.deepEqual(new Set(seen), expected, `${sort}: nothing skipped`);
      }
    });

    it('splits words as FTS5 does on both databases: slashes, web addresses, e-mail addresses, hyphens, numbers', async () => {
      await post(db, chatA.id, sam, 'Obama/Biden, she/her: good real-life stories 3.5 stars', T0 + 4 * DAY);
      await post(db, chatA.id, dana, 'Code at https://github.com/musesocial or info@museum.org (open-source)', T0 + 5 * DAY);
      const realLife = ['Obama/Biden, she/her: good real-life stories 3.5 stars'];
      const code = ['Code at https://github.com/musesocial or info@museum.org (open-source)'];
      for (const q of ['biden', 'obama', 'her', '"good real"', '"real-life stories"', 'real-life', '"3 5"', 'stars -https']) assert.deepEqual(await texts(q), realLife, q);
      for (const q of ['github', 'https', 'info', '"museum org"', '"or info"', 'source']) assert.deepEqual(await texts(q), code, q);
      assert.deepEqual(await texts('stars -biden'), [], 'an exclusion reaches a word inside Obama/Biden');
      // A phrase is marked where it is, not each of its words wherever they are (PostgreSQL's headline did).
      await post(db, chatB.id, sam, 'Register for in-person events, in R and in industry', T0 + 7 * DAY);
      assert.equal((await search('in-person')).body.results[0].snippet, 'Register for <mark>in-person</mark> events, in R and in industry');
      assert.deepEqual(await texts('m²*'), [], 'a prefix with a digit PostgreSQL splits at is no prefix of every m… word');
      // Emoji newer than FTS5's Unicode 6.1 tables split words too (migration 0024), as older ones always did.
      await post(db, chatA.id, kim, 'A thread🧵 on why ME🙃so tired🥳 today☕ends', T0 + 6 * DAY);
      for (const q of ['thread', 'so', 'tired', '"why me so tired"', 'ends']) assert.deepEqual(await texts(q), ['A thread🧵 on why ME🙃so tired🥳 today☕ends'], q);
      // Marks go on the words as written, punctuation kept around them.
      const { body } = await search('biden "real life"');
      assert.equal(body.results[0].snippet, 'Obama/<mark>Biden</mark>, she/her: good <mark>real-life</mark> stories 3.5 stars');
    });

    it('keeps snippets inert: post text is escaped, only our <mark> is added', async () => {
      await post(db, chatA.id, sam, 'museum <script>alert(1)</script> & <mark>fake</mark> \uE000x\uE001', T0 + 4 * DAY);
      await post(db, chatA.id, sam, 'museum <img src=x onerror=alert(1)> here', T0 + 5 * DAY);
      const { body } = await search('museum');
      const [withImg, withMarker] = body.results as Array<{ snippet: string }>;
      assert.equal(withImg!.snippet, '<mark>museum</mark> &lt;img src=x onerror=alert(1)&gt; here');
      assert.ok(!withMarker!.snippet.includes('<mark>'), 'a post containing the marker characters gets no highlighting');
      assert.match(withMarker!.snippet, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &lt;mark&gt;fake&lt;\/mark&gt;/);

      const page = await t.app.inject({ url: '/search?q=museum', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('<script>alert'), 'no live script');
      assert.ok(!page.body.includes('<img src=x'), 'no live image');
      // Preact escapes < and & in text (a lone > cannot open a tag).
      assert.match(page.body, /<mark>museum<\/mark> &lt;img src=x onerror=alert\(1\)> here/);
      assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script> &amp; &lt;mark>fake&lt;\/mark>/);
    });

    it('never shows hidden or deleted posts, nor drafts the reader may not see', async () => {
      await post(db, chatA.id, sam, 'secret hidden museum', T0 + 4 * DAY, { hiddenAt: T0 });
      await post(db, chatA.id, sam, 'secret deleted museum', T0 + 4 * DAY, { deletedAt: T0 });
      const draft = await buildChat(db, organizer, { slug: 'draft-chat', status: 'draft' });
      await post(db, draft.id, sam, 'secret draft museum', T0 + 4 * DAY);
      assert.deepEqual(await texts('secret'), []);
      assert.deepEqual(await texts('chat:draft-chat'), []);
      const member = await buildUser(db);
      assert.deepEqual(await texts('secret', {}, await bearerFor(db, member)), []);
      assert.deepEqual(await texts('secret', {}, await bearerFor(db, organizer)), ['secret draft museum'], 'the draft’s organizer sees it');
      const admin = await buildUser(db, { role: 'admin' });
      assert.deepEqual(await texts('secret chat:draft-chat', {}, await bearerFor(db, admin)), ['secret draft museum']);
    });

    it('follows edits and deletions of posts (the index is kept by the database)', async () => {
      const id = await post(db, chatA.id, sam, 'original wording', T0 + 4 * DAY);
      await db.updateTable('posts').set({ text: 'corrected phrasing' }).where('id', '=', Number(id)).execute();
      assert.deepEqual(await texts('original'), []);
      assert.deepEqual(await texts('corrected'), ['corrected phrasing']);
      await db.deleteFrom('postHashtags').where('postId', '=', Number(id)).execute();
      await db.deleteFrom('posts').where('id', '=', Number(id)).execute();
      assert.deepEqual(await texts('corrected'), []);
    });

    it('orders an archive imported later by when it was posted', async () => {
      await post(db, chatA.id, sam, 'imported museum post from 2014', Date.UTC(2014, 0, 1));
      const found = await texts('museum');
      assert.equal(found.at(-1), 'imported museum post from 2014');
    });

    it('explains a bad query on the field, in the API and on the page', async () => {
      const bad = await search('museum since:2024-13-01');
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.error, { code: 'validation_failed', message: 'since: "2024-13-01" is not a date; write since:YYYY-MM-DD, e.g. since:2024-05-01', field: 'q' });
      assert.equal((await search('  ... ')).body.error.field, 'q');
      assert.equal((await search('museum', { cursor: 'not-a-cursor' })).body.error.field, 'cursor');
      assert.equal((await search('museum', { sort: 'random' })).status, 400);
      const other = (await search('museum', { limit: '1' })).body.nextCursor;
      assert.equal((await search('museum', { sort: 'relevance', cursor: other })).body.error.field, 'cursor', 'a cursor of another order is refused');

      const page = await t.app.inject({ url: '/search?q=until%3Atomorrow', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /<p class="field-error" id="search-q-error">until: &quot;tomorrow&quot; is not a date/);
      assert.match(page.body, /value="until:tomorrow"/);

      const long = await t.app.inject({ url: `/search?q=${'x'.repeat(501)}`, headers: { accept: 'text/html' } });
      assert.equal(long.statusCode, 400);
      assert.match(String(long.headers['content-type']), /^text\/html/, 'a query too long is refused on the page, not as JSON');
      assert.match(long.body, /<p class="field-error" id="search-q-error">This search is 501 characters long; searches are at most 500 characters\./);
      assert.equal((await search('x'.repeat(501))).body.error.field, 'q', 'the API refuses it on the field');
    });

    it('says what a result without text is (a boost of a post never archived)', async () => {
      await insertPost(db, { chatId: chatA.id, authorId: kim.id, text: '', kind: 'boost', boostOfSourceId: 'https://other.example/users/bob/statuses/999', sourceNetwork: 'mastodon', sourceId: 'https://museum.social/users/kim/statuses/5', createdAt: T0 + 3 * DAY }, []);
      const page = await t.app.inject({ url: `/search?q=${encodeURIComponent('from:kim@museum.social')}`, headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<p class="search-snippet search-snippet-empty">A boost of a post that is not in this archive\.<\/p>/);
    });

    it('renders results with chat, author, permalink and highlight; the page works without a query', async () => {
      const cookie = await sessionCookieFor(db, organizer);
      const empty = await t.app.inject({ url: '/search', headers: { accept: 'text/html', cookie } });
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<a href="\/search" aria-current="page">Search<\/a>/);
      const page = await t.app.inject({ url: '/search?q=%22open+access%22', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      const postId = (await search('"open access"')).body.results[0].post.id;
      assert.match(page.body, new RegExp(`href="/chats/musesocial-may/posts/${postId}"`));
      assert.match(page.body, /href="\/chats\/musesocial-may"/);
      assert.match(page.body, /A1 <mark>open access<\/mark> images/);
      assert.match(page.body, /@sam \(twitter\)/);
    });

    it('answers in the documented JSON shape, listed in the OpenAPI document', async () => {
      const { body } = await search('"open access"');
      const [result] = body.results;
      assert.equal(result.chat.slug, 'musesocial-may');
      assert.equal(result.url, `http://musesocial.test/chats/musesocial-may/posts/${result.post.id}`);
      assert.deepEqual(result.post.author, { handle: 'sam', displayName: 'sam', network: 'twitter' });
      assert.deepEqual(result.post.hashtags, ['musesocial']);
      assert.equal(result.snippet, 'A1 <mark>open access</mark> images changed our museum #musesocial');
      const openapi = JSON.parse((await t.app.inject({ url: '/api/openapi.json' })).body);
      assert.ok(openapi.paths['/api/v1/search'], 'documented');
    });

    it('answers any query with results or a 400, never a server error (property)', async () => {
      const operator = fc.constantFrom('from:', 'chat:', 'since:', 'until:', 'sort:', '#', '-', '"', '*', '(', ')', 'NOT ', 'OR ', 'NEAR(', ':', '^', '\u0000', '\uE000', '💥', "'", '&', '!', '<->', ' ');
      const piece = fc.oneof(fc.string({ maxLength: 12 }), operator, fc.constantFrom('museum', 'open', 'access', 'musesocial', 'dana', '2024-05-01'));
      await fc.assert(
        fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom('newest', 'relevance'), async (pieces, sort) => {
          const q = pieces.join('').slice(0, 500) || 'x';
          const { status, body } = await search(q, { sort });
          assert.ok(status === 200 || status === 400, `${JSON.stringify(q)} → ${status} ${JSON.stringify(body)}`);
          if (status === 400) assert.ok(['q', 'cursor'].includes(body.error.field), JSON.stringify(body));
        }),
        { numRuns: 150 },
      );
    });

    if (target.kind === 'postgres') {
      it('gives the same answers whichever walk runs the query (PostgreSQL)', async () => {
        await post(db, chatA.id, sam, 'open question #musesocial', T0 + 4 * DAY);
        const plans: PgPlan[] = [
          { kind: 'time' },
          { kind: 'gin' },
          { kind: 'driver', driver: { kind: 'author', rows: 0, needsSort: false } },
          { kind: 'driver', driver: { kind: 'chat', rows: 0, needsSort: false } },
          { kind: 'driver', driver: { kind: 'hashtag', tag: 'musesocial', rows: 0, needsSort: false } },
        ];
        const cases = ['museum', 'museum from:sam', '#musesocial', 'open #musesocial -access', 'from:dana', '-museum', 'museum chat:edchat-may', 'since:2024-05-08', 'open chat:musesocial-may #musesocial from:sam', '"open access" museum', 'museum until:2024-05-09'];
        // Newest-first words are read in time windows (postgres-windows.ts): split the posts' times into a few.
        const times = (await db.selectFrom('posts').select('createdAt').distinct().orderBy('createdAt', 'desc').execute()).map((row) => Number(row.createdAt));
        const starts = times.filter((_, i) => i % 2 === 1);
        assert.ok(starts.length >= 3, 'several windows');
        for (const q of cases) {
          const filter = (await searchFilterFor(t.database, null, parseSearchQuery(q)))!;
          const answers = new Set<string>();
          for (const plan of plans) {
            // Also as relevance candidates: walks within a budget, ranked as they go (far more than this archive).
            for (const budgeted of [false, true]) {
              const ids = await newestIdsWithPgPlan(db, filter, plan, 50, budgeted);
              if (ids) answers.add(JSON.stringify(ids));
            }
            // In windows, and with the last one read from the GIN index; a page that fills in the first window, too.
            if (filter.include.length > 0 && plan.kind !== 'driver') {
              answers.add(JSON.stringify(await newestIdsInPgWindows(db, filter, plan, starts, 50)));
              const first = await newestIdsInPgWindows(db, filter, plan, starts, 2);
              assert.deepEqual(JSON.stringify(first), JSON.stringify(JSON.parse([...answers][0]!).slice(0, 2)), `${q}: first 2 in windows`);
            }
          }
          assert.equal(answers.size, 1, `${q}: ${[...answers].join(' vs ')}`);
        }
      });
    }

    if (target.kind === 'postgres') {
      it('finds every post with a phrase through its word pairs, so the pairs index never loses a match (PostgreSQL)', async () => {
        const words = ['the', 'museum', "don't", 'e-mail', 'open', 'access', 'Ünïcode', '42', 'a.b', '#tag', '@kim'];
        const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 });
        await fc.assert(
          fc.asyncProperty(text, fc.nat(), fc.integer({ min: 1, max: 4 }), fc.constantFrom(' ', '  ', ', ', '-'), async (tokens, at, length, glue) => {
            const start = at % tokens.length;
            const phrase = tokens.slice(start, start + length).join(' ');
            const row = (
              await sql<{ phrase: boolean; pairs: string | null; found: boolean | null }>`
                select v @@ phraseto_tsquery('simple', search_words(${phrase})) as phrase, search_phrase_pairs(${phrase})::text as pairs,
                  search_word_pairs(v) @@ search_phrase_pairs(${phrase}) as found
                from (select to_tsvector('simple', search_words(${tokens.join(glue)})) as v) d`.execute(db)
            ).rows[0]!;
            if (row.phrase && row.pairs !== null) assert.equal(row.found, true, `${JSON.stringify(phrase)} in ${JSON.stringify(tokens.join(glue))}`);
          }),
          { numRuns: 300 },
        );
        assert.equal((await sql<{ q: string | null }>`select search_phrase_pairs('museum')::text as q`.execute(db)).rows[0]!.q, null, 'one word: no pairs');
      });
    }

    if (target.kind === 'sqlite') {
      it('gives the same answers whichever plan drives the query (SQLite)', async () => {
        await post(db, chatA.id, sam, 'open question #musesocial', T0 + 4 * DAY);
        const plans: SqlitePlan[] = [
          { kind: 'fts' },
          { kind: 'keys' },
          ...(['probe', 'set'] as const).flatMap((words): SqlitePlan[] => [
            { kind: 'driver', words, driver: { kind: 'author', count: 0, needsSort: false } },
            { kind: 'driver', words, driver: { kind: 'chat', count: 0, needsSort: false } },
            { kind: 'driver', words, driver: { kind: 'hashtag', tag: 'musesocial', count: 0, needsSort: false } },
          ]),
        ];
        const cases = ['museum', 'museum from:sam', '#musesocial', 'open #musesocial -access', 'from:dana', '-museum', 'museum chat:edchat-may', 'since:2024-05-08', 'open chat:musesocial-may #musesocial from:sam'];
        for (const q of cases) {
          const filter = (await searchFilterFor(t.database, null, parseSearchQuery(q)))!;
          const answers = new Set<string>();
          let plansRun = 0;
          for (const plan of plans) {
            const ids = await newestIdsWithPlan(db, filter, plan, 50);
            if (ids) {
              plansRun++;
              answers.add(JSON.stringify(ids));
            }
          }
          assert.ok(plansRun >= (/from:|#|chat:/.test(q) ? 3 : 1), `${q}: ${plansRun} plans`);
          assert.equal(answers.size, 1, `${q}: ${[...answers].join(' vs ')}`);
        }
      });

      it('keys the index by time, as search-key.ts computes it', async () => {
        const rows = await sql<{ created: number; key: string }>`select p.created_at as created, cast(k.key as text) as key from post_search_keys k join posts p on p.id = k.post_id`.execute(db);
        for (const row of rows.rows) assert.equal(BigInt(row.key) - firstKeyAt(row.created) < 1_048_576n && BigInt(row.key) >= firstKeyAt(row.created), true);
        await sql`insert into posts_fts (posts_fts, rank) values ('integrity-check', 1)`.execute(db);
      });

      it('keeps the hashtag walk index in step with post_hashtags through edits and deletes', async () => {
        const id = Number(await post(db, chatA.id, sam, 'tagged #alpha #beta', T0 + 9 * DAY));
        await db.updateTable('posts').set({ createdAt: T0 - 9 * DAY }).where('id', '=', id).execute();
        await db.deleteFrom('postHashtags').where('postId', '=', id).where('tag', '=', 'beta').execute();
        assert.deepEqual(await texts('#alpha'), ['tagged #alpha #beta']);
        assert.deepEqual(await texts('#beta'), []);
        await db.deleteFrom('posts').where('id', '=', id).execute();
        const mismatch = await sql<{ n: number }>`
          select (select count(*) from post_search_tags) - (select count(*) from post_hashtags h join post_search_keys k on k.post_id = h.post_id) as n`.execute(db);
        assert.equal(mismatch.rows[0]!.n, 0);
        const stray = await sql<{ n: number }>`select count(*) as n from post_search_tags t where not exists (select 1 from post_hashtags h join post_search_keys k on k.post_id = h.post_id where k.key = t.key and h.tag = t.tag)`.execute(db);
        assert.equal(stray.rows[0]!.n, 0);
      });
    }
  });
}
