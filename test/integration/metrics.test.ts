import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { buildUser, sessionCookieFor } from '../support/factories.ts';
import { seedMetrics } from './metrics-seed.ts';
import { forgetAuthors } from '../../src/consent/consent.service.ts';
import { authorsByIds } from '../../src/consent/consent.repository.ts';
import { ANONYMOUS_HANDLE } from '../../src/consent/anonymous-author.ts';

// The hand-computed values are explained in src/metrics/chat-figures.test.ts;
// here they come back through the database, the cache, the API, the pages
// and the downloads, once per database.
for (const target of databaseTargets()) {
  describe(`metrics (${target.kind})`, { skip: target.skip }, () => {
    let t: TestApp;
    let seed: Awaited<ReturnType<typeof seedMetrics>>;
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const stats = async () => {
      const response = await get('/api/v1/chats/week-two/stats');
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    before(async () => {
      t = await buildTestApp(target.kind);
      seed = await seedMetrics(t.database.db);
    });
    after(() => t.close());

    it('GET /api/v1/chats/SLUG/stats gives the hand-computed figures', async () => {
      const s = await stats();
      assert.deepEqual(s.posts, { total: 13, original: 7, replies: 3, quotes: 1, boosts: 2 });
      assert.equal(s.participants, 5);
      // ana and ben took part a week before (same hashtag); dan's post there is hidden, cat's is in a draft, host's under another tag.
      assert.equal(s.returningParticipants, 2);
      assert.equal(s.newParticipants, 3);
      assert.equal(s.perMinute.length, 61);
      assert.deepEqual(s.perMinute[0], { minute: '2026-03-10T19:00:00.000Z', posts: 1 });
      assert.deepEqual(s.perMinute.at(-1), { minute: '2026-03-10T20:10:00.000Z', posts: 1 });
      assert.deepEqual(
        s.questions.map((q: Record<string, unknown>) => [q.number, q.releasedAt, q.answers, q.participants, q.medianSecondsToFirstAnswer]),
        [
          [1, '2026-03-10T19:05:00.000Z', 3, 2, 90],
          [2, '2026-03-10T19:20:00.000Z', 3, 3, 180],
          [3, '2026-03-10T19:40:00.000Z', 0, 0, null],
        ],
      );
      assert.deepEqual(
        s.topPosters.map((p: { handle: string; posts: number }) => [p.handle, p.posts]),
        [['ana', 4], ['ben', 3], ['host', 3], ['cat', 2], ['dan', 1]],
      );
      assert.deepEqual(s.mostRepliedTo, [{ handle: 'ana', replies: 1 }, { handle: 'ben', replies: 1 }, { handle: 'host', replies: 1 }]);
      assert.deepEqual(s.mostMentioned.map((m: { handle: string; mentions: number }) => `${m.handle}:${m.mentions}`), ['ben:2', 'host:2', 'ana:1', 'british_museum:1', 'dan:1']);
      assert.deepEqual(s.hashtags, [{ tag: 'evaluation', posts: 2 }, { tag: 'museums', posts: 2 }, { tag: 'art', posts: 1 }]);
      assert.deepEqual(s.domains, [{ domain: 'example.org', posts: 3 }, { domain: 'britishmuseum.org', posts: 1 }]);
      assert.equal(s.linkCount, 4);
      assert.equal(s.mentionCount, 7);
      assert.deepEqual(s.impressions, { estimate: 3960, postsCounted: 11, postsWithoutFollowers: 2, authorsWithFollowers: 4, authorsWithoutFollowers: 1 });
      assert.equal(s.network.nodes, 6);
      assert.equal(s.network.edges, 9);
    });

    it('compares with the previous date of the series, not the later chat with the hashtag', async () => {
      const s = await stats();
      assert.equal(s.previous.slug, 'week-one');
      assert.equal(s.previous.matchedBy, 'series');
      // ana's post, ben's reply, zed's post; dan's is hidden. Nobody came before.
      assert.deepEqual(s.previous.posts, { total: 3, original: 2, replies: 1, quotes: 0, boosts: 0 });
      assert.equal(s.previous.participants, 3);
      assert.equal(s.previous.newParticipants, 3);
      assert.equal(s.previous.returningParticipants, 0);
      assert.equal(s.previous.impressions.estimate, 200 + 50 + 5);
      // Without the series, the previous chat sharing the hashtag is the midweek one (the draft is skipped).
      await t.database.db.updateTable('chats').set({ seriesKey: null }).where('slug', '=', 'week-two').execute();
      try {
        const s2 = await stats();
        assert.equal(s2.previous.slug, 'midweek');
        assert.equal(s2.previous.matchedBy, 'hashtag');
      } finally {
        await t.database.db.updateTable('chats').set({ seriesKey: 'musechat-weekly' }).where('slug', '=', 'week-two').execute();
      }
    });

    it('serves from the cache until the chat changes: import, hide, unhide, edit, consent removal', async () => {
      const db = t.database.db;
      await stats();
      const row = () => db.selectFrom('metricsCache').select(['fingerprint', 'computedAt']).where('chatId', '=', seed.main.id).executeTakeFirstOrThrow();
      const first = await row();
      await stats();
      assert.deepEqual(await row(), first, 'an unchanged chat is not recomputed');

      const added = await seed.post(seed.main.id, 'zed', 45, 'a new imported post https://new.example/x');
      let s = await stats();
      assert.equal(s.posts.total, 14);
      assert.equal(s.participants, 6);
      assert.equal(s.returningParticipants, 3, 'zed took part a week before');
      assert.equal(s.domains[0].domain, 'example.org');
      assert.ok(s.domains.some((d: { domain: string }) => d.domain === 'new.example'));

      await db.updateTable('posts').set({ hiddenAt: Date.now() }).where('id', '=', added).execute();
      s = await stats();
      assert.equal(s.posts.total, 13);
      assert.equal(s.participants, 5);

      // Hiding a boosted post removes its boost too.
      await db.updateTable('posts').set({ hiddenAt: Date.now() }).where('id', '=', seed.ids.get('a1ana')!).execute();
      s = await stats();
      assert.deepEqual(s.posts, { total: 11, original: 6, replies: 3, quotes: 1, boosts: 1 });
      await db.updateTable('posts').set({ hiddenAt: null }).where('id', '=', seed.ids.get('a1ana')!).execute();
      s = await stats();
      assert.equal(s.posts.total, 13);

      await db.updateTable('posts').set({ text: 'A2 Visitor surveys #impact', editedAt: Date.now() }).where('id', '=', seed.ids.get('a2ben')!).execute();
      s = await stats();
      assert.deepEqual(s.hashtags.map((h: { tag: string }) => h.tag), ['museums', 'art', 'evaluation', 'impact']);

      const authors = await authorsByIds(db, [seed.authors.get('dan')!]);
      await forgetAuthors(db, { authors, mode: 'remove', requestedBy: 'dan', performedBy: { userId: null, label: 'test', via: 'cli' }, reason: '' });
      s = await stats();
      assert.equal(s.participants, 4);
      assert.equal(s.posts.quotes, 0);
      assert.ok(!s.mostMentioned.some((m: { handle: string; mentions: number }) => m.handle === 'host' && m.mentions === 2), 'dan’s mention of host is gone');

      // Anonymising moves cat's posts to the anonymous author: same count, another name.
      await forgetAuthors(db, { authors: await authorsByIds(db, [seed.authors.get('cat')!]), mode: 'anonymise', requestedBy: 'cat', performedBy: { userId: null, label: 'test', via: 'cli' }, reason: '' });
      s = await stats();
      assert.equal(s.participants, 4);
      const handles = s.topPosters.map((p: { handle: string }) => p.handle);
      assert.ok(!handles.includes('cat') && handles.includes(ANONYMOUS_HANDLE), handles.join(','));
    });

    it('renders the page with accessible SVG charts, definitions and downloads, without scripts', async () => {
      const response = await get('/chats/week-two/stats', { accept: 'text/html' });
      assert.equal(response.statusCode, 200);
      const html = response.body;
      for (const id of ['chart-per-minute', 'chart-answers', 'chart-response-time', 'chart-network']) {
        assert.match(html, new RegExp(`<svg role="img" aria-labelledby="${id}-title ${id}-desc" id="${id}"`));
        assert.match(html, new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
      }
      assert.match(html, /How these figures are counted/);
      assert.match(html, /theoretical maximum/);
      assert.match(html, /href="\/chats\/week-two\/stats\/participants\.csv"/);
      assert.match(html, /href="\/chats\/week-two\/stats\/network\.gexf"/);
      assert.match(html, /Compared with <a href="\/chats\/week-one\/stats">/);
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)/, 'no inline script');
      assert.doesNotMatch(html, /\sstyle="/, 'no inline style attribute (CSP style-src self)');
    });

    it('downloads tables as CSV with formula-looking cells neutralised', async () => {
      const response = await get('/chats/week-two/stats/participants.csv');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      assert.match(String(response.headers['content-disposition']), /^attachment; filename="week-two-participants\.csv"/);
      const lines = response.body.trim().split('\r\n');
      assert.equal(lines[0], 'handle,network,display_name,posts,original,replies,quotes,boosts');
      assert.ok(lines.some((l) => l.startsWith('host,twitter,HOST,')));
      const ben = lines.find((l) => l.startsWith('ben,'));
      assert.match(ben ?? '', /^ben,twitter,"'=HYPERLINK\(""http:\/\/evil\.example""\)",/);
      const minutes = (await get('/chats/week-two/stats/per-minute.csv')).body.trim().split('\r\n');
      assert.equal(minutes.length, 62);
      assert.equal(minutes[1], '2026-03-10T19:00:00.000Z,1');
      assert.equal((await get('/chats/week-two/stats/nonsense.csv')).statusCode, 404);
    });

    it('downloads the network as GEXF that parses, with every person and connection', async () => {
      const response = await get('/chats/week-two/stats/network.gexf');
      assert.equal(response.statusCode, 200);
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(response.body);
      const nodes = [doc.gexf.graph.nodes.node].flat();
      const edges = [doc.gexf.graph.edges.edge].flat();
      assert.ok(nodes.some((n: { id: string; label: string }) => n.id === 'ana' && n.label === '@ana'));
      const s = await stats();
      assert.equal(nodes.length, s.network.nodes);
      assert.equal(edges.length, s.network.edges);
      assert.ok(edges.every((e: { kind: string; weight: string }) => ['reply', 'mention'].includes(e.kind) && Number(e.weight) >= 1));
    });

    it('documents both routes in the OpenAPI document', async () => {
      const doc = (await get('/api/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/chats/{slug}/stats']?.get, Object.keys(doc.paths).join(' '));
      assert.ok(doc.paths['/api/v1/stats']?.get);
      assert.deepEqual(doc.paths['/api/v1/chats/{slug}/stats'].get.tags, ['metrics']);
    });

    it('keeps drafts to those who may see them', async () => {
      assert.equal((await get('/api/v1/chats/draft-one/stats')).statusCode, 404);
      assert.equal((await get('/chats/draft-one/stats/participants.csv')).statusCode, 404);
      const cookie = await sessionCookieFor(t.database.db, seed.organizer);
      assert.equal((await get('/api/v1/chats/draft-one/stats', { cookie })).statusCode, 200);
      const member = await buildUser(t.database.db);
      assert.equal((await get('/api/v1/chats/draft-one/stats', { cookie: await sessionCookieFor(t.database.db, member) })).statusCode, 404);
      assert.equal((await get('/api/v1/chats/no-such-chat/stats')).json().error.code, 'not_found');
    });

    it('shows community growth and top topics across chats of a hashtag', async () => {
      const response = await get('/api/v1/stats?tag=%23MuseChat');
      assert.equal(response.statusCode, 200, response.body);
      const g = response.json();
      assert.equal(g.tag, 'musechat');
      const rows = g.chats.map((c: Record<string, unknown>) => [c.slug, c.posts, c.participants, c.newParticipants, c.retained, c.retention]);
      // week-two after the changes of the cache test: 12 posts by host, ana, ben, cat.
      assert.deepEqual(rows[0], ['week-one', 3, 3, 3, 0, null]);
      assert.deepEqual(rows[1], ['midweek', 1, 1, 0, 1, 1 / 3]);
      assert.equal(rows[2][0], 'week-two');
      assert.equal(rows.length, 3, 'the draft and the other hashtag are not listed');
      assert.deepEqual(g.topics[0], { tag: 'museums', posts: 2, chats: 1 });
      const page = await get('/stats?tag=musechat', { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<svg role="img" aria-labelledby="chart-growth-title chart-growth-desc"/);
      assert.match(page.body, /href="\/stats\/growth\.csv\?tag=musechat"/);
      const csv = await get('/stats/growth.csv?tag=musechat');
      assert.equal(csv.body.split('\r\n')[1], 'week-one,Chat week-one,2026-03-03T19:00:00.000Z,3,3,3,0,');
      const unicode = await get(`/stats/topics.csv?tag=${encodeURIComponent('日本語')}`);
      assert.equal(unicode.statusCode, 200);
      assert.match(String(unicode.headers['content-disposition']), /filename="___-topics\.csv"; filename\*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E-topics\.csv/);
      const bad = await get('/api/v1/stats?tag=not%20a%20tag');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'tag');
      const all = (await get('/api/v1/stats')).json();
      assert.deepEqual(all.chats.map((c: { slug: string }) => c.slug), ['week-one', 'midweek', 'elsewhere', 'week-two']);
    });
  });
}
