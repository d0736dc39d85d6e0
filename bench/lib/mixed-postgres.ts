import fs from 'node:fs';
import { sql } from 'kysely';
import { openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { hashPassword } from '../../src/accounts/password.ts';
import { insertUser } from '../../src/accounts/users.repository.ts';
import { createApiToken } from '../../src/accounts/accounts.service.ts';
import { createChat } from '../../src/chats/chats.service.ts';
import type { Role } from '../../src/db/schema.ts';
import type { BenchSite } from './fixture.ts';

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
    const passwordHash = await hashPassword('bench-password-not-secret');
    const now = Date.now();
    const newUser = (handle: string, role: Role) => ({ handle, displayName: `Bench ${handle}`, email: null, passwordHash, role, timeZone: null, bio: '', createdAt: now, updatedAt: now, bannedAt: null });
    const organizer = await insertUser(database.db, newUser('bench_organizer', 'organizer'));
    await createChat(database.db, organizer, {
      title: 'Bench chat',
      slug: site.slug,
      hashtags: ['benchchat'],
      startsAt: new Date(now - 5 * 60_000).toISOString(),
      endsAt: new Date(now + 12 * 3600_000).toISOString(),
      timeZone: 'UTC',
      questions: [],
    });
    const tokens = await database.db.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < site.posters; i += 1) out.push(await createApiToken(trx, await insertUser(trx, newUser(`bench_${i}`, 'member')), 'bench'));
      return out;
    });
    fs.writeFileSync(site.tokensFile, tokens.join('\n') + '\n', { mode: 0o600 });
    return url.toString();
  } finally {
    await database.close();
  }
}
