import { sql } from 'kysely';
import { openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedBenchChat, type BenchSite } from './fixture.ts';

/**
 * The bench site of bench/lib/fixture.ts built again in a PostgreSQL schema
 * of its own: the same chat slug and as many posting accounts, whose new
 * tokens replace the SQLite ones in the site's tokens file. Returns the
 * DATABASE_URL that selects the schema.
 */
export async function createPostgresSite(site: BenchSite, baseUrl: string, schema: string): Promise<string> {
  const admin = openPostgres(baseUrl, { poolSize: 1 });
  try {
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const database = openPostgres(url.toString(), { poolSize: 1 });
  try {
    await migrateToLatest(database);
    const slug = await seedBenchChat(database.db, site.posters, site.tokensFile);
    if (slug !== site.slug) throw new Error(`the PostgreSQL bench chat is ${slug}, the SQLite one ${site.slug}`);
    return url.toString();
  } finally {
    await database.close();
  }
}
