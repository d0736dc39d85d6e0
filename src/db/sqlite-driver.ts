import { DatabaseSync, type StatementSync, type SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Adapts Node's built-in `node:sqlite` (no native build to install) to the
 * better-sqlite3-shaped interface Kysely's SqliteDialect drives. Prepared
 * statements are cached by SQL text because the query builder produces the
 * same text for the same query shape.
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly raw: DatabaseSync;
  readonly #statements = new Map<string, CachedStatement>();

  constructor(file: string) {
    this.raw = new DatabaseSync(file);
  }

  /**
   * After some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) SQLite has
   * already rolled the transaction back itself; Kysely's ROLLBACK would then
   * fail with "no transaction is active" and hide the real error.
   */
  readonly #rollback: SqliteStatement = {
    reader: false,
    all: () => [],
    iterate: () => [][Symbol.iterator](),
    run: () => {
      if (this.raw.isTransaction) this.raw.exec('rollback');
      return { changes: 0, lastInsertRowid: 0 };
    },
  };

  prepare(sql: string): SqliteStatement {
    if (sql === 'rollback') return this.#rollback;
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = new CachedStatement(this.raw.prepare(sql));
      if (this.#statements.size > 500) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    if (this.raw.isOpen) this.raw.close();
  }
}

class CachedStatement implements SqliteStatement {
  readonly reader: boolean;
  constructor(private readonly statement: StatementSync) {
    this.reader = statement.columns().length > 0;
  }
  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.statement.all(...toSqlite(parameters));
  }
  run(parameters: ReadonlyArray<unknown>) {
    return this.statement.run(...toSqlite(parameters));
  }
  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.statement.iterate(...toSqlite(parameters)) as IterableIterator<unknown>;
  }
}

/** node:sqlite binds only null, numbers, bigints, strings and bytes. */
function toSqlite(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.getTime();
    return value as SQLInputValue;
  });
}
