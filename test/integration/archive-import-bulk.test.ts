import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import type { DB } from '../../src/db/schema.ts';
import { importIntoChat, type ImportRunOptions } from '../../src/archive/import/import.service.ts';
import { generateTweetFile } from '../../bench/import/tweet-generator.ts';
import { jsonl, scratchDir, tableCounts, tweet } from './archive-import-helpers.ts';

/**
 * Bulk loading (src/archive/import/pipeline/bulk-load.ts): a big import
 * into a small archive stores its posts without the secondary indexes and
 * search triggers, and builds them at the end, all in one transaction.
 * The result must be the one the batch-by-batch import gives, and a
 * failure anywhere must leave the database as it was.
 */
for (const target of databaseTargets()) {
  describe(`archive import, bulk load (${target.kind})`, { skip: target.skip }, () => {
    let files: ReturnType<typeof scratchDir>;
    let file: string;
    before(async () => {
      files = scratchDir();
      file = path.join(files.dir, 'chat.jsonl');
      // ~3,000 tweets with retweets, replies, quotes, hosts' Q1…, answers and hashtags.
      await generateTweetFile(file, 3000);
    });
    after(() => files.cleanup());

    async function importOnce(bulkLoad: 'always' | 'never', options: ImportRunOptions = {}) {
      const database = await freshDatabase(target.kind);
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, { startsInHours: -48, hosts: ['@museumhost', '@cohost_sam'] });
      // Posts archived before, in another chat, of the same second as the file's first posts: their
      // search keys and rows must survive, and the new keys count on after theirs.
      const other = await buildChat(database.db, organizer, { startsInHours: -72 });
      const earlier = files.write(
        `earlier-${Math.random()}.jsonl`,
        jsonl([tweet({ id: '7', user: 'alice', text: 'conservation before #museums', at: '2019-10-21T19:00:00Z' }), tweet({ id: '8', user: 'bob', text: 'also before', at: '2019-10-21T19:00:00Z' })]),
      );
      await importIntoChat(database, { via: 'cli' }, other.slug, { files: [{ path: earlier, fileName: 'earlier.jsonl' }], format: null });
      const run = (extra: ImportRunOptions = {}) =>
        importIntoChat(database, { via: 'cli' }, chat.slug, { files: [{ path: file, fileName: 'chat.jsonl' }], format: null }, { bulkLoad, read: { workers: 0 }, ...options, ...extra });
      return { database, chat, other, run };
    }

    it('stores what the batch-by-batch import stores, indexes, search and threading included', async () => {
      const plain = await importOnce('never');
      const bulk = await importOnce('always');
      try {
        const plainReport = await plain.run();
        const bulkReport = await bulk.run();
        assert.equal(bulkReport.files[0]!.bulkLoaded, target.kind === 'sqlite');
        assert.equal(plainReport.files[0]!.bulkLoaded, false);
        assert.deepEqual(bulkReport.totals, plainReport.totals);
        assert.ok(bulkReport.totals.imported > 2500 && bulkReport.totals.duplicates > 0, 'retweets bring their originals, repeated');
        assert.deepEqual(await tableCounts(bulk.database.db), await tableCounts(plain.database.db));
        assert.deepEqual(await shape(bulk.database.db), await shape(plain.database.db));
        assert.deepEqual(await schema(bulk.database), await schema(plain.database));
        if (target.kind === 'sqlite') {
          // Search: every post has its key, the FTS index agrees with the text it indexes, hashtags are searchable.
          for (const database of [bulk.database, plain.database]) {
            const [keys] = (await sql<{ n: number }>`select count(*) as n from post_search_keys`.execute(database.db)).rows;
            assert.equal(Number(keys!.n), bulkReport.totals.imported + 2);
            await sql`insert into posts_fts (posts_fts, rank) values ('integrity-check', 1)`.execute(database.db);
          }
          const found = async (db: Kysely<DB>) => ({
            words: (await sql<{ n: number }>`select count(*) as n from posts_fts where posts_fts match 'conservation'`.execute(db)).rows[0]!.n,
            tags: (await sql<{ n: number }>`select count(*) as n from post_search_tags where tag = 'museums'`.execute(db)).rows[0]!.n,
            // Keys follow time: the newest post has the highest key.
            newest: (await sql<{ s: string }>`select p.source_id as s from post_search_keys k join posts p on p.id = k.post_id order by k.key desc limit 1`.execute(db)).rows[0]!.s,
          });
          // The bigger term hash of the FTS rebuild is the rebuild's only: FTS5's default (1 MB) is back.
          const hashSize = await sql<{ v: number }>`select v from posts_fts_config where k = 'hashsize'`.execute(bulk.database.db);
          assert.ok(hashSize.rows.every((row) => Number(row.v) === 1024 * 1024), JSON.stringify(hashSize.rows));
          const bulkFound = await found(bulk.database.db);
          assert.ok(Number(bulkFound.words) > 0 && Number(bulkFound.tags) > 0);
          assert.deepEqual(bulkFound, await found(plain.database.db));
        }

        // Idempotent: the same file again adds nothing (its posts are found through the kept unique index).
        const again = await bulk.run();
        assert.equal(again.totals.imported, 0);
        assert.equal(again.totals.duplicates, bulkReport.totals.imported + bulkReport.totals.duplicates);
      } finally {
        await plain.database.dispose();
        await bulk.database.dispose();
      }
    });

    it('threads a file saved newest first as the same file saved oldest first, linking late posts a few at a time', async () => {
      // Newest first (a search API's order), every reply, quote and boost comes before what it answers: the link pass after the file does it all.
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
      const reversed = files.write('newest-first.jsonl', `${lines.toReversed().join('\n')}\n`);
      const oldestFirst = await importOnce('never');
      const newestFirst = await importOnce(target.kind === 'sqlite' ? 'always' : 'never');
      try {
        await oldestFirst.run();
        const report = await importIntoChat(newestFirst.database, { via: 'cli' }, newestFirst.chat.slug, { files: [{ path: reversed, fileName: 'newest-first.jsonl' }], format: null }, { read: { workers: 0 }, linkPostsPerRound: 7 });
        assert.ok(report.files[0]!.linked > 300, `most links are late (${report.files[0]!.linked})`);
        const shapes = [await shape(oldestFirst.database.db), await shape(newestFirst.database.db)];
        assert.ok(shapes[1]!.posts.filter((p) => p.answersQuestion !== null && p.questionNumber === null && p.reply !== null).length > 50, 'replies threaded under questions');
        const differing = shapes[1]!.posts.filter((post, i) => JSON.stringify(post) !== JSON.stringify(shapes[0]!.posts[i]));
        assert.deepEqual(differing.slice(0, 3).map((p) => [p, shapes[0]!.posts.find((q) => q.sourceId === p.sourceId)]), [], `${differing.length} posts differ`);
      } finally {
        await oldestFirst.database.dispose();
        await newestFirst.database.dispose();
      }
    });

    it('leaves the database as it was, indexes and triggers included, when the import fails half-way', async () => {
      // Small chunks and transactions: many batches.
      const bulk = await importOnce('always', { transactionPosts: 200, read: { workers: 0, chunkBytes: 256 * 1024 } });
      try {
        const before = { counts: await tableCounts(bulk.database.db), schema: await schema(bulk.database) };
        let batches = 0;
        await assert.rejects(
          bulk.run({
            onProgress: () => {
              // Several batches are in when it fails, as when the process is killed.
              if (++batches === 3) throw new Error('stopped half-way');
            },
          }),
          /stopped half-way/,
        );
        if (target.kind === 'sqlite') assert.deepEqual(await tableCounts(bulk.database.db), before.counts, 'nothing of it kept');
        assert.deepEqual(await schema(bulk.database), before.schema);
        // And the next run does it all.
        const rerun = await bulk.run();
        const stored = (await tableCounts(bulk.database.db)).posts - before.counts.posts;
        // SQLite: all of it now; PostgreSQL (batch by batch): the rest of it.
        if (target.kind === 'sqlite') assert.equal(rerun.totals.imported, stored);
        else assert.ok(rerun.totals.imported > 0 && rerun.totals.imported < stored, `${rerun.totals.imported} of ${stored}`);
      } finally {
        await bulk.database.dispose();
      }
    });
  });
}

