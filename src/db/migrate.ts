import { sql, type Kysely } from 'kysely';
import type { Database, DatabaseKind } from './database.ts';
import { bigEnoughForConcurrentBuild, buildMissingConcurrently, createIndexNow } from './concurrent-indexes.ts';
import type { DualMigration } from './migrations/helpers.ts';
import { accounts } from './migrations/0001_accounts.ts';
import { chats } from './migrations/0002_chats.ts';
import { posts } from './migrations/0003_posts.ts';
import { series } from './migrations/0004_series.ts';
import { rsvps } from './migrations/0005_rsvps.ts';
import { calendarImport } from './migrations/0006_calendar_import.ts';
import { wiki } from './migrations/0007_wiki.ts';
import { liveEvents } from './migrations/0008_live_events.ts';
import { liveRoom } from './migrations/0009_live_room.ts';
import { archiveImport } from './migrations/0010_archive_import.ts';
import { transcripts } from './migrations/0011_transcripts.ts';
import { search } from './migrations/0012_search.ts';
import { consent } from './migrations/0013_consent.ts';
import { stories } from './migrations/0014_stories.ts';
import { metrics } from './migrations/0015_metrics.ts';
import { moderationPostIndex } from './migrations/0016_moderation_post_index.ts';
import { searchWordPairs } from './migrations/0017_search_word_pairs.ts';
import { importRuns } from './migrations/0018_import_runs.ts';
import { replacedPosts } from './migrations/0019_replaced_posts.ts';
import { authorIdentity } from './migrations/0020_author_identity.ts';
import { searchTagsByStatement } from './migrations/0021_search_tags_by_statement.ts';
import { runFilesInOtherChats } from './migrations/0022_run_files_in_other_chats.ts';
import { searchWordsSplit } from './migrations/0023_search_words_split.ts';
import { ftsSymbolSeparators } from './migrations/0024_fts_symbol_separators.ts';

/**
 * Every migration, in order. Names are permanent: they are recorded in the
 * database's `schema_migrations` table. Add new files at the end; never edit
 * one that has shipped.
 */
const MIGRATIONS: Array<[string, DualMigration]> = [
  ['0001_accounts', accounts],
  ['0002_chats', chats],
  ['0003_posts', posts],
  ['0004_series', series],
  ['0005_rsvps', rsvps],
  ['0006_calendar_import', calendarImport],
  ['0007_wiki', wiki],
  ['0008_live_events', liveEvents],
  ['0009_live_room', liveRoom],
  ['0010_archive_import', archiveImport],
  ['0011_transcripts', transcripts],
  ['0012_search', search],
  ['0013_consent', consent],
  ['0014_stories', stories],
  ['0015_metrics', metrics],
  ['0016_moderation_post_index', moderationPostIndex],
  ['0017_search_word_pairs', searchWordPairs],
  ['0018_import_runs', importRuns],
  ['0019_replaced_posts', replacedPosts],
  ['0020_author_identity', authorIdentity],
  ['0021_search_tags_by_statement', searchTagsByStatement],
  ['0022_run_files_in_other_chats', runFilesInOtherChats],
  ['0023_search_words_split', searchWordsSplit],
  ['0024_fts_symbol_separators', ftsSymbolSeparators],
];

/** Every migration's name, in order: backups record them, and restore checks a backup against them. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map(([name]) => name);

/**
 * Builds the schema as it was after migration `last`, inside the caller's
 * transaction, without bookkeeping rows (restore loads the backup's own
 * `schema_migrations` and then runs migrateToLatest for the rest).
 */
export async function applyMigrationsThrough(trx: Kysely<any>, kind: DatabaseKind, last: string): Promise<void> {
  const end = MIGRATION_NAMES.indexOf(last);
  if (end < 0) throw new Error(`unknown migration ${last}`);
  await sql`create table if not exists schema_migrations (name text primary key, applied_at bigint not null)`.execute(trx);
  for (const [, migration] of MIGRATIONS.slice(0, end + 1)) {
    await migration.up(trx, kind);
    // One transaction: no concurrent build (restore loads the rows after the indexes anyway).
    if (kind === 'postgres') for (const index of migration.concurrentIndexes ?? []) await createIndexNow(trx, index);
  }
}

export interface MigrationReport {
  /** Names applied by this call, in order (empty when the database was up to date). */
  applied: string[];
  /** Indexes this call built concurrently (PostgreSQL, concurrent-indexes.ts). */
  indexesBuilt: string[];
}

/**
 * Applies pending migrations in order, each in its own transaction together
 * with its bookkeeping row, so a failure leaves the database at the last
 * good step. Several processes starting at once are safe: on PostgreSQL an
 * advisory lock (per schema) serializes them, SQLite has a single writer.
 * Then, on PostgreSQL, the indexes migrations leave to a concurrent build
 * (concurrent-indexes.ts) are built, or finished if a build was cut short.
 *
 * Deliberately small instead of Kysely's Migrator: that one inspects every
 * table of every schema to find its own, which races with a schema being
 * dropped next door (seen with parallel test databases).
 */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const { db, kind } = database;
  await sql`create table if not exists schema_migrations (name text primary key, applied_at bigint not null)`.execute(db);
  const applied: string[] = [];
  for (const [name, migration] of MIGRATIONS) {
    try {
      const ran = await db.transaction().execute(async (trx) => {
        if (kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(current_schema()))`.execute(trx);
        const done = await sql<{ name: string }>`select name from schema_migrations where name = ${name}`.execute(trx);
        if (done.rows.length > 0) return false;
        await migration.up(trx, kind);
        // A big table's are left to buildMissingConcurrently, below.
        if (kind === 'postgres') for (const index of migration.concurrentIndexes ?? []) if (!(await bigEnoughForConcurrentBuild(trx, index))) await createIndexNow(trx, index);
        await sql`insert into schema_migrations (name, applied_at) values (${name}, ${Date.now()})`.execute(trx);
        return true;
      });
      if (ran) applied.push(name);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Migration ${name} failed: ${reason}`);
    }
  }
  if (kind === 'sqlite') return { applied, indexesBuilt: [] };
  try {
    // By name, the latest migration's definition: a later migration may rebuild an earlier one's index (0023).
    const indexes = new Map(MIGRATIONS.flatMap(([, migration]) => migration.concurrentIndexes ?? []).map((index) => [index.name, index]));
    return { applied, indexesBuilt: await buildMissingConcurrently(db, [...indexes.values()]) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Building indexes concurrently failed (the next start builds them again): ${reason}`);
  }
}
