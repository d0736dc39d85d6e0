import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openSqlite } from '../db/database.ts';
import { COMMIT_SPACING_MS, GroupCommit } from './group-commit.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('GroupCommit spacing (SQLite)', () => {
  it('commits a write at once when quiet; writes following a commit wait for the spacing and share one transaction', async () => {
    const database = openSqlite(':memory:');
    try {
      const group = new GroupCommit(database.db);
      const commits: number[] = [];
      /** The transaction each write ran in: items of one batch are handed the same one. */
      const transactions: object[] = [];
      const mark = (n: number) =>
        group.run(async (trx) => {
          await sql`select ${n}`.execute(trx);
          transactions[n] = trx;
          commits.push(performance.now());
          return n;
        });

      await mark(0); // warms the code up: the first query of a process is slow for reasons of its own
      await sleep(COMMIT_SPACING_MS * 3);
      commits.length = 0;
      const started = performance.now();
      assert.equal(await mark(1), 1);
      // Generous bounds: a busy machine stretches everything, but not a write that waits for no timer by 5 spacings.
      assert.ok(commits[0]! - started < 5 * COMMIT_SPACING_MS, 'the first write did not wait');

      // Right after a commit: these wait for the spacing, then commit together.
      const results = await Promise.all([mark(2), mark(3), mark(4)]);
      assert.deepEqual(results, [2, 3, 4]);
      assert.ok(commits[1]! - started >= COMMIT_SPACING_MS - 1, `second commit ${(commits[1]! - started).toFixed(1)} ms after the first began`);
      assert.equal(new Set(transactions.slice(2)).size, 1, 'one transaction for the three');
      assert.notEqual(transactions[1], transactions[2]);

      // Long after: no wait.
      await sleep(COMMIT_SPACING_MS * 3);
      const before = performance.now();
      await mark(5);
      assert.ok(commits[4]! - before < 5 * COMMIT_SPACING_MS, 'a write long after the last commit does not wait');
    } finally {
      await database.close();
    }
  });
});
