import { sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * Search lower-cases words with the database's LC_CTYPE (to_tsvector, and
 * search_words' punctuation beyond ASCII). Under `C` or `POSIX` only ASCII
 * letters have a lower case there: `über` would not find "Über", nor
 * Cyrillic or Greek words in capitals. The locale is fixed when the
 * database is created, so the operator is told, at migrate and at start.
 */
export async function postgresLocaleWarning(database: Database): Promise<string | null> {
  if (database.kind !== 'postgres') return null;
  const { rows } = await sql<{ ctype: string }>`select datctype as ctype from pg_database where datname = current_database()`.execute(database.db);
  const ctype = rows[0]?.ctype ?? '';
  if (!/^(C|POSIX)$/i.test(ctype)) return null;
  return `warning: this PostgreSQL database's LC_CTYPE is ${ctype}: search will match upper and lower case only for ASCII letters (über will not find Über). Create the database with a UTF-8 locale, e.g. createdb --locale=C.UTF-8 --template=template0 (see the README).`;
}
