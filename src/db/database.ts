import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, CamelCasePlugin, sql } from 'kysely';
import pg from 'pg';
import { ConfigError, type Config } from '../config.ts';
import type { DB } from './schema.ts';
import type { DatabaseSync } from 'node:sqlite';
import { NodeSqliteDatabase } from './sqlite-driver.ts';
import { withFinalStatements } from './pg-final-statement.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Where a database is: enough to open another connection to it (an import's own thread does). */
export type DatabaseSource = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; searchPath?: string };

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** Where it was opened from (openDatabaseAt opens it again). */
  source?: DatabaseSource;
  /**
   * SQLite only: the connection under Kysely, for the few hot paths that
   * run one prepared statement per row (a bulk import, see
   * src/archive/import/pipeline/bulk-load.ts). Use it only while holding
   * Kysely's connection (db.connection()), so nothing else runs between.
   */
  sqlite?: DatabaseSync;
  /** PostgreSQL only: the connection pool's state now, for /metrics (queries waiting for a connection mean the pool is too small or the database too slow). */
  poolState?: () => PoolState;
  /**
   * PostgreSQL only: opens every connection of the pool now and keeps
   * them open (see keepOpen). Best effort: a database that cannot be
   * reached yet is connected to on demand later, as usual.
   */
  warm?: () => Promise<void>;
}

export interface PoolState {
  /** Connections open. */
  total: number;
  /** Of those, connections no query holds. */
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

// int8 (bigint) comes back from pg as a string; our bigints are epoch
// milliseconds, row ids and counts, all far below 2^53, so numbers are safe
// and keep rows identical to what node:sqlite returns.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface OpenOptions {
  /** PostgreSQL only: schema to use (tests isolate themselves in one each). */
  searchPath?: string;
  poolSize?: number;
  /**
   * PostgreSQL only: never close idle connections (the server). A pool
   * that closes what it does not need at a quiet moment has to open a
   * dozen connections at once when the load rises again, each a new
   * PostgreSQL backend (fork, authentication, cold catalog caches: ~10 ms
   * idle and far longer on a busy machine), while the queries that asked
   * for them wait.
   */
  keepOpen?: boolean;
}

export function openDatabase(database: Config['database'], options: OpenOptions = {}): Database {
  return database.kind === 'postgres' ? openPostgres(database.url, options) : openSqlite(database.file);
}

/** Another handle on the database at `source` (a worker thread cannot share its parent's connections). */
export function openDatabaseAt(source: DatabaseSource, options: OpenOptions = {}): Database {
  return source.kind === 'postgres' ? openPostgres(source.url, { ...options, ...(source.searchPath ? { searchPath: source.searchPath } : {}) }) : openSqlite(source.file);
}

export function openSqlite(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  let sqlite: NodeSqliteDatabase;
  try {
    sqlite = new NodeSqliteDatabase(file);
    // WAL lets readers proceed while a write commits; NORMAL sync is durable
    // across application crashes (only an OS crash can lose the last commits).
    sqlite.raw.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA foreign_keys = ON;
      PRAGMA busy_timeout = 5000;
    `);
  } catch (error) {
    // Typically a read-only or full data directory: SQLite must create its -wal and -shm files there.
    throw new ConfigError([`MUSESOCIAL_DATA_DIR: cannot open the SQLite database ${file}: ${(error as Error).message} (the directory must be writable and have free space)`]);
  }
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, kind: 'sqlite', close: () => db.destroy(), sqlite: sqlite.raw, source: { kind: 'sqlite', file } };
}

/**
 * Connections per app process. A query holds its connection from the moment
 * it is sent until the app has read the answer, and under load that is
 * mostly the app's own event loop getting round to it (tens of ms while it
 * writes to thousands of live viewers), not PostgreSQL working: a post's
 * transaction holds one for five such round trips. With 10, the pool was the
 * bottleneck of bench:mixed on two processes (hundreds of queries queued
 * for a connection while PostgreSQL sat mostly idle, and page renders
 * waited behind them); 30 kept up with the whole mix. Two processes × 30
 * stay well inside PostgreSQL's default max_connections of 100.
 */
export const POSTGRES_POOL_SIZE = 30;

export function openPostgres(url: string, options: OpenOptions = {}): Database {
  const size = options.poolSize ?? POSTGRES_POOL_SIZE;
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    ...(options.keepOpen ? { min: size } : {}),
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({
    // Final statements go out with their COMMIT (see pg-final-statement.ts).
    dialect: new PostgresDialect({ pool: withFinalStatements(pool) }),
    plugins: [new CamelCasePlugin()],
  });
  const poolState = (): PoolState => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  const warm = async () => {
    const clients = await Promise.allSettled(Array.from({ length: size }, () => pool.connect()));
    for (const client of clients) if (client.status === 'fulfilled') client.value.release();
  };
  const source: DatabaseSource = { kind: 'postgres', url, ...(options.searchPath ? { searchPath: options.searchPath } : {}) };
  return { db, kind: 'postgres', close: () => db.destroy(), poolState, warm, source };
}

/** True when the database answers; used by the health endpoint. */
export async function ping(database: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
