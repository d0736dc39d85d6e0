import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { databaseTargets } from '../support/databases.ts';
import { buildChat } from '../support/factories.ts';
import { importIntoChat, type ImportReport } from '../../src/archive/import/import.service.ts';
import { jsonl, importTestContext, tableCounts, tweet } from './archive-import-helpers.ts';

/**
 * Values a database refuses, in otherwise good files: PostgreSQL stores no
 * NUL (U+0000) in text and no index entry over ~2.7 KB, where SQLite takes
 * both. Each database must do the same: strip NUL from free text, reject
 * the record whose ids, handles or hashtags hold a NUL or are too long (its
 * line named), and import the rest of the file.
 */

const LONG = 'x'.repeat(3000);
const AT = '2026-03-10T19:00:00Z';

function tagged(spec: Parameters<typeof tweet>[0], tags: string[], name?: string): Record<string, unknown> {
  const t = tweet(spec);
  const user = name === undefined ? t.user : { ...(t.user as object), name };
  return { ...t, user, entities: { hashtags: tags.map((text) => ({ text, indices: [0, 0] })), urls: [], user_mentions: [] } };
}

/**
 * A twarc1 file: lines 1, 3, 4 and 8 good (4 with a NUL in the display
 * name), 2 a NUL in the text, 5–7 bad keys; after a blank line 9 that
 * takes the NUL past what format detection reads (a NUL byte there makes
 * the file binary), 10 a raw NUL byte: not JSON, and its error message
 * quotes the NUL.
 */
const TWEETS =
  jsonl([
    tagged({ id: '9001', user: 'alice', text: 'A1 good one #testchat', at: AT }, ['testchat']),
    tagged({ id: '9002', user: 'bob', text: 'bad \u0000 one', at: AT }, []),
    tagged({ id: '9003', user: 'carol', text: 'A2 good two', at: AT }, []),
    tagged({ id: '9004', user: 'dave', text: 'A3 named oddly', at: AT }, [], 'Da\u0000ve'),
    tagged({ id: '9005', user: 'erin', text: 'tag with a NUL', at: AT }, ['mu\u0000seums']),
    tagged({ id: '9006', user: 'frank', text: 'a very long tag', at: AT }, [LONG]),
    tagged({ id: '9007', user: LONG, text: 'a very long name', at: AT }, []),
    tagged({ id: '9008', user: 'grace', text: 'A4 good last', at: AT }, []),
  ]) +
  `${' '.repeat(70_000)}\n\u0000${JSON.stringify(tweet({ id: '9009', user: 'heidi', text: 'raw', at: AT }))}\n`;

const DID = 'did:plc:hqvhxrowqbemo5e4wjnj6zao';
const jetstreamPost = (rkey: string, text: string, parent?: string) => ({
  did: DID,
  time_us: 1783175888384849,
  kind: 'commit',
  commit: {
    rev: '3mptbyp63ih2m',
    operation: 'create',
    collection: 'app.bsky.feed.post',
    rkey,
    record: { $type: 'app.bsky.feed.post', createdAt: AT, text, ...(parent ? { reply: { parent: { cid: 'x', uri: parent }, root: { cid: 'x', uri: parent } } } : {}) },
  },
});

/** Jetstream: what reaches the batch as an account record or a deletion, and a reply id. */
const EVENTS = jsonl([
  jetstreamPost('3mpgood1', 'a good skeet'),
  { did: DID, time_us: 1783175888384850, kind: 'identity', identity: { did: DID, handle: 'some\u0000one.bsky.social' } },
  { did: DID, time_us: 1783175888384851, kind: 'identity', identity: { did: DID, handle: `${LONG}.bsky.social` } },
  { did: DID, time_us: 1783175888384852, kind: 'commit', commit: { rev: 'r', operation: 'delete', collection: 'app.bsky.feed.post', rkey: 'gone\u0000' } },
  jetstreamPost('3mpreply', 'answering nothing', `at://${DID}/app.bsky.feed.post/x\u0000y`),
  jetstreamPost('3mplong', 'answering a long id', `at://${DID}/app.bsky.feed.post/${LONG}`),
  { did: DID, time_us: 1783175888384853, kind: 'commit', commit: { rev: 'r', operation: 'create', collection: 'app.bsky.actor.profile', rkey: 'self', record: { displayName: 'Some\u0000 One' } } },
]);

