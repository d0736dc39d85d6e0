import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { databaseTargets } from '../support/databases.ts';
import { buildChat } from '../support/factories.ts';
import { importIntoChat, type ImportReport } from '../../src/archive/import/import.service.ts';
import { inOtherChatsText } from '../../src/archive/import/in-other-chats.ts';
import type { ReadOptions } from '../../src/archive/import/pipeline/read-pieces.ts';
import { detectFormat } from '../../src/archive/import/formats/index.ts';
import { parseFile, postsOf } from '../../src/archive/import/formats/testing/fixture-files.ts';
import { fixture, jsonl, importTestContext, tableCounts, tweet } from './archive-import-helpers.ts';

/**
 * Every shared sample file, read by hand: records, posts stored, posts
 * already stored earlier in the same file, rejected and skipped records.
 */
const FIXTURE_COUNTS: Array<[file: string, format: string, read: number, imported: number, duplicates: number, rejected: number, skipped: number]> = [
  ['twitter-v1.1/sferik_premium_search.json', 'twitter-v1', 1, 1, 0, 0, 0],
  ['twitter-v1.1/sferik_retweet.json', 'twitter-v1', 1, 2, 0, 0, 0],
  ['twitter-v1.1/sferik_search.json', 'twitter-v1', 1, 3, 0, 0, 0],
  ['twitter-v1.1/sferik_statuses.json', 'twitter-v1', 1, 26, 0, 0, 0],
  ['twitter-v1.1/sferik_track_streaming.json', 'twitter-v1', 2, 1, 1, 0, 0],
  ['twitter-v1.1/tweet_parser_original_format_examples.jsonl', 'twitter-v1', 25, 29, 7, 0, 0],
  ['twitter-v1.1/tweet_parser_public_api_sample.json', 'twitter-v1', 20, 24, 7, 0, 0],
  ['twitter-v1.1/tweetsets_spark-test-tweets.jsonl', 'twitter-v1', 7, 10, 0, 1, 0],
  ['twarc2/cashtags.jsonl', 'twarc2', 1, 1, 0, 0, 0],
  ['twarc2/cotweet.jsonl', 'twarc2', 1, 1, 0, 0, 0],
  ['twarc2/edited.jsonl', 'twarc2', 1, 1, 0, 0, 0],
  ['twarc2/flat_first20.jsonl', 'twarc2', 20, 28, 1, 0, 0],
  ['twarc2/geo_tweets.jsonl', 'twarc2', 2, 2, 0, 0, 0],
  ['twarc2/media_tweet.jsonl', 'twarc2', 1, 1, 0, 0, 0],
  ['twarc2/mentions_tweet.jsonl', 'twarc2', 1, 2, 0, 0, 0],
  ['twarc2/quoted_edit.jsonl', 'twarc2', 1, 2, 0, 0, 0],
  ['twarc2/streaming_output_with_error.jsonl', 'twarc2', 8, 8, 0, 1, 0],
  ['twarc2/two_tweets.jsonl', 'twarc2', 1, 2, 0, 0, 0],
  ['twarc2/verified_type.jsonl', 'twarc2', 1, 1, 0, 0, 0],
  ['tags-csv/tidytags_sample-data.csv', 'tags', 10, 10, 0, 0, 0],
  ['tags-csv/tidytags_sample-tweet.csv', 'tags', 1, 1, 0, 0, 0],
  ['mastodon/rest-api/get_account_statuses_default.json', 'mastodon', 20, 20, 0, 0, 0],
  ['mastodon/rest-api/get_context_with_ancesters.json', 'mastodon', 1, 1, 0, 0, 0],
  ['mastodon/rest-api/get_context_with_token.json', 'mastodon', 3, 3, 0, 0, 0],
  ['mastodon/rest-api/get_status_default.json', 'mastodon', 1, 1, 0, 0, 0],
  ['mastodon/rest-api/get_timeline_hashtag_default.json', 'mastodon', 5, 5, 0, 0, 0],
  ['mastodon/rest-api/get_timeline_hashtag_instance.json', 'mastodon', 5, 5, 0, 0, 0],
  ['mastodon/rest-api/get_timeline_public_instance.json', 'mastodon', 20, 20, 0, 0, 0],
  ['mastodon/streaming/websocket_examples_from_docs.jsonl', 'mastodon', 3, 1, 0, 0, 2],
  // 120 skipped: 119 events that are not posts, and the deletion of a post this archive never had.
  ['bluesky/jetstream/expected_v1.jsonl', 'jetstream', 152, 32, 0, 0, 120],
  ['bluesky/jetstream/golden_v1.jsonl', 'jetstream', 10, 2, 0, 0, 8],
];

/** Samples written for the format tests (the shared fixtures have no X archive nor Mastodon export). */
const TESTDATA = path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata');

