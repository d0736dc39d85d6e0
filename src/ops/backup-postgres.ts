import fs from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { appTables } from './backup-tables.ts';
import { ownPostgresObjects } from './postgres-own-objects.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type PostgresBackupHeader } from './backup-format.ts';

const FETCH_ROWS = 1000;

export interface PostgresBackupResult {
  tables: number;
  rows: number;
  migrations: string[];
}

/**
 * Logical backup of every table in the app's schema, consistent while the
 * app keeps writing: one REPEATABLE READ, READ ONLY transaction sees a
 * single snapshot, and writers are never blocked. Values are written as
 * PostgreSQL's own text form, so every type (bigints above 2^53 included)
 * comes back exactly; generated columns are left out and recomputed.
 */
export async function backupPostgres(db: Kysely<any>, target: string, onProgress: (done: number, total: number) => void): Promise<PostgresBackupResult> {
  const out = fs.createWriteStream(target);
  const gzip = createGzip();
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };

  const own = await ownPostgresObjects(db.withoutPlugins());
  const result = await db
    .withoutPlugins()
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      const names = await appTables(trx, 'postgres', own.tables);
      const migrations = (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(trx)).rows.map((row) => row.name);
      const tables: PostgresBackupHeader['tables'] = [];
      for (const name of names) {
        const count = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(name)}`.execute(trx);
        tables.push({ name, rows: Number(count.rows[0]!.n) });
      }
      const total = tables.reduce((sum, table) => sum + table.rows, 0);
      const header: PostgresBackupHeader = { format: BACKUP_FORMAT, version: BACKUP_FORMAT_VERSION, database: 'postgres', createdAt: new Date().toISOString(), migrations, tables };
      await write(header);

      let done = 0;
      for (const { name } of tables) {
        const columns = await storedColumns(trx, name);
        await write({ table: name, columns });
        const list = sql.join(columns.map((column, i) => sql`${sql.ref(column)}::text as ${sql.ref(`c${i}`)}`));
        await sql`declare backup_rows no scroll cursor for select ${list} from ${sql.table(name)}`.execute(trx);
        for (;;) {
          const batch = await sql<Record<string, string | null>>`fetch forward ${sql.lit(FETCH_ROWS)} from backup_rows`.execute(trx);
          for (const row of batch.rows) await write(columns.map((_, i) => row[`c${i}`]));
          done += batch.rows.length;
          onProgress(done, total);
          if (batch.rows.length < FETCH_ROWS) break;
        }
        await sql`close backup_rows`.execute(trx);
      }
      await write({ end: true, tables: tables.length, rows: done });
      return { tables: tables.length, rows: done, migrations };
    })
    .catch((error: unknown) => {
      gzip.destroy();
      out.destroy();
      throw error;
    });
  gzip.end();
  await finished(out);
  return result;
}

/** Columns that hold data, in table order; generated ones are recomputed on restore. */
export async function storedColumns(db: Kysely<any>, table: string): Promise<string[]> {
  const result = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(db);
  return result.rows.map((row) => row.column_name);
}
