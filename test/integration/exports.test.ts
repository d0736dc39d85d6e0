import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import MarkdownIt from 'markdown-it';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { CHAT_START, seedAuthor, seedChat, seedPost } from './transcript-seed.ts';
import { ROW_COLUMNS } from '../../src/archive/export/export-row.ts';
import { musesocialJsonl, type MusesocialImportedPost } from '../../src/archive/export/musesocial-jsonl.ts';
import { detectFormat } from '../../src/archive/import/formats/index.ts';
import { tags as tagsFormat } from '../../src/archive/import/formats/tags.ts';
import { PAGE_DESCENDANTS } from '../../src/archive/transcript/transcript.service.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { forgetAuthors } from '../../src/consent/consent.service.ts';
import { authorsByIds } from '../../src/consent/consent.repository.ts';
import { buildChat, buildUser } from '../support/factories.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');
const FORMULAS = ['=1+1', '+A1', '-2', '@SUM(A1:A2)'];
const TRICKY = 'He said "hi", then\n# not a heading <b>bold</b> *star* _under_ [x](javascript:alert(1)) 🎉';
/** Line breaks with nothing else a CSV writer quotes for (no comma, no quote), and a formula after a line break. */
const LINES = 'First line\nsecond line\rthird line';
const FORMULA_AFTER_BREAK = '\r=1+1 after a carriage return';

/** The threaded chat, plus posts that test escaping, formulas and a tweet id beyond 2^53. */
async function seedExportChat(db: Kysely<DB>) {
  const seeded = await seedChat(db);
  const sam = await seedAuthor(db, 'formulasam', { displayName: 'Formula Sam', followers: 1234 });
  const ids = { ...seeded.ids } as Record<string, number>;
  for (const [i, text] of FORMULAS.entries()) ids[`formula${i}`] = await seedPost(db, seeded.chat.id, sam, { text, minute: 30 + i });
  ids.tricky = await seedPost(db, seeded.chat.id, sam, { text: TRICKY, minute: 35 });
  ids.lines = await seedPost(db, seeded.chat.id, sam, { text: LINES, minute: 36 });
  ids.formulaAfterBreak = await seedPost(db, seeded.chat.id, sam, { text: FORMULA_AFTER_BREAK, minute: 37 });
  const tweeter = await seedAuthor(db, 'dana_tweets', { displayName: 'Dana on Twitter' });
  ids.tweet = await seedPost(db, seeded.chat.id, tweeter, {
    text: 'A2 from the old archive #testchat',
    minute: 40,
    answers: 2,
    replyToSource: '1251954312772812000',
    source: { network: 'twitter', id: '1251954312772812801', url: 'https://twitter.com/dana_tweets/status/1251954312772812801' },
    counts: { likes: 7, boosts: 3, replies: 0 },
  });
  return { ...seeded, ids };
}

/** Posts an export must contain, in time order: all but hidden, deleted, and boosts of hidden posts. */
function exported(ids: Record<string, number>): number[] {
  const left = new Set([ids.hidden, ids.deleted, ids.boostOfHidden]);
  return Object.values(ids).filter((id) => !left.has(id)).sort((a, b) => a - b);
}

