import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { CONCURRENT_MIN_ROWS } from '../../src/db/concurrent-indexes.ts';
import { freshDatabase, POSTGRES_URL } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';

/**
 * 0017's word-pair index on a posts table of some size is built with
 * CREATE INDEX CONCURRENTLY after the migration commits (concurrent-indexes.ts):
 * posts keep going in while it builds, a build left invalid is redone at
 * the next start, and two processes starting at once build it once.
 */
describe('PostgreSQL migrations: indexes on big tables are built concurrently', { skip: POSTGRES_URL ? false : 'no PostgreSQL reachable' }, () => {
  const POSTS = 3 * CONCURRENT_MIN_ROWS;

  it('builds posts_search_pairs while posts are inserted without waiting, once for two processes, and the index finds them', async () => {
    const database = await freshDatabase('postgres');
    const schema = await currentSchema(database.db);
    const second = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 2 });
    const observer = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 1 });
    try {
      const chatId = await fillPosts(database.db, POSTS);
      await backBefore0017(database.db);

      const migrations = [migrateToLatest(database), migrateToLatest(second)];
      await waitFor(observer.db, async () => (await buildsOnPosts(observer.db)).includes('CREATE INDEX CONCURRENTLY'));
      // A plain build holds a lock inserts wait for; a concurrent one does not.
      const started = performance.now();
      await observer.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '3s'`.execute(trx);
        await insertPosts(trx, chatId, 1, "a visitor's phrase seen while the index builds");
      });
      const insertMs = performance.now() - started;
      assert.ok((await buildsOnPosts(observer.db)).length > 0, 'the build was still running when the insert committed');
      assert.ok(insertMs < 2000, `the insert waited ${insertMs.toFixed(0)} ms`);

      const reports = await Promise.all(migrations);
      assert.deepEqual(reports.flatMap((r) => r.applied), ['0017_search_word_pairs'], 'applied by one process only');
      assert.deepEqual(reports.flatMap((r) => r.indexesBuilt), ['posts_search_pairs'], 'built by one process only');
      assert.equal(await validity(database.db), true);
      const found = await sql<{ n: string }>`
        select count(*) as n from posts
        where search_word_pairs(search_vector) @@ search_phrase_pairs('phrase seen while') and search_vector @@ phraseto_tsquery('simple', 'phrase seen while')`.execute(database.db);
      assert.equal(Number(found.rows[0]!.n), 1);
    } finally {
      await observer.close();
      await second.close();
      await database.dispose();
    }
  });

  it('rebuilds an index a build cut short left invalid, at the next start', async () => {
    const database = await freshDatabase('postgres');
    try {
      // Small table: built inside the migration's transaction, nothing left to build.
      assert.equal(await validity(database.db), true);
      assert.deepEqual((await migrateToLatest(database)).indexesBuilt, []);
      // What a killed CREATE INDEX CONCURRENTLY leaves behind.
      await sql`update pg_index set indisvalid = false where indexrelid = 'posts_search_pairs'::regclass`.execute(database.db);
      assert.equal(await validity(database.db), false);

      assert.deepEqual(await migrateToLatest(database), { applied: [], indexesBuilt: ['posts_search_pairs'] });
      assert.equal(await validity(database.db), true);
    } finally {
      await database.dispose();
    }
  });
});

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]!.schema;
}

/** `count` posts of varied text in a new chat; its id. */
async function fillPosts(db: Kysely<any>, count: number): Promise<number> {
  const organizer = await buildUser(db, { role: 'organizer' });
  const chat = await buildChat(db, organizer);
  await insertPosts(db, chat.id, count, 'museum answer number');
  return chat.id;
}

async function insertPosts(db: Kysely<any>, chatId: number, count: number, text: string): Promise<void> {
  const { rows } = await sql<{ id: number }>`
    insert into authors (network, handle, display_name, created_at) values ('twitter', ${`poster_${Math.random().toString(36).slice(2)}`}, 'Poster', 0)
    returning id`.execute(db);
  await sql`
    insert into posts (chat_id, author_id, text, kind, created_at)
    select ${chatId}, ${rows[0]!.id}, ${text} || case when ${count} > 1 then ' ' || n || ' of ' || (n % 97) else '' end, 'original', 1700000000000 + n
    from generate_series(1, ${count}) n`.execute(db);
}

/** The database as a site before 0017: without its functions and index, and without its record. */
async function backBefore0017(db: Kysely<any>): Promise<void> {
  await sql`drop index posts_search_pairs`.execute(db);
  await sql`drop function search_phrase_pairs(text)`.execute(db);
  await sql`drop function search_word_pairs(tsvector)`.execute(db);
  await sql`delete from schema_migrations where name = '0017_search_word_pairs'`.execute(db);
}

/** The commands of index builds running on this schema's posts table. */
async function buildsOnPosts(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ command: string }>`select command from pg_stat_progress_create_index where relid = 'posts'::regclass`.execute(db);
  return rows.map((row) => row.command);
}

async function validity(db: Kysely<any>): Promise<boolean | null> {
  const { rows } = await sql<{ valid: boolean }>`
    select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
    where c.relname = 'posts_search_pairs' and c.relnamespace = current_schema()::regnamespace`.execute(db);
  return rows[0]?.valid ?? null;
}

async function waitFor(db: Kysely<any>, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > until) throw new Error('timed out waiting for the index build to start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
