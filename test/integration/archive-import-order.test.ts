import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../support/databases.ts';
import { buildChat } from '../support/factories.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { BatchWriter } from '../../src/archive/import/pipeline/batch-writer.ts';
import { parseJsonLines } from '../../src/archive/import/pipeline/json-lines.ts';
import { twitterV1 } from '../../src/archive/import/formats/twitter-v1.ts';
import { jsonl, importTestContext, tweet } from './archive-import-helpers.ts';

/**
 * The batch writer plans a transaction's posts in file order (ids, links,
 * duplicates) and stores them in time order (SQLite). These check that the
 * stored result is the file-order one.
 */
for (const target of databaseTargets()) {
  describe(`archive import, planned batches (${target.kind})`, { skip: target.skip }, () => {
    const ctx = importTestContext(target.kind);

    const newChat = () => buildChat(ctx.database.db, ctx.organizer, { startsInHours: -48 });
    const run = (slug: string, file: string) => importIntoChat(ctx.database, { via: 'cli' }, slug, { files: [{ path: file, fileName: path.basename(file) }], format: null });
    const postsOf = (chatId: number) => ctx.database.db.selectFrom('posts').selectAll().where('chatId', '=', chatId).orderBy('id').execute();

    it('links a reply dated before the post it answers, and numbers posts in file order', async () => {
      const chat = await newChat();
      // Clocks disagree: the reply (later in the file) says it was written a minute before its target.
      const file = ctx.files.write(
        'skewed.jsonl',
        jsonl([
          tweet({ id: '10', user: 'alice', text: 'first #tag', at: '2026-03-10T19:05:00Z' }),
          tweet({ id: '11', user: 'bob', text: 'a reply from a fast clock', at: '2026-03-10T19:04:00Z', replyTo: '10' }),
          tweet({ id: '12', user: 'carol', text: 'same second one', at: '2026-03-10T19:00:00Z' }),
          tweet({ id: '13', user: 'dave', text: 'same second two', at: '2026-03-10T19:00:00Z' }),
        ]),
      );
      const report = await run(chat.slug, file);
      assert.equal(report.files[0]!.counts.imported, 4);
      assert.equal(report.files[0]!.linked, 0, 'linked as it was stored, not by the pass after the file');
      const posts = await postsOf(chat.id);
      assert.deepEqual(posts.map((p) => p.sourceId), ['10', '11', '12', '13']);
      assert.equal(posts[1]!.replyToId, posts[0]!.id);
      const tags = await ctx.database.db.selectFrom('postHashtags').select(['postId', 'tag']).execute();
      assert.deepEqual(tags, [{ postId: posts[0]!.id, tag: 'tag' }]);
      if (target.kind === 'sqlite') {
        // Search keys: time order, and posts of the same moment in id order (as stored one by one).
        const keys = await sql<{ postId: number }>`select post_id as "postId" from post_search_keys order by key`.execute(ctx.database.db);
        assert.deepEqual(keys.rows.map((r) => Number(r.postId)), [posts[2]!.id, posts[3]!.id, posts[1]!.id, posts[0]!.id]);
        const found = await sql<{ n: number }>`select count(*) as n from posts_fts where posts_fts match '"second"'`.execute(ctx.database.db);
        assert.equal(Number(found.rows[0]!.n), 2);
      }
    });

    it('counts a post archived in another chat as a duplicate and does not link to it', async () => {
      const other = await newChat();
      const chat = await newChat();
      await run(other.slug, ctx.files.write('other.jsonl', jsonl([tweet({ id: '30', user: 'alice', text: 'in the other chat', at: '2026-03-10T19:00:00Z' })])));
      const report = await run(
        chat.slug,
        ctx.files.write(
          'mine.jsonl',
          jsonl([
            tweet({ id: '30', user: 'alice', text: 'in the other chat', at: '2026-03-10T19:00:00Z' }),
            tweet({ id: '31', user: 'bob', text: 'a reply to it', at: '2026-03-10T19:01:00Z', replyTo: '30' }),
          ]),
        ),
      );
      assert.deepEqual([report.files[0]!.counts.imported, report.files[0]!.counts.duplicates], [1, 1]);
      const [reply] = await postsOf(chat.id);
      assert.equal(reply!.sourceId, '31');
      assert.equal(reply!.replyToId, null);
      assert.equal(reply!.replyToSourceId, '30');
    });

    it('forgets authors and posts removed between two transactions, and leaves foreign keys on', { skip: target.kind !== 'sqlite' }, async () => {
      const chat = await newChat();
      const writer = new BatchWriter(ctx.database, { chatId: chat.id, hostHandles: [] }, { fileName: 'x.jsonl', format: 'twitter-v1', userId: null, via: 'cli', startedAt: Date.now() });
      const piece = (values: unknown[]) => {
        const parsed = parseJsonLines(twitterV1, Buffer.from(jsonl(values)));
        return [{ piece: parsed, rejects: parsed.rejects }];
      };
      await writer.write(piece([tweet({ id: '40', user: 'alice', text: 'first', at: '2026-03-10T19:00:00Z' })]));
      // Removed on request by another connection while the import goes on: the author and their posts.
      await ctx.database.db.deleteFrom('authors').where('handle', '=', 'alice').execute();
      const counts = await writer.write(
        piece([
          tweet({ id: '41', user: 'alice', text: 'again', at: '2026-03-10T19:01:00Z' }),
          tweet({ id: '42', user: 'bob', text: 'a reply to the removed post', at: '2026-03-10T19:02:00Z', replyTo: '40' }),
        ]),
      );
      assert.equal(counts.imported, 2);
      const posts = await ctx.database.db.selectFrom('posts').innerJoin('authors', 'authors.id', 'posts.authorId').select(['posts.sourceId', 'posts.replyToId', 'authors.handle']).orderBy('posts.id').execute();
      assert.deepEqual(posts, [
        { sourceId: '41', replyToId: null, handle: 'alice' },
        { sourceId: '42', replyToId: null, handle: 'bob' },
      ]);
      const check = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(ctx.database.db);
      assert.deepEqual(check.rows, []);
      const enforced = await sql<Record<string, number>>`pragma foreign_keys`.execute(ctx.database.db);
      assert.equal(Number(Object.values(enforced.rows[0]!)[0]), 1);
    });
  });
}