for (const target of databaseTargets()) {
  describe(`archive import of values a database refuses (${target.kind})`, { skip: target.skip }, () => {
    const ctx = importTestContext(target.kind);

    const run = (slug: string, paths: string[]): Promise<ImportReport> =>
      importIntoChat(ctx.database, { via: 'cli' }, slug, { files: paths.map((p) => ({ path: p, fileName: path.basename(p) })), format: null });

    it('strips NUL from text and names, rejects bad keys by line, and imports the rest of the file and the next one', async () => {
      const chat = await buildChat(ctx.database.db, ctx.organizer, { startsInHours: -48 });
      const tweets = ctx.files.write('tweets.jsonl', TWEETS);
      const events = ctx.files.write('events.jsonl', EVENTS);

      const report = await run(chat.slug, [tweets, events]);
      const [first, second] = report.files;
      assert.equal(first!.unreadable, null);
      assert.deepEqual(first!.counts, { read: 9, imported: 5, duplicates: 0, rejected: 4, skipped: 0, deleted: 0 });
      assert.deepEqual(
        first!.rejections.map((r) => r.line),
        [5, 6, 7, 10],
      );
      assert.match(first!.rejections[0]!.reason, /^post 9005: the hashtag contains a NUL character$/);
      assert.match(first!.rejections[1]!.reason, /^post 9006: the hashtag is longer than 1024 bytes$/);
      assert.match(first!.rejections[2]!.reason, /^post 9007: the author handle is longer than 1024 bytes$/);
      assert.match(first!.rejections[3]!.reason, /^not valid JSON \(Unexpected token '\\u0000'/);

      assert.equal(second!.unreadable, null);
      assert.deepEqual(second!.counts, { read: 7, imported: 1, duplicates: 0, rejected: 5, skipped: 1, deleted: 0 });
      assert.deepEqual(
        second!.rejections.map((r) => [r.line, r.reason]),
        [
          [2, `account ${DID}: the handle contains a NUL character`],
          [3, `account ${DID}: the handle is longer than 1024 bytes`],
          [4, 'deletion: the source id contains a NUL character'],
          [5, `post at://${DID}/app.bsky.feed.post/3mpreply: the reply-to id contains a NUL character`],
          [6, `post at://${DID}/app.bsky.feed.post/3mplong: the reply-to id is longer than 1024 bytes`],
        ],
      );

      const stored = await ctx.database.db
        .selectFrom('posts')
        .innerJoin('authors', 'authors.id', 'posts.authorId')
        .select(['posts.sourceId', 'posts.text', 'authors.handle', 'authors.displayName'])
        .where('posts.chatId', '=', chat.id)
        .orderBy('posts.sourceId')
        .execute();
      assert.deepEqual(stored, [
        { sourceId: '9001', text: 'A1 good one #testchat', handle: 'alice', displayName: 'Alice' },
        { sourceId: '9002', text: 'bad  one', handle: 'bob', displayName: 'Bob' },
        { sourceId: '9003', text: 'A2 good two', handle: 'carol', displayName: 'Carol' },
        { sourceId: '9004', text: 'A3 named oddly', handle: 'dave', displayName: 'Dave' },
        { sourceId: '9008', text: 'A4 good last', handle: 'grace', displayName: 'Grace' },
        { sourceId: `at://${DID}/app.bsky.feed.post/3mpgood1`, text: 'a good skeet', handle: DID, displayName: 'Some One' },
      ]);
      const tags = await ctx.database.db.selectFrom('postHashtags').select('tag').execute();
      assert.deepEqual(tags, [{ tag: 'testchat' }]);
      const rejections = await ctx.database.db.selectFrom('importRejections').select(['line', 'reason']).orderBy('id').execute();
      assert.equal(rejections.length, 9);
      assert.ok(rejections.every((r) => !r.reason.includes('\u0000')));

      // Importing again stores nothing new and turns the same records away.
      const before = await tableCounts(ctx.database.db);
      const again = await run(chat.slug, [tweets, events]);
      assert.deepEqual(
        again.files.map((f) => [f.counts.imported, f.counts.duplicates, f.counts.rejected]),
        [
          [0, 5, 4],
          [0, 1, 5],
        ],
      );
      const after = await tableCounts(ctx.database.db);
      assert.deepEqual({ ...after, imports: before.imports, importRejections: before.importRejections }, before);
    });

    it('rejects a text of over 256 KB (past 1 MB, PostgreSQL refused its search entry and the whole import)', async () => {
      const chat = await buildChat(ctx.database.db, ctx.organizer, { startsInHours: -48 });
      const words = Array.from({ length: 150_000 }, (_, i) => `w${i}`).join(' ');
      const file = ctx.files.write('long.jsonl', jsonl([tweet({ id: '9102', user: 'bob', text: 'A1 short', at: AT }), tweet({ id: '9101', user: 'alice', text: words, at: AT })]));
      const [summary] = (await run(chat.slug, [file])).files;
      assert.equal(summary!.unreadable, null);
      assert.deepEqual([summary!.counts.imported, summary!.counts.rejected], [1, 1]);
      assert.deepEqual(summary!.rejections, [{ line: 2, reason: 'post 9101: the text is longer than 256 KB' }]);
    });
  });
}