for (const target of databaseTargets()) {
  describe(`archive import (${target.kind})`, { skip: target.skip }, () => {
    const ctx = importTestContext(target.kind);

    const newChat = (overrides: Parameters<typeof buildChat>[2] = {}) => buildChat(ctx.database.db, ctx.organizer, { startsInHours: -48, ...overrides });
    const run = (slug: string, paths: string[], options: { format?: string; read?: ReadOptions } = {}): Promise<ImportReport> =>
      importIntoChat(ctx.database, { via: 'cli' }, slug, { files: paths.map((p) => ({ path: p, fileName: path.basename(p) })), format: options.format ?? null }, options.read ? { read: options.read } : {});
    const postsOfChat = (chatId: number) =>
      ctx.database.db.selectFrom('posts').innerJoin('authors', 'authors.id', 'posts.authorId').selectAll('posts').select(['authors.handle', 'authors.displayName']).where('posts.chatId', '=', chatId).orderBy('posts.id').execute();

    it('imports every shared sample with the counts read off the files, each post once', async () => {
      const chat = await newChat();
      for (const [file, format, read, imported, duplicates, rejected, skipped] of FIXTURE_COUNTS) {
        // Posts are unique per network across chats: start each file from an empty archive.
        await ctx.database.db.deleteFrom('postHashtags').execute();
        await ctx.database.db.deleteFrom('posts').execute();
        const report = await run(chat.slug, [fixture(file)]);
        const summary = report.files[0]!;
        assert.equal(summary.unreadable, null, file);
        assert.equal(summary.format, format, file);
        assert.ok(summary.detected, file);
        assert.deepEqual(summary.counts, { read, imported, duplicates, rejected, skipped, deleted: 0 }, file);
        // The parsers' own reading of the file: every distinct post it holds is stored, once.
        const text = fs.readFileSync(fixture(file), 'utf8');
        const distinct = new Set(postsOf(parseFile(detectFormat(text.slice(0, 65536), file)!, text)).map((p) => `${p.network}:${p.sourceId}`));
        assert.equal(imported, distinct.size, file);
        assert.equal((await tableCounts(ctx.database.db)).posts, distinct.size, file);
      }
    });

    it('imports an X archive with its account.js and a Mastodon export', async () => {
      const chat = await newChat();
      const report = await run(chat.slug, [path.join(TESTDATA, 'x-archive/data/account.js'), path.join(TESTDATA, 'x-archive/data/tweets.js'), path.join(TESTDATA, 'mastodon-outbox/outbox.json')]);
      assert.deepEqual(report.companions, ['account.js']);
      assert.deepEqual(
        report.files.map((f) => [f.fileName, f.format, f.counts.read, f.counts.imported, f.counts.skipped]),
        [
          ['tweets.js', 'x-archive', 4, 4, 0],
          ['outbox.json', 'mastodon-outbox', 6, 4, 2],
        ],
      );
      const handles = new Set((await postsOfChat(chat.id)).map((p) => p.handle));
      assert.equal(handles.size, 2, [...handles].join(', '));
    });

    it('says where posts already archived in another chat are, and reads the file as it holds them', async () => {
      const first = await newChat({ title: 'First chat' });
      const second = await newChat({ title: 'Second chat' });
      const file = fixture('twitter-v1.1/tweetsets_spark-test-tweets.jsonl');
      const stored = await run(first.slug, [file]);
      assert.deepEqual([stored.files[0]!.counts.read, stored.files[0]!.postsInRecords, stored.files[0]!.inOtherChats], [7, 10, []], 'six tweets carry ten posts (retweeted originals)');
      const elsewhere = await run(second.slug, [file, fixture('twarc2/two_tweets.jsonl')]);
      assert.deepEqual(
        elsewhere.files.map((f) => [f.counts.imported, f.counts.duplicates, f.inOtherChats]),
        [
          [0, 10, [{ slug: first.slug, title: 'First chat', posts: 10 }]],
          [2, 0, []],
        ],
      );
      assert.equal(inOtherChatsText(elsewhere.files[0]!.inOtherChats, 10, (chat) => `/chats/${chat.slug}/transcript`), `All 10 already archived are in another chat, where they stay (a post is archived in one chat only): /chats/${first.slug}/transcript (10 posts)`);
      const again = await run(second.slug, [file]);
      assert.deepEqual(again.files[0]!.inOtherChats, [{ slug: first.slug, title: 'First chat', posts: 10 }], 'said again on every import, not only the first');
    });

    it('keeps where each post came from, with ids as exact strings', async () => {
      const chat = await newChat();
      await run(chat.slug, [fixture('twitter-v1.1/tweet_parser_public_api_sample.json')]);
      // Line 1: "id" was rounded to 872836479608733700 by a JS round-trip; id_str is the truth.
      const [post] = (await postsOfChat(chat.id)).filter((p) => p.sourceId === '872836479608733696');
      assert.ok(post, 'the tweet is stored under its id_str');
      assert.equal(post.sourceNetwork, 'twitter');
      assert.equal(post.sourceUrl, 'https://twitter.com/RobotPrincessFi/status/872836479608733696');
      assert.equal(post.handle, 'robotprincessfi');
      assert.equal(post.displayName, 'jk no');
      assert.equal(new Date(post.createdAt).toISOString(), '2017-06-08T15:23:27.000Z');
      assert.equal(post.kind, 'quote');
      assert.equal(post.quoteOfSourceId, '872836379595620353');
      assert.deepEqual([post.likeCount, post.boostCount, post.replyCount], [0, 0, 0]);
      const tags = await ctx.database.db.selectFrom('postHashtags').select('tag').where('postId', '=', post.id).orderBy('tag').execute();
      assert.deepEqual(tags.map((t) => t.tag), ['hashtags', 'quotetweet']);
      const author = await ctx.database.db.selectFrom('authors').selectAll().where('id', '=', post.authorId).executeTakeFirstOrThrow();
      assert.equal(author.followersCount, 1);
      assert.equal(author.profileUrl, 'https://twitter.com/RobotPrincessFi');
    });

    it('adds nothing when the same file is imported again', async () => {
      const chat = await newChat();
      const file = fixture('twitter-v1.1/tweet_parser_original_format_examples.jsonl');
      const first = await run(chat.slug, [file]);
      const before = await tableCounts(ctx.database.db);
      const second = await run(chat.slug, [file]);
      assert.equal(second.files[0]!.counts.imported, 0);
      assert.equal(second.files[0]!.counts.duplicates, first.files[0]!.counts.imported + first.files[0]!.counts.duplicates);
      const after = await tableCounts(ctx.database.db);
      // Only the second run's own record is new.
      assert.deepEqual({ ...after, imports: after.imports - 1 }, before);
    });

    it('merges overlapping archives of a chat without duplicates', async () => {
      const chat = await newChat();
      const lines = fs.readFileSync(fixture('twitter-v1.1/tweet_parser_original_format_examples.jsonl'), 'utf8').trimEnd().split('\n');
      const early = ctx.files.write('early.jsonl', lines.slice(0, 15).join('\n') + '\n');
      const late = ctx.files.write('late.jsonl', lines.slice(9).join('\n') + '\n');
      const report = await run(chat.slug, [early, late]);
      assert.ok(report.files[1]!.counts.duplicates >= 6, 'lines 10–15 are in both files');
      // The same as importing the whole file once (29 distinct tweets).
      assert.equal((await tableCounts(ctx.database.db)).posts, 29);
      assert.equal(report.totals.imported, 29);
    });

    it('rejects a malformed line with its file, line and reason, and imports the rest', async () => {
      const chat = await newChat();
      const good = (n: number) => JSON.stringify(tweet({ id: `10${n}`, user: `user${n}`, text: `post ${n} #testchat`, at: `2026-03-10T19:0${n}:00Z` }));
      // CRLF line ends (the streaming API's), a cut line, a JSON value that is no tweet, and a blank line.
      const text = [good(1), good(2), '{"id_str":"103","text":"cut off', '{"hello":"world"}', '', good(5)].join('\r\n') + '\r\n';
      const file = ctx.files.write('stream.jsonl', text);
      const report = await run(chat.slug, [file], { format: 'twitter-v1' });
      const summary = report.files[0]!;
      assert.deepEqual(summary.counts, { read: 5, imported: 3, duplicates: 0, rejected: 2, skipped: 0, deleted: 0 });
      assert.deepEqual(summary.rejections.map((r) => r.line), [3, 4]);
      assert.match(summary.rejections[0]!.reason, /not valid JSON/);
      assert.match(summary.rejections[1]!.reason, /id_str/);
      const stored = await ctx.database.db.selectFrom('importRejections').selectAll().orderBy('line').execute();
      assert.deepEqual(stored.map((r) => [r.fileName, r.line]), [['stream.jsonl', 3], ['stream.jsonl', 4]]);
      const row = await ctx.database.db.selectFrom('imports').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.format, row.readCount, row.importedCount, row.rejectedCount], ['finished', 'twitter-v1', 5, 3, 2]);
      assert.deepEqual((await postsOfChat(chat.id)).map((p) => p.text), ['post 1 #testchat', 'post 2 #testchat', 'post 5 #testchat']);

      // A broken first line, too, is one rejected line (not a refused file).
      const firstBroken = ctx.files.write('first-broken.jsonl', ['{"id_str":"106","text":"cut', good(7), good(8)].join('\n') + '\n');
      const again = (await run(chat.slug, [firstBroken])).files[0]!;
      assert.equal(again.format, 'twitter-v1');
      assert.deepEqual([again.counts.imported, again.counts.rejected, again.rejections[0]?.line], [2, 1, 1]);
    });

    it('parses in worker threads, across chunk boundaries, with the same result and line numbers', async () => {
      const lines = fs.readFileSync(fixture('twitter-v1.1/tweet_parser_original_format_examples.jsonl'), 'utf8').trimEnd().split('\n');
      lines.splice(12, 0, '{"broken": ');
      const file = ctx.files.write('with-a-bad-line.jsonl', lines.join('\n') + '\n');
      const inline = await run((await newChat()).slug, [file], { read: { workers: 0 } });
      await ctx.database.db.deleteFrom('postHashtags').execute();
      await ctx.database.db.deleteFrom('posts').execute();
      const threaded = await run((await newChat()).slug, [file], { read: { workers: 2, inlineBelowBytes: 0, chunkBytes: 16 * 1024 } });
      assert.deepEqual(threaded.files[0]!.counts, inline.files[0]!.counts);
      assert.deepEqual(threaded.files[0]!.rejections, inline.files[0]!.rejections);
      assert.equal(threaded.files[0]!.rejections[0]!.line, 13);
      assert.equal(threaded.files[0]!.counts.imported, 29);
    });

    it('refuses garbage files as a whole and leaves the database unchanged', async () => {
      const chat = await newChat();
      const before = await tableCounts(ctx.database.db);
      const timeline = fs.readFileSync(fixture('mastodon/rest-api/get_timeline_hashtag_default.json'));
      const statuses = fs.readFileSync(fixture('twitter-v1.1/sferik_statuses.json'));
      const garbage: Array<[string, string | Buffer, RegExp]> = [
        ['empty.jsonl', '', /empty/],
        ['blank.jsonl', '\n\n  \n', /blank/],
        ['photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), /binary/],
        ['tweets.jsonl.gz', zlib.gzipSync(jsonl([tweet({ id: '1', user: 'a', text: 'x', at: '2026-01-01T00:00:00Z' })])), /gzip/],
        ['timeline.json', timeline.subarray(0, Math.floor(timeline.length / 2)), /not valid JSON \(the file looks truncated\)/],
        ['statuses.json', statuses.subarray(0, Math.floor(statuses.length / 2)), /no valid records: all 1 rejected/],
        ['notes.txt', 'Remember to archive the chat!\n', /format was not recognised/],
        ['broken.jsonl', '{"id_str": "1", "user": {"screen_name": "a"\n{"id_str": "2", "user": {"screen_name": "b"\n', /no valid records: all 2 rejected/],
      ];
      for (const [name, content, reason] of garbage) {
        const report = await run(chat.slug, [ctx.files.write(name, content)]);
        assert.equal(report.unreadable, 1, name);
        assert.match(report.files[0]!.unreadable ?? '', reason, name);
        assert.equal(report.files[0]!.importId, null, name);
        assert.deepEqual(await tableCounts(ctx.database.db), before, name);
      }
    });

    it('threads an imported chat under the questions its hosts posted', async () => {
      const chat = await newChat({ hosts: ['@museumhost'], questions: [{ text: 'What did you learn?' }, { text: 'What next?' }] });
      const at = (minute: number) => `2026-03-10T19:${String(minute).padStart(2, '0')}:00Z`;
      const answer = tweet({ id: '2', user: 'alice', text: 'A1 We learned to listen #testchat', at: at(2) });
      const file = ctx.files.write(
        'chat.jsonl',
        jsonl([
          tweet({ id: '1', user: 'MuseumHost', text: 'Q1: What did you learn this year? #testchat', at: at(0) }),
          answer,
          tweet({ id: '3', user: 'bob', text: '@MuseumHost Audiences matter', at: at(3), replyTo: '1' }),
          tweet({ id: '4', user: 'carol', text: '@alice agreed', at: at(4), replyTo: '2' }),
          // A reply stored before the post it answers (archives are not always in order).
          tweet({ id: '6', user: 'dave', text: '@erin yes!', at: at(6), replyTo: '5' }),
          tweet({ id: '5', user: 'erin', text: '@MuseumHost on second thought', at: at(5), replyTo: '1' }),
          tweet({ id: '7', user: 'mallory', text: 'Q2: not a host, not a question', at: at(7) }),
          tweet({ id: '8', user: 'frank', text: 'RT @alice: A1 We learned to listen #testchat', at: at(8), retweetOf: answer }),
          tweet({ id: '9', user: 'museumhost', text: 'Q2 What next? #testchat', at: at(9) }),
          tweet({ id: '10', user: 'gina', text: 'a2) More video #testchat', at: at(10) }),
          tweet({ id: '11', user: 'museumhost', text: 'Q3: A bonus question nobody planned #testchat', at: at(11) }),
          tweet({ id: '12', user: 'hal', text: '@someone unrelated', at: at(12), replyTo: '999' }),
        ]),
      );
      const report = await run(chat.slug, [file]);
      assert.equal(report.files[0]!.counts.imported, 12);
      assert.equal(report.files[0]!.linked, 1);
      const posts = new Map((await postsOfChat(chat.id)).map((p) => [p.sourceId, p]));
      const get = (id: string) => posts.get(id)!;
      assert.deepEqual(
        [...posts.values()].map((p) => [p.sourceId, p.questionNumber, p.answersQuestion]),
        [
          ['1', 1, null],
          ['2', null, 1],
          ['3', null, 1],
          ['4', null, 1],
          ['6', null, 1],
          ['5', null, 1],
          ['7', null, null],
          ['8', null, 1],
          ['9', 2, null],
          ['10', null, 2],
          ['11', 3, null],
          ['12', null, null],
        ],
      );
      assert.equal(get('3').replyToId, get('1').id);
      assert.equal(get('4').replyToId, get('2').id);
      assert.equal(get('6').replyToId, get('5').id, 'linked after the file');
      assert.equal(get('8').boostOfId, get('2').id);
      assert.equal(get('8').kind, 'boost');
      assert.equal(get('12').replyToId, null);
      assert.equal(get('12').replyToSourceId, '999');
      const questions = await ctx.database.db.selectFrom('chatQuestions').selectAll().where('chatId', '=', chat.id).orderBy('number').execute();
      assert.deepEqual(
        questions.map((q) => [q.number, q.text, q.postId, q.releasedAt]),
        [
          [1, 'What did you learn?', get('1').id, Date.parse(at(0))],
          [2, 'What next?', get('9').id, Date.parse(at(9))],
          [3, 'A bonus question nobody planned', get('11').id, Date.parse(at(11))],
        ],
      );
    });

    it('links replies to posts that arrive in a later import', async () => {
      const chat = await newChat({ hosts: ['@museumhost'] });
      const q = tweet({ id: '1', user: 'museumhost', text: 'Q1 Hello? #testchat', at: '2026-03-10T19:00:00Z' });
      const reply = tweet({ id: '2', user: 'bob', text: '@museumhost hi', at: '2026-03-10T19:01:00Z', replyTo: '1' });
      const replyToReply = tweet({ id: '3', user: 'carol', text: '@bob hi bob', at: '2026-03-10T19:02:00Z', replyTo: '2' });
      await run(chat.slug, [ctx.files.write('replies.jsonl', jsonl([reply, replyToReply]))]);
      let posts = await postsOfChat(chat.id);
      assert.deepEqual(posts.map((p) => p.answersQuestion), [null, null]);
      const report = await run(chat.slug, [ctx.files.write('question.jsonl', jsonl([q]))]);
      assert.equal(report.files[0]!.linked, 1);
      posts = await postsOfChat(chat.id);
      const [first, second, question] = posts;
      assert.equal(first!.replyToId, question!.id);
      assert.equal(second!.replyToId, first!.id);
      assert.deepEqual(posts.map((p) => p.answersQuestion), [1, 1, null]);
    });

    it('applies deletions from a Bluesky Jetstream file', async () => {
      const chat = await newChat();
      const did = 'did:plc:q235v55g5unth4zjjdpacfdr';
      const create = {
        did,
        time_us: 1779719009157119,
        kind: 'commit',
        commit: { rev: '3mmoojpaqkn2z', operation: 'create', collection: 'app.bsky.feed.post', rkey: '3mmoojp4cd223', cid: 'bafyreib', record: { $type: 'app.bsky.feed.post', createdAt: '2026-05-25T14:23:28.757Z', text: 'hello #testchat', langs: ['en'] } },
      };
      const remove = { did, time_us: 1779719009257119, kind: 'commit', commit: { rev: '3mmoojpaqkn3z', operation: 'delete', collection: 'app.bsky.feed.post', rkey: '3mmoojp4cd223' } };
      const report = await run(chat.slug, [ctx.files.write('jetstream.jsonl', jsonl([create, remove]))]);
      assert.deepEqual(report.files[0]!.counts, { read: 2, imported: 1, duplicates: 0, rejected: 0, skipped: 0, deleted: 1 });
      const [post] = await postsOfChat(chat.id);
      assert.equal(post!.sourceId, `at://${did}/app.bsky.feed.post/3mmoojp4cd223`);
      assert.notEqual(post!.deletedAt, null);
    });

    it('imports a Bluesky chat saved from the API (search pages, a thread, a feed), threaded under its host’s question, each post once', async () => {
      const chat = await newChat({ hosts: ['@museumhost.bsky.social'] });
      const testdata = (name: string) => path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/bluesky', name);
      const report = await run(chat.slug, [testdata('search-posts.json'), testdata('post-thread.json'), testdata('author-feed.jsonl')]);
      assert.deepEqual(report.files.map((f) => [f.format, f.counts]), [
        // 4 posts found, plus the question again, as the quote's view embeds it.
        ['bluesky', { read: 4, imported: 4, duplicates: 1, rejected: 0, skipped: 0, deleted: 0 }],
        // The question and the answer are archived already; the host's reply is new; the deleted reply is skipped.
        ['bluesky', { read: 4, imported: 1, duplicates: 2, rejected: 0, skipped: 1, deleted: 0 }],
        // The host's repost of the answer is new.
        ['bluesky', { read: 1, imported: 1, duplicates: 2, rejected: 0, skipped: 0, deleted: 0 }],
      ]);
      const posts = await postsOfChat(chat.id);
      const bySource = (rkey: string) => posts.find((post) => post.sourceId?.endsWith(rkey))!;
      const question = bySource('/3lbq2sgx5xk2a');
      assert.deepEqual([question.handle, question.displayName, question.questionNumber, question.likeCount], ['museumhost.bsky.social', 'Museum Host', 1, 9]);
      const answer = bySource('/3lbq2uxm7zc2b');
      assert.deepEqual([answer.replyToId, answer.answersQuestion], [question.id, 1]);
      assert.equal(bySource('/3lbq2wqj4ys2c').quoteOfId, question.id);
      assert.equal(bySource('/3lbq2vbx3ss2g').boostOfId, answer.id);
      assert.equal(bySource('/3lbq2zz3jkk2e').replyToId, answer.id);
      const again = await run(chat.slug, [testdata('search-posts.json')]);
      assert.deepEqual(again.files[0]!.counts, { read: 4, imported: 0, duplicates: 5, rejected: 0, skipped: 0, deleted: 0 });
    });

    it('keeps one author per Bluesky account whichever file named it first, and knows a host listed by handle in a file of DIDs', async () => {
      const chat = await newChat({ hosts: ['@museumhost.bsky.social'] });
      const testdata = (name: string) => path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/bluesky', name);
      // DIDs of search-posts.json's host and of Ana; a newcomer none of the API files knows.
      const host = 'did:plc:w4xbfzo7kqfes5zb7r6qv3rw';
      const ana = 'did:plc:ragtjsm2j2vknwkz3zp4oxrd';
      const newcomer = 'did:plc:q235v55g5unth4zjjdpacfdr';
      const at = (minute: number) => `2024-11-20T19:${String(minute).padStart(2, '0')}:00.000Z`;
      const event = (did: string, minute: number, rest: object) => ({ did, time_us: Date.parse(at(minute)) * 1000, ...rest });
      const post = (did: string, rkey: string, text: string, minute: number) =>
        event(did, minute, { kind: 'commit', commit: { rev: rkey, operation: 'create', collection: 'app.bsky.feed.post', rkey, cid: `bafyrei${rkey}`, record: { $type: 'app.bsky.feed.post', createdAt: at(minute), text, langs: ['en'] } } });
      const identity = (did: string, handle: string, minute: number) => event(did, minute, { kind: 'identity', identity: { did, handle, seq: minute, time: at(minute) } });
      const authors = () => ctx.database.db.selectFrom('authors').select(['handle', 'displayName', 'sourceUserId']).where('network', '=', 'bluesky').orderBy('sourceUserId').execute();
      const authorOf = async (did: string) => (await authors()).filter((author) => author.sourceUserId === did);

      // A live capture first: Ana and the newcomer known by DID alone.
      await run(chat.slug, [ctx.files.write('live.jsonl', jsonl([post(ana, '3lcaaaaaaaa2a', 'Waiting for #MuseumChat', 0), post(newcomer, '3lcaaaaaaab2a', 'First time here #MuseumChat', 1)]))]);
      assert.deepEqual(await authorOf(ana), [{ handle: ana, displayName: ana, sourceUserId: ana }]);
      // The search pages name Ana: her row takes the handle and name, no second Ana.
      await run(chat.slug, [testdata('search-posts.json')]);
      assert.deepEqual(await authorOf(ana), [{ handle: 'ana-curates.bsky.social', displayName: 'Ana 🏛️', sourceUserId: ana }]);
      assert.equal((await authors()).length, 5);

      // Another capture: the host's Q2 comes by DID alone and is a question (the host's handle is known now); the
      // newcomer's identity event and profile name them; Ana's handle and name are not undone by her DID.
      const profile = event(newcomer, 9, { kind: 'commit', commit: { rev: 'p', operation: 'update', collection: 'app.bsky.actor.profile', rkey: 'self', cid: 'bafyreip', record: { $type: 'app.bsky.actor.profile', displayName: 'Nico' } } });
      const later = await run(chat.slug, [
        ctx.files.write('later.jsonl', jsonl([identity(newcomer, 'New.Comer.example', 8), profile, post(host, '3lcaaaaaaac2a', 'Q2 Which object would you rescue first? #MuseumChat', 10), post(ana, '3lcaaaaaaad2a', 'A2 the spoon, obviously #MuseumChat', 11)])),
      ]);
      assert.deepEqual(later.files[0]!.counts, { read: 4, imported: 2, duplicates: 0, rejected: 0, skipped: 2, deleted: 0 });
      assert.deepEqual(await authorOf(newcomer), [{ handle: 'new.comer.example', displayName: 'Nico', sourceUserId: newcomer }]);
      assert.deepEqual(await authorOf(ana), [{ handle: 'ana-curates.bsky.social', displayName: 'Ana 🏛️', sourceUserId: ana }]);
      const posts = await postsOfChat(chat.id);
      const q2 = posts.find((p) => p.text.startsWith('Q2'))!;
      assert.deepEqual([q2.handle, q2.displayName, q2.questionNumber], ['museumhost.bsky.social', 'Museum Host', 2]);
      assert.deepEqual(posts.filter((p) => p.handle === 'ana-curates.bsky.social').map((p) => p.answersQuestion), [null, 1, 2]);

      // A handle given to another account: the one that had it falls back to its DID until a file tells its new one.
      const successor = 'did:plc:zz7f4oafdgxsihk4cry2xzzz';
      await run(chat.slug, [ctx.files.write('moved.jsonl', jsonl([identity(successor, 'museumhost.bsky.social', 20), post(successor, '3lcaaaaaaae2a', 'Hello again #MuseumChat', 21)]))]);
      assert.deepEqual((await authorOf(host)).map((a) => a.handle), [host]);
      assert.deepEqual((await authorOf(successor)).map((a) => a.handle), ['museumhost.bsky.social']);
      assert.equal((await authors()).length, 6);
      // The handle moves again within one file (one batch): the last account to claim it has it.
      const third = 'did:plc:zz3f4oafdgxsihk4cry2xzzz';
      await run(chat.slug, [ctx.files.write('moved-again.jsonl', jsonl([identity(third, 'museumhost.bsky.social', 30), post(third, '3lcaaaaaaaf2a', 'Mine now #MuseumChat', 31), identity(successor, 'museumhost.bsky.social', 32), post(successor, '3lcaaaaaaag2a', 'No, mine #MuseumChat', 33)]))]);
      assert.deepEqual((await authorOf(third)).map((a) => a.handle), [third]);
      assert.deepEqual((await authorOf(successor)).map((a) => a.handle), ['museumhost.bsky.social']);
    });

    it('keeps the latest version of an edited tweet from a twarc2 stream, and its earlier version out of the archive', async () => {
      const chat = await newChat();
      // twarc2 flattened lines, as a filtered stream records them: the tweet, then its edit, a new tweet listing both versions.
      const author = { id: '42', username: 'dana_museum', name: 'Dana' };
      const line = (id: string, text: string, history: string[], at: string) => ({ id, text, created_at: at, author_id: '42', author, edit_history_tweet_ids: history, public_metrics: { like_count: 0, retweet_count: 0, reply_count: 0 } });
      const first = line('1580000000000000001', 'Q1 Whats your oddest object? #testchat', ['1580000000000000001'], '2026-03-10T19:00:00.000Z');
      const edit = line('1580000000000000002', 'Q1 What’s your oddest object? #testchat', ['1580000000000000001', '1580000000000000002'], '2026-03-10T19:00:40.000Z');
      // Someone answered before the edit: their reply names the first version.
      const answer = { ...line('1580000000000000003', '@dana_museum A1 a spoon #testchat', ['1580000000000000003'], '2026-03-10T19:00:30.000Z'), author_id: '43', author: { id: '43', username: 'sam', name: 'Sam' }, referenced_tweets: [{ type: 'replied_to', id: '1580000000000000001' }] };
      const latestOnly = async (chatId: number, prefix: string) => {
        const visible = (await postsOfChat(chatId)).filter((post) => post.deletedAt === null);
        assert.deepEqual(visible.map((post) => post.sourceId).sort(), [`${prefix}0000000000002`, `${prefix}0000000000003`]);
        const latest = visible.find((post) => post.text.startsWith('Q1 What’s'))!;
        assert.equal(visible.find((post) => post.text.startsWith('@dana_museum'))!.replyToId, latest.id, 'the answer replies to the latest version');
      };
      const file = ctx.files.write('stream.jsonl', jsonl([first, answer, edit]));
      // In one file, the edit is read with the batch its first version is in: that version is left out (skipped).
      const report = await run(chat.slug, [file], { format: 'twarc2' });
      assert.deepEqual(report.files[0]!.counts, { read: 3, imported: 2, duplicates: 0, rejected: 0, skipped: 1, deleted: 0 });
      // The same chat kept by someone else, under other ids.
      const renumber = (post: Record<string, unknown>) => JSON.parse(JSON.stringify(post).replaceAll('158000', '158400')) as Record<string, unknown>;
      await latestOnly(chat.id, '158000');
      // Importing it again changes nothing.
      const again = await run(chat.slug, [file], { format: 'twarc2' });
      assert.deepEqual(again.files[0]!.counts, { read: 3, imported: 0, duplicates: 2, rejected: 0, skipped: 1, deleted: 0 });

      // The first version and its answer archived by an earlier import: the edit takes that version out, and the answer now replies to it.
      const other = await newChat();
      const before = await run(other.slug, [ctx.files.write('before-edit.jsonl', jsonl([renumber(first), renumber(answer)]))], { format: 'twarc2' });
      assert.equal(before.files[0]!.counts.imported, 2);
      const edited = await run(other.slug, [ctx.files.write('the-edit.jsonl', jsonl([renumber(edit)]))], { format: 'twarc2' });
      assert.deepEqual(edited.files[0]!.counts, { read: 1, imported: 1, duplicates: 0, rejected: 0, skipped: 0, deleted: 1 });
      await latestOnly(other.id, '158400');
    });

    it('leaves out an earlier version read after its edit: later in a newest-first file, in a later import, or listing its edit itself', async () => {
      const author = { id: '42', username: 'dana_museum', name: 'Dana' };
      const line = (id: string, text: string, history: string[], at: string) => ({ id, text, created_at: at, author_id: '42', author, edit_history_tweet_ids: history, public_metrics: { like_count: 0, retweet_count: 0, reply_count: 0 } });
      const reply = (id: string, to: string, at: string) => ({ ...line(id, '@dana_museum A1 a spoon #testchat', [id], at), author_id: '43', author: { id: '43', username: 'sam', name: 'Sam' }, referenced_tweets: [{ type: 'replied_to', id: to }] });
      const visible = async (chatId: number) => (await postsOfChat(chatId)).filter((post) => post.deletedAt === null);

      // Newest first, as search results are kept: the edit, an answer to the first version, then the first version.
      const chat = await newChat();
      const edit = line('1581000000000000002', 'Q1 What’s your oddest object? #testchat', ['1581000000000000001', '1581000000000000002'], '2026-03-10T19:00:40.000Z');
      const first = line('1581000000000000001', 'Q1 Whats your oddest object? #testchat', ['1581000000000000001'], '2026-03-10T19:00:00.000Z');
      const file = ctx.files.write('newest-first.jsonl', jsonl([edit, reply('1581000000000000003', '1581000000000000001', '2026-03-10T19:00:30.000Z'), first]));
      const report = await run(chat.slug, [file], { format: 'twarc2' });
      assert.deepEqual(report.files[0]!.counts, { read: 3, imported: 2, duplicates: 0, rejected: 0, skipped: 1, deleted: 0 });
      const posts = await postsOfChat(chat.id);
      assert.deepEqual(posts.map((post) => post.sourceId).sort(), ['1581000000000000002', '1581000000000000003'], 'the first version is not archived at all');
      const latest = posts.find((post) => post.sourceId === '1581000000000000002')!;
      const answer = posts.find((post) => post.sourceId === '1581000000000000003')!;
      assert.equal(answer.replyToId, latest.id, 'the answer replies to the latest version');
      assert.equal(answer.replyToSourceId, '1581000000000000002');
      const again = await run(chat.slug, [file], { format: 'twarc2' });
      assert.deepEqual(again.files[0]!.counts, { read: 3, imported: 0, duplicates: 2, rejected: 0, skipped: 1, deleted: 0 });

      // The edit in one import; the first version and an answer to it in a later one, kept by someone else.
      const later = await newChat();
      await run(later.slug, [ctx.files.write('edit.jsonl', jsonl([line('1582000000000000002', 'Q2 Which object would you rescue? #testchat', ['1582000000000000001', '1582000000000000002'], '2026-03-10T19:10:40.000Z')]))], { format: 'twarc2' });
      const older = ctx.files.write('older-copy.jsonl', jsonl([line('1582000000000000001', 'Q2 Which objcet would you rescue? #testchat', ['1582000000000000001'], '2026-03-10T19:10:00.000Z'), reply('1582000000000000003', '1582000000000000001', '2026-03-10T19:10:20.000Z')]));
      const second = await run(later.slug, [older], { format: 'twarc2' });
      assert.deepEqual(second.files[0]!.counts, { read: 2, imported: 1, duplicates: 0, rejected: 0, skipped: 1, deleted: 0 });
      const laterPosts = await visible(later.id);
      assert.deepEqual(laterPosts.map((post) => post.sourceId).sort(), ['1582000000000000002', '1582000000000000003']);
      assert.equal(laterPosts.find((post) => post.sourceId === '1582000000000000003')!.replyToId, laterPosts.find((post) => post.sourceId === '1582000000000000002')!.id);

      // An earlier version fetched after the edit lists the whole chain, its edit last: left out on its own.
      const listed = await newChat();
      const alone = await run(listed.slug, [ctx.files.write('earlier.jsonl', jsonl([line('1583000000000000001', 'Q3 first try', ['1583000000000000001', '1583000000000000002'], '2026-03-10T19:20:00.000Z')]))], { format: 'twarc2' });
      assert.deepEqual(alone.files[0]!.counts, { read: 1, imported: 0, duplicates: 0, rejected: 0, skipped: 1, deleted: 0 });
      const its = await run(listed.slug, [ctx.files.write('latest.jsonl', jsonl([line('1583000000000000002', 'Q3 second try', ['1583000000000000001', '1583000000000000002'], '2026-03-10T19:20:30.000Z')]))], { format: 'twarc2' });
      assert.deepEqual(its.files[0]!.counts, { read: 1, imported: 1, duplicates: 0, rejected: 0, skipped: 0, deleted: 0 });
      assert.deepEqual((await visible(listed.id)).map((post) => post.text), ['Q3 second try']);

      // A real page: a reply quoting a tweet edited since; the page includes the edit, which is archived and quoted.
      const quoting = await newChat();
      await run(quoting.slug, [fixture('twarc2/quoted_edit.jsonl')]);
      const quotePosts = await postsOfChat(quoting.id);
      const edited = quotePosts.find((post) => post.sourceId === '1576994789110992896')!;
      assert.equal(quotePosts.find((post) => post.sourceId === '1576995594388000768')!.quoteOfId, edited.id);
    });

    it('refuses an unknown format name and a chat that does not exist', async () => {
      const chat = await newChat();
      const file = fixture('twarc2/two_tweets.jsonl');
      await assert.rejects(run(chat.slug, [file], { format: 'storify' }), /format: must be one of/);
      await assert.rejects(run('no-such-chat', [file]), /Chat no-such-chat not found/);
      assert.equal((await tableCounts(ctx.database.db)).imports, 0);
    });
  });
}
