import { sql, type Kysely } from 'kysely';
import type { DatabaseSync } from 'node:sqlite';
import type { Database } from '../../../db/database.ts';
import type { DB } from '../../../db/schema.ts';

/**
 * Bulk loading on SQLite: a big import into a chat of an archive that is
 * small next to it stores its posts without most of the posts table's
 * secondary indexes (KEPT_WHILE_LOADING) and without the search triggers
 * (0012_search), then builds what it set aside once, at the end: SQLite sorts a whole index in one
 * pass much faster than it inserts a million rows into a dozen b-trees
 * and FTS5 one by one (see bench:import, `--profile`).
 *
 * All of it happens in ONE transaction (BEGIN IMMEDIATE … COMMIT), the
 * dropped indexes and triggers included: a crash or kill -9 at any moment
 * leaves the database exactly as it was before the import (SQLite ignores
 * the uncommitted tail of the WAL), with its indexes and triggers, and
 * running the import again does it all. Readers (the server) keep reading
 * the last committed state, indexes included, meanwhile; other writers
 * wait for the import (busy_timeout) or give up, which is why only the
 * command line bulk-loads, and only big files.
 *
 * What is set aside is what the import does not read while it stores:
 * the import looks posts up by source (the unique constraint, kept) and by
 * id (the primary key); everything the indexes serve (transcripts, search,
 * the link pass, the consent guard) runs after the commit.
 */

/** The triggers that maintain search for new rows; the delete and update ones stay (rows the import changes keep their search rows right). */
const SEARCH_INSERT_TRIGGERS = ['posts_search_insert', 'post_hashtags_search_insert'];
/** Tables whose secondary indexes are set aside (constraints' own indexes cannot be dropped, and are needed). */
const TABLES = ['posts', 'post_hashtags', 'post_search_tags'];

/**
 * Indexes of posts kept while loading: their keys follow what an import
 * appends (one chat, then time or the new ids; targets of replies, boosts
 * and quotes are mostly recent posts), so each row lands at one of a few
 * right edges that stay in the page cache: ~4 µs a post for all of them
 * (bench:import --profile), about what rebuilding them costs (a scan of
 * the whole posts table and a sort each, 0.3–0.8 s per million posts).
 * But a rebuild runs at the end, on one core, the other idle, while
 * during the load the storing thread mostly has time to spare (it waits
 * for the parse worker). An archive in reverse time order (search API
 * pages) appends at the left edges instead, as cheaply. Indexes led by author are random in load order
 * and are rebuilt (so is post_search_tags's, filled at the end); an index
 * not named here is rebuilt too.
 */
const KEPT_WHILE_LOADING = new Set([
  'posts_chat_time',
  'posts_created_at_id',
  'posts_chat_question',
  'posts_chat_question_post',
  'posts_transcript',
  'posts_unlinked',
  'posts_reply_to',
  'posts_boost_of',
  'posts_quote_of_id',
  // By tag, then post id: an archive's tags are mostly the chat's own few, each appended at its end.
  'post_hashtags_tag',
]);

/**
 * FTS5 gathers terms in a hash and writes a segment each time it exceeds
 * this many bytes (1 MB by default); fewer, bigger segments leave less to
 * merge: ~25 % off building the index of a big import. It is the rebuild's
 * setting only: the table's own (default) is put back before the commit.
 * Memory: about twice this while the index is built (parse workers are gone
 * by then, and so are the reader's buffers: chunk-reader.ts). 8 MB builds
 * as fast as 16 MB did (1,000,000 tweets: 3.5/3.7 s against 3.6/3.6 s)
 * with a peak 10–15 MB lower (262/266 MB against 277/276 MB; bench:import,
 * when the peak was reached here; since the reader frees its buffers, it
 * is reached while storing).
 */
const FTS_REBUILD_HASH_BYTES = 8 * 1024 * 1024;

export interface SetAside {
  /** The first post id of the import: every post from it on is new (the import holds the write lock). */
  firstPostId: number;
  /** `create index …` and `create trigger …` statements, as sqlite_master keeps them. */
  statements: string[];
}

/** Whether an import of about `estimatedPosts` is big enough, next to what the archive holds, to bulk-load. */
export async function worthBulkLoading(db: Kysely<DB>, estimatedPosts: number, minimumPosts: number): Promise<boolean> {
  if (estimatedPosts < minimumPosts) return false;
  // Rebuilding an index costs the whole table: only when the import is at least as big as what is there.
  // max(id) is one b-tree descent where count(*) would read the table; ids are dense enough for this.
  const { rows } = await sql<{ last: number | null }>`select max(id) as last from posts`.execute(db);
  return Number(rows[0]?.last ?? 0) <= estimatedPosts;
}

