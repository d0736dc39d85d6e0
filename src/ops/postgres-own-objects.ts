import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { applyMigrationsThrough, MIGRATION_NAMES } from '../db/migrate.ts';

export interface OwnObjects {
  tables: Set<string>;
  /** `name(argument types)`, as `pg_get_function_identity_arguments` prints them. */
  functions: Set<string>;
}

class Probed extends Error {
  constructor(readonly objects: OwnObjects) {
    super('probe rolled back');
  }
}

/**
 * Musesocial's own tables and functions on PostgreSQL, by name: what its
 * migrations create. Found by applying every migration in a scratch schema
 * inside a transaction that is then rolled back (PostgreSQL's DDL is
 * transactional), so nothing is left behind and the list can never drift
 * from the migrations. Backup and restore touch only these: a schema shared
 * with other software keeps that software's tables and functions.
 */
export async function ownPostgresObjects(db: Kysely<any>): Promise<OwnObjects> {
  const schema = `musesocial_probe_${crypto.randomBytes(6).toString('hex')}`;
  try {
    await db.transaction().execute(async (trx) => {
      await sql`create schema ${sql.id(schema)}`.execute(trx);
      await sql`select set_config('search_path', ${schema}, true)`.execute(trx);
      await applyMigrationsThrough(trx, 'postgres', MIGRATION_NAMES.at(-1)!);
      const tables = await sql<{ name: string }>`
        select c.relname as name from pg_class c where c.relnamespace = ${schema}::regnamespace and c.relkind = 'r'`.execute(trx);
      const functions = await sql<{ signature: string }>`
        select format('%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid)) as signature
        from pg_proc p where p.pronamespace = ${schema}::regnamespace`.execute(trx);
      throw new Probed({ tables: new Set(tables.rows.map((r) => r.name)), functions: new Set(functions.rows.map((r) => r.signature)) });
    });
  } catch (error) {
    if (error instanceof Probed) return error.objects;
    throw error;
  }
  throw new Error('unreachable: the probe transaction always rolls back');
}
