import { sql, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
import pg from 'pg';

/**
 * PostgreSQL: a transaction's last statement sent together with its COMMIT,
 * in one message, so that the row locks that statement takes are released
 * as soon as the server has run both, without a round trip to the app in
 * between.
 *
 * Why: a chat's live events are numbered by bumping the chat's counter row
 * (src/live/events.repository.ts), which every writer of the chat, in every
 * app process, then waits for until the commit. Sent apart, the COMMIT goes
 * out only once the app has read the statement's answer, i.e. after
 * whatever its event loop was doing at the time (a fan-out sweep, a page
 * render: tens to hundreds of milliseconds under load). The lock then
 * lasted that long and a room's posts queued behind each other (bench
 * mixed, two processes: posts waited seconds, then timed out).
 *
 * The pair goes as one simple-protocol query (the protocol that allows
 * several statements in one message), so the final statement carries its
 * values as literals (see `literal`). The pool wrapper below recognises it,
 * adds the COMMIT when a transaction is open, and then answers Kysely's own
 * COMMIT without sending it. Anything else sent in that transaction after
 * the final statement fails loudly rather than run outside it.
 */
const MARKER = '/* final statement, commits */ ';

/** Runs `text` (no parameters: values inlined with `literal`) as `trx`'s last statement, committing it. */
export async function executeFinalStatement<R>(trx: Transaction<any>, text: string): Promise<R[]> {
  const result = await sql.raw<R>(MARKER + text).execute(trx);
  return result.rows;
}

/** A value as an SQL literal: integers as they are, text quoted and escaped by pg (as libpq does). */
export function literal(value: number | string): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
    return String(value);
  }
  // PostgreSQL text cannot hold NUL; refused here as a parameter would be.
  if (value.includes('\0')) throw new Error('text with a NUL character cannot be stored in PostgreSQL');
  return pg.escapeLiteral(value);
}

const BEGIN = /^\s*(begin|start transaction)\b/i;
const END = /^\s*(commit|rollback)\s*;?\s*$/i;
const SAVEPOINT = /^\s*savepoint\b/i;
const RELEASE = /^\s*release\b/i;

/** One pooled connection as Kysely sees it: tracks whether a transaction is open and whether its final statement committed it. */
class FinalStatementClient {
  #inTransaction = false;
  /** Savepoints open: a final statement inside one (e.g. one write of a batch) must not commit the batch. */
  #savepoints = 0;
  #committed = false;

  constructor(private readonly client: pg.PoolClient) {}

  query(...args: unknown[]): unknown {
    const [text, values] = args;
    // A cursor (streamed query) is handed back as it is, not in a promise.
    if (typeof text !== 'string') return (this.client.query as (...a: unknown[]) => unknown)(...args);
    if (this.#committed) return this.#afterFinal(text);
    if (text.startsWith(MARKER)) return this.#final(text);
    // Every query passes here: the state is noted as the statement goes out, without an await
    // of our own. (A BEGIN, COMMIT or SAVEPOINT that fails leaves a connection that Kysely
    // rolls back or discards anyway.)
    if (BEGIN.test(text)) this.#inTransaction = true;
    else if (END.test(text)) ((this.#inTransaction = false), (this.#savepoints = 0));
    else if (SAVEPOINT.test(text)) this.#savepoints += 1;
    else if (RELEASE.test(text)) this.#savepoints = Math.max(0, this.#savepoints - 1);
    return this.client.query(text, values as unknown[]);
  }

  async #afterFinal(text: string): Promise<unknown> {
    // Kysely ending the transaction the final statement already committed: nothing left to send.
    if (END.test(text)) {
      this.#committed = false;
      return { command: text.trim().split(/\s|;/)[0]!.toUpperCase(), rowCount: null, rows: [] };
    }
    throw new Error('this transaction was already committed by its final statement (executeFinalStatement); nothing may follow it');
  }

  async #final(text: string): Promise<unknown> {
    // Outside a transaction each statement commits by itself anyway; inside a savepoint, the
    // transaction's own COMMIT comes later.
    if (!this.#inTransaction || this.#savepoints > 0) return merged(await this.client.query(text));
    // Simple protocol: one result per statement, the COMMIT's last. If a statement fails, the
    // server skips the rest (the COMMIT too) and the transaction stays open, aborted, for
    // Kysely's ROLLBACK.
    const results = (await this.client.query(`${text};\ncommit`)) as unknown as pg.QueryResult[];
    this.#inTransaction = false;
    this.#committed = true;
    return merged(results.slice(0, -1));
  }

  release(error?: Error | boolean): void {
    this.#inTransaction = false;
    this.#savepoints = 0;
    this.#committed = false;
    this.client.release(error);
  }
}

/** The rows of one or several statements' results (a simple query of several statements answers with an array), as one result. */
function merged(result: pg.QueryResult | pg.QueryResult[]): Pick<pg.QueryResult, 'command' | 'rowCount' | 'rows'> {
  const results = Array.isArray(result) ? result : [result];
  return {
    command: results[0]?.command ?? '',
    rowCount: results.reduce((sum, r) => sum + (r.rowCount ?? 0), 0),
    rows: results.flatMap((r) => r.rows),
  };
}

/** `pool` as Kysely's PostgresDialect takes it, with final statements understood (see above). */
export function withFinalStatements(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, FinalStatementClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = new FinalStatementClient(client);
        clients.set(client, wrapped);
      }
      // query() keeps PostgresPoolClient's two forms (text and values, or a cursor); typed loosely inside.
      return wrapped as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
