import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openPostgres } from '../../src/db/database.ts';
import { postgresLocaleWarning } from '../../src/db/postgres-locale.ts';
import { freshDatabase, POSTGRES_URL } from '../support/databases.ts';

/** Search lower-cases with the database's LC_CTYPE: a `C` database gets a warning at migrate and at start. */
describe('PostgreSQL locale check', { skip: POSTGRES_URL ? false : 'no PostgreSQL reachable' }, () => {
  it('warns for a database created with LC_CTYPE C, and not for a UTF-8 one', async () => {
    const utf8 = await freshDatabase('postgres');
    try {
      assert.equal(await postgresLocaleWarning(utf8), null);
    } finally {
      await utf8.dispose();
    }
    const name = `musesocial_locale_c_${process.pid}`;
    const admin = openPostgres(POSTGRES_URL, { poolSize: 1 });
    try {
      await sql.raw(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`).execute(admin.db);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      const c = openPostgres(url.toString(), { poolSize: 1 });
      try {
        assert.match((await postgresLocaleWarning(c)) ?? '', /LC_CTYPE is C: search will match upper and lower case only for ASCII letters/);
      } finally {
        await c.close();
      }
    } finally {
      await sql.raw(`drop database if exists ${name}`).execute(admin.db);
      await admin.close();
    }
  });
});