/** The posts as threading and linking left them, in source order. */
async function shape(db: Kysely<DB>) {
  const posts = await db
    .selectFrom('posts')
    .leftJoin('posts as reply', 'reply.id', 'posts.replyToId')
    .leftJoin('posts as boost', 'boost.id', 'posts.boostOfId')
    .leftJoin('posts as quote', 'quote.id', 'posts.quoteOfId')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .select(['posts.sourceId', 'posts.kind', 'posts.text', 'posts.createdAt', 'posts.questionNumber', 'posts.answersQuestion', 'reply.sourceId as reply', 'boost.sourceId as boost', 'quote.sourceId as quote', 'authors.handle'])
    .orderBy('posts.sourceId')
    .execute();
  const tags = await db.selectFrom('postHashtags').innerJoin('posts', 'posts.id', 'postHashtags.postId').select(['posts.sourceId', 'postHashtags.tag']).orderBy('posts.sourceId').orderBy('postHashtags.tag').execute();
  const questions = await db.selectFrom('chatQuestions').leftJoin('posts', 'posts.id', 'chatQuestions.postId').select(['chatQuestions.number', 'posts.sourceId']).orderBy('chatQuestions.number').execute();
  return { posts, tags, questions };
}

/** Indexes and triggers (SQLite), or indexes (PostgreSQL), by name and definition. */
async function schema(database: TestDatabase) {
  if (database.kind === 'sqlite') return (await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type in ('index', 'trigger') order by name`.execute(database.db)).rows;
  return (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() order by indexname`.execute(database.db)).rows;
}