/** Inside the import's transaction: drops what bulk loading does without, and says how to put it back. */
export async function setAside(trx: Kysely<DB>): Promise<SetAside> {
  const { rows } = await sql<{ type: string; name: string; sql: string }>`
    select type, name, sql from sqlite_master
    where (type = 'index' and sql is not null and tbl_name in (${sql.join(TABLES)}) and name not in (${sql.join([...KEPT_WHILE_LOADING])}))
       or (type = 'trigger' and name in (${sql.join(SEARCH_INSERT_TRIGGERS)}))
    order by type, name`.execute(trx);
  const { rows: last } = await sql<{ last: number }>`select max(coalesce((select seq from sqlite_sequence where name = 'posts'), 0), coalesce((select max(id) from posts), 0)) as last`.execute(trx);
  for (const row of rows) await sql.raw(`drop ${row.type === 'index' ? 'index' : 'trigger'} "${row.name.replaceAll('"', '""')}"`).execute(trx);
  return { firstPostId: Number(last[0]!.last) + 1, statements: rows.map((row) => row.sql) };
}

/**
 * A bulk load's last steps, announced as each begins: after the last
 * record is read they take about a quarter of a big import (bench:import),
 * and a progress bar standing at 100 % meanwhile looks stuck.
 */
export type OnBulkStep = (step: { name: string; number: number; of: number }) => void;

/** The steps before the indexes and triggers are put back, and after. */
const STEPS_BEFORE = ['search keys', 'full-text index', 'hashtag search rows'];
const STEPS_AFTER = ['commit'];

/** An index or trigger put back, by its kind and name (`index posts_author`). */
function stepName(statement: string): string {
  const found = /^create (?:unique )?(index|trigger) "?(\w+)/i.exec(statement);
  return found ? `${found[1]!.toLowerCase()} ${found[2]}` : 'statement';
}

/**
 * Still inside the transaction: what the search triggers would have done
 * for every post from `firstPostId` on, in a few set-wise statements, and
 * the indexes and triggers back as they were.
 */
export async function putBack(trx: Kysely<DB>, aside: SetAside, steps: Record<string, number> = {}, onStep: OnBulkStep = () => {}): Promise<void> {
  const first = aside.firstPostId;
  const names = [...STEPS_BEFORE, ...aside.statements.map(stepName), ...STEPS_AFTER];
  let clock = performance.now();
  let number = 0;
  const begin = () => onStep({ name: names[number]!, number: number + 1, of: names.length });
  /** The step under way is done (its time kept under its name); the next one begins. */
  const step = () => {
    const now = performance.now();
    steps[names[number]!] = Math.round(now - clock);
    clock = now;
    number += 1;
    if (number < names.length) begin();
  };
  begin();
  // Search keys as posts_search_insert gives them (0012): created_at * 2^20 + n, clamped as there.
  const ms = sql.raw('max(min(p.created_at, 8000000000000), -8000000000000)');
  const { rows } = await sql<{ taken: number }>`
    select exists (select 1 from post_search_keys
      where key >= (select min(${ms}) from posts p where p.id >= ${first}) * 1048576
        and key < ((select max(${ms}) from posts p where p.id >= ${first}) + 1) * 1048576) as taken`.execute(trx);
  // n counts on from the posts of that millisecond archived before: none, in a fresh archive or
  // one whose posts are of other times, and then a lookup per post is saved.
  const from = rows[0]!.taken ? sql`coalesce((select max(key) + 1 from post_search_keys where key >= ${ms} * 1048576 and key < (${ms} + 1) * 1048576), ${ms} * 1048576)` : sql`${ms} * 1048576`;
  // The window sorts the posts by millisecond and id, and its rows come out in that order, which is
  // the keys' order: they are appended to the table. No `order by` (SQLite would sort them all again,
  // a quarter of this step); were they to come out in another order, inserting would only be slower.
  await sql`
    insert into post_search_keys (key, post_id)
    select ${from} + row_number() over (partition by ${ms} order by p.id) - 1, p.id
    from posts p where p.id >= ${first}`.execute(trx);
  step();
  // FTS5 gathers terms in memory and writes a segment whenever a key goes backwards: rows go in key
  // order, read in that order from the keys table itself (NOT INDEXED: its rowid order, no sort).
  await withFtsHashSize(trx, FTS_REBUILD_HASH_BYTES, () =>
    sql`
      insert into posts_fts (rowid, text)
      select k.key, p.text from post_search_keys k not indexed cross join posts p on p.id = k.post_id
      where k.post_id >= ${first} order by k.key`.execute(trx),
  );
  step();
  // In the table's own order: appended to its b-tree rather than inserted all over it.
  await sql`
    insert or ignore into post_search_tags (tag, key)
    select h.tag, k.key from post_hashtags h join post_search_keys k on k.post_id = h.post_id
    where h.post_id >= ${first} order by 1, 2`.execute(trx);
  step();
  for (const statement of aside.statements) {
    await sql.raw(statement).execute(trx);
    step();
  }
}

/**
 * Runs `body` with posts_fts's hash size set to `bytes`, then puts the
 * table's setting back: its value, or FTS5's default, then written out in
 * posts_fts_config (SQLite refuses direct writes to that table, so the
 * row cannot be removed; the same value either way). Set through FTS5,
 * every connection's FTS5 learns it (they cache their configuration).
 */
