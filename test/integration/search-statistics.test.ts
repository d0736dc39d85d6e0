import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets, freshDatabase } from '../support/databases.ts';
import { ANALYZE_AFTER_POSTS, refreshSearchStatistics } from '../../src/search/search-statistics.ts';

for (const target of databaseTargets()) {
  describe(`search statistics after big imports (${target.kind})`, { skip: target.skip }, () => {
    it(target.kind === 'postgres' ? 'analyzes the search tables after a big import only' : 'has nothing to refresh on SQLite', async () => {
      const database = await freshDatabase(target.kind);
      try {
        assert.equal(await refreshSearchStatistics(database, ANALYZE_AFTER_POSTS - 1), false, 'a small import leaves it to autovacuum');
        const ran = await refreshSearchStatistics(database, ANALYZE_AFTER_POSTS);
        assert.equal(ran, target.kind === 'postgres');
        if (target.kind === 'postgres') {
          const rows = await sql<{ relname: string; analyzed: boolean }>`
            select relname, last_analyze is not null as analyzed from pg_stat_user_tables
            where schemaname = current_schema() and relname in ('posts', 'post_hashtags', 'post_search_tags') order by relname`.execute(database.db);
          assert.deepEqual(rows.rows, [
            { relname: 'post_hashtags', analyzed: true },
            { relname: 'post_search_tags', analyzed: true },
            { relname: 'posts', analyzed: true },
          ]);
        }
      } finally {
        await database.dispose();
      }
    });
  });
}
