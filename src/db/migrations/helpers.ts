import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { ConcurrentIndex } from '../concurrent-indexes.ts';
import type { DatabaseKind } from '../database.ts';

/** A migration written once for both databases; `kind` covers the few differences. */
export interface DualMigration {
  up(db: Kysely<any>, kind: DatabaseKind): Promise<void>;
  /**
   * PostgreSQL only: indexes on big tables, built after `up` commits
   * without blocking writes (concurrent-indexes.ts), or inside its
   * transaction while the table is small.
   */
  concurrentIndexes?: ConcurrentIndex[];
}

/** Auto-increment primary key: SQLite rowid alias, PostgreSQL identity column. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, kind: DatabaseKind) {
  return kind === 'sqlite'
    ? table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity());
}

/** A foreign key to another table's `id` (bigint on PostgreSQL to match identity columns). */
export function ref(target: string, onDelete: 'cascade' | 'set null' = 'cascade') {
  return (col: ColumnDefinitionBuilder) => col.references(target).onDelete(onDelete);
}

/** CHECK (column IN (...)) with literal values, identical on both databases. */
export function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