async function download(t: TestApp, url: string) {
  const response = await t.app.inject({ url });
  assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 200)}`);
  return response;
}

for (const target of databaseTargets()) {
  describe(`exports on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('CSV: every visible post in time order, quoted safely, formulas neutralised', async () => {
      const { chat, ids } = await seedExportChat(t.database.db);
      const response = await download(t, `/chats/${chat.slug}/transcript.csv`);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      assert.equal(response.headers['content-disposition'], `attachment; filename="${chat.slug}-transcript.csv"`);
      const rows: Record<string, string>[] = parseCsv(response.body, { columns: true });
      assert.deepEqual(Object.keys(rows[0]!), [...ROW_COLUMNS]);
      assert.deepEqual(rows.map((r) => Number(r.id)), exported(ids));
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      assert.deepEqual(FORMULAS.map((_, i) => byId.get(ids[`formula${i}`]!)!.text), ["'=1+1", "'+A1", "'-2", "'@SUM(A1:A2)"]);
      assert.equal(byId.get(ids.tricky!)!.text, TRICKY, 'commas, quotes, newlines and emoji survive');
      assert.equal(byId.get(ids.lines!)!.text, LINES);
      assert.equal(byId.get(ids.formulaAfterBreak!)!.text, `'${FORMULA_AFTER_BREAK}`);
      // csv-parse reads a lone line break inside an unquoted field; Excel, Sheets and Python's csv end the row there.
      assert.ok(response.body.includes(`,"${LINES}",`), 'a field with line breaks alone is quoted, so the row stays whole');
      assert.ok(response.body.includes(`,"'${FORMULA_AFTER_BREAK}",`), 'a formula after a line break stays inside its quoted cell');
      const tweet = byId.get(ids.tweet!)!;
      assert.equal(tweet.source_id, '1251954312772812801', 'a tweet id keeps every digit');
      assert.equal(tweet.created_at, new Date(CHAT_START + 40 * 60_000).toISOString());
      assert.deepEqual([tweet.author_handle, tweet.author_display_name, tweet.kind, tweet.answers_question, tweet.likes, tweet.boosts, tweet.hashtags], ['dana_tweets', 'Dana on Twitter', 'reply', '2', '7', '3', 'testchat']);
      const reply = byId.get(ids.reply!)!;
      assert.equal(reply.reply_to, String(ids.a1));
      assert.equal(reply.permalink, `http://musesocial.test/chats/${chat.slug}/posts/${ids.reply}`);
      assert.equal(byId.get(ids.boost!)!.boost_of, String(ids.a1));
      assert.ok(!response.body.includes('Buy followers now') && !response.body.includes('Deleted words'));
    });

    it('TAGS CSV: the TAGS columns in TAGS order, readable by the TAGS importer', async () => {
      const { chat, ids } = await seedExportChat(t.database.db);
      const response = await download(t, `/chats/${chat.slug}/transcript.tags.csv`);
      const fixtureHeader = fs.readFileSync(path.join(FIXTURES, 'tags-csv/tidytags_sample-data.csv'), 'utf8').split('\n', 1)[0]!.trim();
      assert.equal(response.body.split('\r\n', 1)[0], fixtureHeader);
      const rows: Record<string, string>[] = parseCsv(response.body, { columns: true });
      assert.equal(rows.length, exported(ids).length);
      assert.ok(response.body.includes(`,"${LINES}",`), 'a field with line breaks alone is quoted, so the row stays whole');
      const tweet = rows.find((r) => r.id_str === '1251954312772812801')!;
      assert.equal(tweet.created_at, 'Tue Mar 10 19:40:00 +0000 2026');
      assert.equal(tweet.time, '10/03/2026 19:40:00');
      assert.equal(tweet.in_reply_to_status_id_str, '1251954312772812000');
      assert.equal(tweet.status_url, 'https://twitter.com/dana_tweets/status/1251954312772812801');
      assert.equal(tweet.user_followers_count, '100');
      assert.deepEqual(JSON.parse(tweet.entities_str!).hashtags, [{ text: 'testchat', indices: [24, 33] }]);
      const boost = rows.find((r) => r.id_str === String(ids.boost))!;
      assert.equal(boost.text, 'RT @priya: A1 We answer before they ask #testchat', 'a boost reads like a retweet');
      const reply = rows.find((r) => r.id_str === String(ids.reply))!;
      assert.equal(reply.in_reply_to_screen_name, 'priya');
      assert.equal(rows.find((r) => r.id_str === String(ids.formula3))!.text, "'@SUM(A1:A2)");
      assert.equal(rows.find((r) => r.id_str === String(ids.formula1))!.geo_coordinates, '', 'missing data stays empty, as in TAGS');

      // The importer for TAGS sheets reads our sheet back.
      const parsed = tagsFormat.parseRecord(tweet);
      assert.equal(parsed.kind, 'posts');
      const [post] = parsed.kind === 'posts' ? parsed.posts : [];
      assert.equal(post!.sourceId, '1251954312772812801');
      assert.equal(post!.createdAt, CHAT_START + 40 * 60_000);
      assert.equal(post!.author.handle.toLowerCase(), 'dana_tweets');
      assert.equal(post!.text, 'A2 from the old archive #testchat');
    });

    it('XLSX: a real workbook with a frozen header, an autofilter, typed dates and no formulas', async () => {
      const { chat, ids } = await seedExportChat(t.database.db);
      const response = await download(t, `/chats/${chat.slug}/transcript.xlsx`);
      assert.equal(response.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Posts')!;
      assert.ok(sheet, 'a sheet named Posts');
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      assert.deepEqual(header, ROW_COLUMNS.map((c) => (c === 'created_at' ? 'created_at (UTC)' : c)));
      assert.equal(sheet.views[0]?.state, 'frozen');
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
      const rows = exported(ids).length;
      assert.equal(sheet.rowCount, rows + 1);
      assert.equal(String(sheet.autoFilter), `A1:T${rows + 1}`);

      const column = (name: (typeof ROW_COLUMNS)[number]) => ROW_COLUMNS.indexOf(name) + 1;
      const byId = new Map<string, ExcelJS.Row>();
      sheet.eachRow((row, number) => {
        if (number > 1) byId.set(String(row.getCell(1).value), row);
        row.eachCell((cell) => assert.notEqual(cell.type, ExcelJS.ValueType.Formula, `no formula in ${cell.address}`));
      });
      const tweet = byId.get(String(ids.tweet))!;
      const date = tweet.getCell(column('created_at'));
      assert.equal(date.type, ExcelJS.ValueType.Date);
      assert.equal((date.value as Date).getTime(), CHAT_START + 40 * 60_000);
      assert.equal(date.numFmt, 'yyyy-mm-dd hh:mm:ss');
      assert.equal(tweet.getCell(column('source_id')).value, '1251954312772812801', 'ids are text');
      assert.equal(tweet.getCell(column('likes')).value, 7, 'counts are numbers');
      for (const [i, text] of FORMULAS.entries()) {
        const cell = byId.get(String(ids[`formula${i}`]))!.getCell(column('text'));
        assert.equal(cell.type, ExcelJS.ValueType.String);
        assert.equal(cell.value, `'${text}`);
      }
      assert.equal(byId.get(String(ids.tricky))!.getCell(column('text')).value, TRICKY);
      assert.ok(!byId.has(String(ids.hidden)));
    });

    it('JSON Lines: the chat, then every post, and our importer reads it back to the same posts', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedExportChat(db);
      const response = await download(t, `/chats/${chat.slug}/transcript.jsonl`);
      assert.match(String(response.headers['content-type']), /^application\/x-ndjson/);
      const lines = response.body.trimEnd().split('\n');
      assert.equal(detectFormat(response.body.slice(0, 65536), 'x.jsonl')?.name, 'jsonl', 'auto-detected as our format');
      const header = JSON.parse(lines[0]!);
      assert.deepEqual([header.musesocial, header.type, header.chat.slug, header.chat.questions.length], [1, 'chat', chat.slug, 2]);
      assert.equal(musesocialJsonl.parseRecord(header).kind, 'header', 'the header is not a record: not counted as read or skipped');

      const parsed = lines.slice(1).map((line) => {
        const result = musesocialJsonl.parseRecord(JSON.parse(line));
        assert.equal(result.kind, 'posts', line);
        return (result as unknown as { posts: MusesocialImportedPost[] }).posts[0]!;
      });
      const origin = (id: number) => `http://musesocial.test/chats/${chat.slug}/posts/${id}`;
      assert.deepEqual(parsed.map((p) => p.sourceId), exported(ids).map((id) => (id === ids.tweet ? '1251954312772812801' : origin(id))));

      // Every field of the archive survives: compare with the database row by row.
      const rows = await db.selectFrom('posts').innerJoin('authors', 'authors.id', 'posts.authorId').selectAll('posts').select(['authors.handle', 'authors.displayName', 'authors.network as authorNetwork', 'authors.followersCount', 'authors.sourceUserId']).where('posts.chatId', '=', chat.id).execute();
      for (const post of parsed) {
        const id = post.sourceId === '1251954312772812801' ? ids.tweet! : Number(post.sourceId.split('/').at(-1));
        const row = rows.find((r) => r.id === id)!;
        assert.deepEqual(
          { text: post.text, createdAt: post.createdAt, kind: post.kind, counts: post.counts, question: post.questionNumber, answers: post.answersQuestion },
          { text: row.text, createdAt: row.createdAt, kind: row.kind, counts: { likes: row.likeCount, boosts: row.boostCount, replies: row.replyCount }, question: row.questionNumber, answers: row.answersQuestion },
        );
        assert.deepEqual(post.author, { network: row.authorNetwork, handle: row.handle, displayName: row.displayName, sourceUserId: row.sourceUserId, followersCount: row.followersCount, profileUrl: null });
        assert.equal(post.network, row.sourceNetwork ?? 'local');
        assert.equal(post.replyToSourceId, row.replyToId !== null ? origin(row.replyToId) : row.replyToSourceId);
        assert.equal(post.boostOfSourceId, row.boostOfId !== null ? origin(row.boostOfId) : null);
        assert.equal(post.quoteOfSourceId, row.quoteOfId !== null ? origin(row.quoteOfId) : null);
      }
      assert.deepEqual(parsed.find((p) => p.sourceId === '1251954312772812801')!.hashtags, ['testchat']);
      assert.deepEqual(parsed.find((p) => p.sourceId === origin(ids.replyToReply!))!.mentions, []);
    });

    it('JSON Lines imported back into this server adds nothing: its posts, anonymised ones too, are found by their permalinks', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedExportChat(db);
      const [anonymised] = await authorsByIds(db, [(await db.selectFrom('posts').select('authorId').where('id', '=', ids.thanks!).executeTakeFirstOrThrow()).authorId]);
      await forgetAuthors(db, { authors: [anonymised!], mode: 'anonymise', requestedBy: 'dana', performedBy: { userId: null, label: 'test', via: 'cli' }, reason: '' });
      const body = (await download(t, `/chats/${chat.slug}/transcript.jsonl`)).body;
      const posts = exported(ids).length;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-own-jsonl-'));
      const file = path.join(dir, 'chat.jsonl');
      const importInto = (slug: string) => importIntoChat(t.database, { via: 'cli' }, slug, { files: [{ path: file, fileName: 'chat.jsonl' }], format: null });
      const count = () => db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
      try {
        fs.writeFileSync(file, body);
        const before = await count();
        const same = await importInto(chat.slug);
        assert.deepEqual([same.totals.read, same.totals.imported, same.totals.duplicates, same.totals.skipped], [posts, 0, posts, 0], 'every post is one this chat has; the header is no record');
        const other = await buildChat(db, await buildUser(db, { role: 'organizer' }), {});
        const elsewhere = await importInto(other.slug);
        assert.equal(elsewhere.totals.imported, 0, 'into another chat: they stay where they are archived');
        assert.equal(await count(), before);

        // The same permalink with other words is another server's post of the same number: imported.
        const changed = body.split('\n').map((line) => (line.includes('"Thanks Lee') ? line.replace('Thanks Lee', 'Thanks, Lee') : line));
        fs.writeFileSync(file, changed.join('\n'));
        assert.equal((await importInto(chat.slug)).totals.imported, 1);

        // A chat with no posts exports as its header alone: importing that is nothing to do, not an unreadable file.
        fs.writeFileSync(file, `${body.split('\n')[0]}\n`);
        const empty = await importInto(chat.slug);
        assert.deepEqual([empty.files[0]!.unreadable, empty.totals.read, empty.totals.skipped], [null, 0, 0]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('lists a post’s hashtags in one order on either database (alphabetical), in exports and the API', async () => {
      const db = t.database.db;
      const { chat } = await seedChat(db);
      const author = await seedAuthor(db, 'tagger');
      const id = await seedPost(db, chat.id, author, { text: 'Three tags #zebra #apple #mango', minute: 50 });
      const line = (await download(t, `/chats/${chat.slug}/transcript.jsonl`)).body.split('\n').find((l) => l.includes('Three tags'))!;
      assert.deepEqual(JSON.parse(line).hashtags, ['apple', 'mango', 'zebra']);
      const api = JSON.parse((await download(t, `/api/v1/chats/${chat.slug}/posts?limit=100`)).body) as { posts: Array<{ id: string | number; hashtags: string[] }> };
      assert.deepEqual(api.posts.find((p) => String(p.id) === String(id))!.hashtags, ['apple', 'mango', 'zebra']);
    });

    it('JSON Lines parser: refuses malformed lines with the field at fault, never throws', () => {
      const reasons = [
        { foo: 1 },
        { musesocial: 2, type: 'post' },
        { musesocial: 1, type: 'comment' },
        { musesocial: 1, type: 'post', text: 'x' },
        'not an object',
        null,
      ].map((record) => {
        const result = musesocialJsonl.parseRecord(record);
        assert.equal(result.kind, 'reject');
        return (result as { reason: string }).reason;
      });
      assert.match(reasons[0]!, /no "musesocial" field/);
      assert.match(reasons[1]!, /another version/);
      assert.match(reasons[2]!, /^type: must be "chat" or "post"/);
      assert.match(reasons[3]!, /^origin: must be an object/);
      const twitterHead = fs.readFileSync(path.join(FIXTURES, 'twitter-v1.1/sferik_search.json'), 'utf8').slice(0, 65536);
      assert.equal(musesocialJsonl.detect(twitterHead, 'search.json'), false);
    });

    it('Markdown: grouped by question, threads nested, post text escaped', async () => {
      const { chat, ids } = await seedExportChat(t.database.db);
      const response = await download(t, `/chats/${chat.slug}/transcript.md`);
      assert.match(String(response.headers['content-type']), /^text\/markdown/);
      const md = response.body;
      const order = ['## Q1 First question?', 'A1 We answer', '  - **Lee Name**', '## Q2 Second question?', '## Other conversation', 'Hello everyone'].map((s) => md.indexOf(s));
      assert.ok(order.every((i) => i >= 0), `all present: ${order}`);
      assert.deepEqual([...order].sort((a, b) => a - b), order);
      assert.ok(!md.includes('Buy followers now') && !md.includes('Deleted words'));
      assert.ok(!md.includes(`/posts/${ids.boost})`), 'boosts are folded into counts');
      assert.match(md, /_1 reply · 1 boost · 0 likes_/);
      assert.match(md, / · 19 posts \+ 1 boost\n/, 'the folded boost is counted apart in the heading');
      const html = new MarkdownIt().render(md);
      const tricky = html.slice(html.indexOf('He said'), html.indexOf('🎉'));
      assert.equal(tricky, 'He said &quot;hi&quot;, then<br>\n# not a heading &lt;b&gt;bold&lt;/b&gt; *star* _under_ [x](javascript:alert(1)) ', 'no heading, tags, emphasis or links from post text');
    });

    it('HTML: a standalone page, grouped by question, with everything escaped', async () => {
      const { chat } = await seedExportChat(t.database.db);
      const response = await download(t, `/chats/${chat.slug}/transcript.html`);
      assert.equal(response.headers['content-disposition'], `attachment; filename="${chat.slug}-transcript.html"`);
      const html = response.body;
      assert.match(html, /^<!doctype html>\n<html lang="en"><head><meta charset="utf-8"\/>/);
      assert.ok(html.includes('<style>') && !html.includes('<script') && !/(src|href)="\/(?!\/)/.test(html), 'no scripts, no server-relative resources');
      assert.ok(html.includes('&lt;b>bold&lt;/b>') || html.includes('&lt;b&gt;bold&lt;/b&gt;'));
      assert.match(html, /<li>Other conversation \(\d+ posts\)<\/li>/, 'one space before the count of a group without a question text');
      const order = ['<h2>Q1 First question?</h2>', 'A1 We answer', '<h2>Q2 Second question?</h2>', '<h2>Other conversation</h2>'].map((s) => html.indexOf(s));
      assert.ok(order.every((i) => i >= 0), `all present: ${order}`);
      assert.deepEqual([...order].sort((a, b) => a - b), order);
      assert.ok(html.trimEnd().endsWith('</main></body></html>'));
    });

    it('HTML and Markdown: addresses are links in the page, posts of other days carry their date', async () => {
      const db = t.database.db;
      const { chat } = await seedExportChat(db);
      const kim = await seedAuthor(db, 'kim');
      await seedPost(db, chat.id, kim, { text: 'Slides at https://example.org/talk #MuseumWeek', minute: 30 });
      await seedPost(db, chat.id, kim, { text: 'Planning it the day before', minute: -24 * 60 });
      const html = (await download(t, `/chats/${chat.slug}/transcript.html`)).body;
      assert.match(html, /Slides at <a href="https:\/\/example\.org\/talk" rel="nofollow ugc noopener">https:\/\/example\.org\/talk<\/a> <a class="post-hashtag" href="http:\/\/[^"/]+\/search\?q=%23MuseumWeek">#MuseumWeek<\/a>/, 'the hashtag leads to the site, not to a path of the file');
      const times = [...html.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)].map((m) => [m[1], m[2]]);
      assert.match(times.find(([at]) => at!.startsWith('2026-03-09'))![1]!, /^\w{3} 9 Mar 2026, \d{1,2}:\d\d [AP]M /, 'the day before: with its date');
      assert.match(times.find(([at]) => at!.startsWith('2026-03-10'))![1]!, /^\d{1,2}:\d\d [AP]M /, "the chat's day: the time alone");
      const md = (await download(t, `/chats/${chat.slug}/transcript.md`)).body;
      assert.match(md, /\*\*kim\*\* \(@kim, twitter\) · \w{3} 9 Mar 2026, /);
    });

    it('keeps every reply of a thread longer than a page in the readable exports', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      const fan = await seedAuthor(db, 'fan');
      const replies = PAGE_DESCENDANTS + 5;
      const rows = Array.from({ length: replies }, (_, i) => ({
        chatId: chat.id,
        authorId: fan,
        text: `reply number ${i}`,
        kind: 'reply' as const,
        createdAt: CHAT_START + 6 * 60_000 + i,
        replyToId: ids.underQ1!,
        answersQuestion: 1,
      }));
      for (let i = 0; i < rows.length; i += 200) await db.insertInto('posts').values(rows.slice(i, i + 200)).execute();
      const page = (await download(t, `/chats/${chat.slug}/transcript`)).body;
      // The budget counts every reply on the page: Lee's reply to A1 is one of them.
      assert.equal(page.match(/reply number \d+/g)!.length, PAGE_DESCENDANTS - 1, 'a page stops at its reply budget');
      assert.match(page, /Some long threads continue on their posts’ own pages/);
      const md = (await download(t, `/chats/${chat.slug}/transcript.md`)).body;
      assert.equal(md.match(/reply number \d+/g)!.length, replies);
      const html = (await download(t, `/chats/${chat.slug}/transcript.html`)).body;
      assert.equal(html.match(/reply number \d+/g)!.length, replies);
    });

    it('downloads only what the reader may see', async () => {
      const db = t.database.db;
      const { chat } = await seedExportChat(db);
      await db.updateTable('chats').set({ status: 'draft' }).where('id', '=', chat.id).execute();
      for (const suffix of ['csv', 'tags.csv', 'xlsx', 'jsonl', 'md', 'html']) {
        assert.equal((await t.app.inject({ url: `/chats/${chat.slug}/transcript.${suffix}` })).statusCode, 404, suffix);
      }
      assert.equal((await t.app.inject({ url: '/chats/no-such-chat/transcript.csv' })).statusCode, 404);
    });
  });
}
