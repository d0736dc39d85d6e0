import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { GroupCommit } from '../../src/live/group-commit.ts';
import { buildUser } from '../support/factories.ts';

for (const target of databaseTargets()) {
  describe(`group commit on ${target.kind}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await freshDatabase(target.kind);
    });
    afterEach(async () => {
      await database.dispose();
    });

    const handles = async () => (await database.db.selectFrom('users').select('handle').orderBy('handle').execute()).map((row) => row.handle);

    it('commits writes that arrive together in one transaction, and a failing one alone is rolled back', async () => {
      const group = new GroupCommit(database.db);
      const rename = (from: string, to: string) =>
        group.run(async (trx) => {
          const result = await trx.updateTable('users').set({ handle: to }).where('handle', '=', from).executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1) throw new Error(`no ${from}`);
          return to;
        });
      for (const handle of ['ann', 'bob', 'cat']) await buildUser(database.db, { handle });

      const txids = new Set<string>();
      const spy = (handle: string) =>
        group.run(async (trx) => {
          const id = target.kind === 'postgres' ? (await sql<{ id: string }>`select txid_current()::text as id`.execute(trx)).rows[0]!.id : 'sqlite';
          txids.add(id);
          return handle;
        });
      const results = await Promise.allSettled([
        rename('ann', 'ann2'),
        // Its update succeeds, then it throws: its change must not survive.
        group.run(async (trx) => {
          await trx.updateTable('users').set({ handle: 'bob2' }).where('handle', '=', 'bob').execute();
          throw new Error('refused');
        }),
        rename('nobody', 'x'),
        rename('cat', 'cat2'),
        spy('a'),
        spy('b'),
      ]);
      assert.deepEqual(
        results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
        ['ann2', 'refused', 'no nobody', 'cat2', 'a', 'b'],
      );
      assert.deepEqual(await handles(), ['ann2', 'bob', 'cat2']);
      assert.equal(txids.size, 1, 'one transaction for the batch');
    });

    it('runs a lone write in a transaction of its own and rejects it with its own error', async () => {
      const group = new GroupCommit(database.db);
      await buildUser(database.db, { handle: 'dee' });
      await assert.rejects(
        group.run(async (trx) => {
          await trx.updateTable('users').set({ handle: 'dee2' }).execute();
          throw new Error('lone failure');
        }),
        /lone failure/,
      );
      assert.deepEqual(await handles(), ['dee']);
      assert.equal(await group.run(async () => 42), 42);
    });
  });
}