async function withFtsHashSize<T>(trx: Kysely<DB>, bytes: number, body: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ v: unknown }>`select v from posts_fts_config where k = 'hashsize'`.execute(trx);
  const before = rows[0]?.v;
  // FTS5 takes a configuration value as a literal only (a bound one is "SQL logic error").
  const set = (value: number) => sql`insert into posts_fts (posts_fts, rank) values ('hashsize', ${sql.raw(String(Math.trunc(value)))})`.execute(trx);
  await set(bytes);
  const result = await body();
  await set(before === undefined ? FTS_DEFAULT_HASH_BYTES : Number(before));
  return result;
}

/** FTS5's own default (FTS5_DEFAULT_HASHSIZE). */
const FTS_DEFAULT_HASH_BYTES = 1024 * 1024;

/**
 * The import's one transaction in bulk mode, on a connection held for the
 * whole file: every batch runs on it without a transaction of its own.
 */
export class BulkLoad {
  private constructor(
    readonly connection: Kysely<DB>,
    /** The same connection, without Kysely: rows go in one prepared statement each (import-batch.repository.ts). */
    readonly sqlite: DatabaseSync,
    private readonly release: () => Promise<void>,
    private readonly aside: SetAside,
    private readonly before: Pragmas,
  ) {}

  static async begin(database: Database): Promise<BulkLoad> {
    if (!database.sqlite) throw new Error('bulk loading is for SQLite');
    const { connection, release } = await holdConnection(database.db);
    const before = await readPragmas(connection);
    try {
      // Neither can change inside a transaction. Foreign keys: the batch writer checks its references
      // itself (write-transaction.ts). Sorting a million-row index in memory would take the import's
      // memory budget several times over: temporary files (in the page cache, mostly) it is. No helper
      // thread for the sorts: with one, the four index builds at the end took as long (2.78 s against
      // 2.66 s without, 1,000,000 posts) and 8 MB more (a second sort buffer, and its thread's malloc arena).
      await sql`pragma foreign_keys = off`.execute(connection);
      await sql`pragma temp_store = file`.execute(connection);
      await sql`pragma threads = 0`.execute(connection);
      // A sort keeps up to the page cache's size in memory: 16 MB at most, and the
      // load itself only appends (no secondary index to keep in cache).
      await sql`pragma cache_size = -16384`.execute(connection);
      await sql`begin immediate`.execute(connection);
      try {
        return new BulkLoad(connection, database.sqlite, release, await setAside(connection), before);
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => {});
        throw error;
      }
    } catch (error) {
      await restore(connection, before).catch(() => {});
      await release();
      throw error;
    }
  }

  /** A batch: already inside the transaction. */
  run<T>(body: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return body(this.connection);
  }

  /** Milliseconds each step of the commit took (bench:import prints them). */
  readonly steps: Record<string, number> = {};

  /** Builds what was set aside and commits everything; `onStep` hears of each step as it begins (the commit last). */
  async commit(onStep?: OnBulkStep): Promise<void> {
    try {
      // Every step now writes in key order (appends): a small cache does, and keeps the sorts' memory
      // (up to the cache's size per sort thread) well inside the import's budget.
      await sql`pragma cache_size = -8192`.execute(this.connection);
      await putBack(this.connection, this.aside, this.steps, onStep);
      const started = performance.now();
      await sql`commit`.execute(this.connection);
      this.steps.commit = Math.round(performance.now() - started);
    } catch (error) {
      await this.rollback();
      throw error;
    }
    await this.end();
  }

  /** Nothing of the import is kept. */
  async rollback(): Promise<void> {
    await sql`rollback`.execute(this.connection).catch(() => {});
    await this.end();
  }

  private async end(): Promise<void> {
    await restore(this.connection, this.before).catch(() => {});
    await this.release();
  }
}

type Pragmas = Record<'foreign_keys' | 'temp_store' | 'threads' | 'cache_size', number>;

async function readPragmas(connection: Kysely<DB>): Promise<Pragmas> {
  const read = async (name: keyof Pragmas) => {
    // One row, one column (its name camel-cased or not by the plugin).
    const { rows } = await sql<Record<string, number>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(connection);
    return Number(Object.values(rows[0] ?? {})[0] ?? 0);
  };
  return { foreign_keys: await read('foreign_keys'), temp_store: await read('temp_store'), threads: await read('threads'), cache_size: await read('cache_size') };
}

async function restore(connection: Kysely<DB>, before: Pragmas): Promise<void> {
  for (const [name, value] of Object.entries(before)) await sql.raw(`pragma ${name} = ${Number(value)}`).execute(connection);
}

/** Kysely's one SQLite connection, kept until `release` (other queries on the database wait for it). */
async function holdConnection(db: Kysely<DB>): Promise<{ connection: Kysely<DB>; release: () => Promise<void> }> {
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  let done!: Promise<void>;
  const connection = await new Promise<Kysely<DB>>((resolve, reject) => {
    done = db.connection().execute(async (held) => {
      resolve(held);
      await released;
    });
    done.catch(reject);
  });
  return { connection, release: () => (letGo(), done) };
}
