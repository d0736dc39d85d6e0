import { sql, type Kysely } from 'kysely';

/**
 * An index on a big PostgreSQL table that a migration asks for. Built in
 * the migration's own transaction it would block every insert into the
 * table until it is done (0017's word-pair index: ~90 s per million
 * posts), and a rolling upgrade's older processes would stop taking posts
 * meanwhile. So on a table of some size it is built after the migration
 * commits, with CREATE INDEX CONCURRENTLY, while the table keeps taking
 * writes; on a small one (a new site, every test database) it is built
 * plainly inside the transaction, which is quicker and waits for nobody.
 */
export interface ConcurrentIndex {
  name: string;
  table: string;
  /** What follows `on TABLE`: the method and the key, e.g. `using gin (f(column))`. */
  using: string;
}

/**
 * From this many rows on, an index is built concurrently. Below it a plain
 * build blocks writes for about a second at most (0017's index: ~90 µs a
 * post), less than a concurrent build waits for the transactions running
 * when it starts.
 */
export const CONCURRENT_MIN_ROWS = 10_000;

/** The index, built now, inside the caller's transaction. */
export async function createIndexNow(db: Kysely<any>, index: ConcurrentIndex): Promise<void> {
  await sql.raw(`create index if not exists ${quote(index.name)} on ${quote(index.table)} ${index.using}`).execute(db);
}

/** Whether the index's table is big enough for the index to be built concurrently (counts up to the threshold only). */
export async function bigEnoughForConcurrentBuild(db: Kysely<any>, index: ConcurrentIndex): Promise<boolean> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from (select 1 from ${sql.table(index.table)} limit ${CONCURRENT_MIN_ROWS}) t`.execute(db);
  return Number(rows[0]?.n ?? 0) >= CONCURRENT_MIN_ROWS;
}

/**
 * Builds, concurrently, those of `indexes` the current schema lacks or has
 * left invalid (a concurrent build that was interrupted: the process
 * killed, the connection lost), and returns their names. Run after every
 * migration has committed, at every start: a build cut short is finished
 * by the next one.
 *
 * One process builds at a time: the others, finding the lock taken, go on
 * without waiting (the index appears when the builder is done). The lock
 * is tried, never waited for: a statement waiting for it would hold a
 * snapshot, which the concurrent build waits for in turn (a deadlock).
 */
export async function buildMissingConcurrently(db: Kysely<any>, indexes: ConcurrentIndex[]): Promise<string[]> {
  if (indexes.length === 0 || (await unfinished(db, indexes)).length === 0) return [];
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_lock(hashtext(current_schema() || ' concurrent indexes')) as got`.execute(connection);
    if (!rows[0]?.got) return [];
    try {
      const built: string[] = [];
      // Looked at again under the lock: another process may have finished them meanwhile.
      for (const { index, invalid } of await unfinished(connection, indexes)) {
        // CREATE … IF NOT EXISTS would take the invalid leftover for the index.
        if (invalid) await sql.raw(`drop index concurrently if exists ${quote(index.name)}`).execute(connection);
        await sql.raw(`create index concurrently if not exists ${quote(index.name)} on ${quote(index.table)} ${index.using}`).execute(connection);
        built.push(index.name);
      }
      return built;
    } finally {
      await sql`select pg_advisory_unlock(hashtext(current_schema() || ' concurrent indexes'))`.execute(connection);
    }
  });
}

/** The indexes missing from the current schema, or there but invalid. */
async function unfinished(db: Kysely<any>, indexes: ConcurrentIndex[]): Promise<Array<{ index: ConcurrentIndex; invalid: boolean }>> {
  const { rows } = await sql<{ name: string; valid: boolean }>`
    select c.relname as name, i.indisvalid as valid
    from pg_class c join pg_index i on i.indexrelid = c.oid
    where c.relnamespace = current_schema()::regnamespace and c.relname in (${sql.join(indexes.map((index) => index.name))})`.execute(db);
  const valid = new Map(rows.map((row) => [row.name, row.valid]));
  return indexes.filter((index) => valid.get(index.name) !== true).map((index) => ({ index, invalid: valid.get(index.name) === false }));
}

/** A name as an SQL identifier (ours are plain words; quoting keeps any other safe). */
function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
