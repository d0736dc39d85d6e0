import { sql, SqliteAdapter, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Work<T> = (trx: Transaction<DB>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Writes one transaction takes at most: bounds how long the others wait behind a batch. */
const MAX_BATCH = 64;

/**
 * Group commit: writes that become ready while the database is busy share
 * one transaction, each in a savepoint of its own, so one that fails is
 * rolled back alone and the others still commit. Each caller's promise
 * settles only after the shared commit: nothing is acknowledged before it
 * is stored.
 *
 * Why: on SQLite a commit costs more than the rows it writes (the WAL
 * frames of every page touched, the search index's new segment), and a
 * busy room posts hundreds of times a second. Batching costs nothing when it is quiet: a lone write runs on
 * the next turn of the event loop, in a transaction of its own; batches
 * form only when writes arrive faster than they commit, and then grow with
 * the load. (Commits spaced 10 ms apart to force batches of ~5 at 500
 * posts/s saved no measurable CPU per post and doubled the median latency,
 * bench/posting.ts.)
 */
export class GroupCommit {
  readonly #queue: Pending[] = [];
  #busy = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#busy) {
        this.#busy = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, MAX_BATCH);
    try {
      if (batch.length === 1) await this.#alone(batch[0]!);
      else await this.#together(batch);
    } finally {
      if (this.#queue.length > 0) setImmediate(() => void this.#flush());
      else this.#busy = false;
    }
  }

  async #alone(item: Pending): Promise<void> {
    try {
      item.resolve(await this.db.transaction().execute((trx) => item.work(trx)));
    } catch (error) {
      item.reject(error);
    }
  }

  async #together(batch: Pending[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const item of batch) {
          await sql`savepoint group_commit_item`.execute(trx);
          try {
            const value = await item.work(trx);
            await sql`release savepoint group_commit_item`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql`rollback to savepoint group_commit_item`.execute(trx);
            await sql`release savepoint group_commit_item`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch was stored.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

/** Runs a write in a transaction: a GroupCommit, or one transaction per write. */
export interface Committer {
  run<T>(work: Work<T>): Promise<T>;
}

/** One transaction per write: PostgreSQL runs them side by side on its pool. */
class TransactionPerWrite implements Committer {
  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: Work<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }
}

const perDatabase = new WeakMap<Kysely<DB>, Committer>();

/**
 * How one database (one Kysely instance, i.e. one connection pool) commits
 * posts. Group commit only on SQLite, which has a single writer anyway. On
 * PostgreSQL several processes write at once, and a batch holds every row
 * lock its writes took until its commit: two processes' batches, each
 * holding a room's event counter and waiting for an author row the other
 * holds, deadlocked (test/integration/live-posting-two-pools.test.ts).
 */
export function groupCommitOf(db: Kysely<DB>): Committer {
  let committer = perDatabase.get(db);
  if (!committer) {
    committer = db.getExecutor().adapter instanceof SqliteAdapter ? new GroupCommit(db) : new TransactionPerWrite(db);
    perDatabase.set(db, committer);
  }
  return committer;
}
