import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { hashPassword } from '../../src/accounts/password.ts';
import { insertUser } from '../../src/accounts/users.repository.ts';
import { createApiToken } from '../../src/accounts/accounts.service.ts';
import { createChat } from '../../src/chats/chats.service.ts';
import { findChatBySlug } from '../../src/chats/chats.repository.ts';
import { lastEventSeq } from '../../src/live/events.repository.ts';
import type { Kysely } from 'kysely';
import type { DB, Role } from '../../src/db/schema.ts';

export interface BenchSite {
  dataDir: string;
  slug: string;
  /** One API token per posting account, in a file the poster process reads (one a line). */
  tokensFile: string;
  posters: number;
}

/**
 * A fresh SQLite data directory with one chat that is live now and
 * `posters` member accounts with API tokens, built directly in the
 * database the way the test factories do (one password hash for all, so
 * thousands of accounts cost seconds, not scrypt-minutes). The product's
 * limits stay as they are: enough accounts are created to post at the
 * wanted rate within the per-account limit (burst 10, then 1 per 5 s).
 */
export async function createBenchSite(options: { posters: number; label: string }): Promise<BenchSite> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `musesocial-bench-${options.label}-`));
  const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
  try {
    await migrateToLatest(database);
    const tokensFile = path.join(dataDir, 'bench-tokens.txt');
    const slug = await seedBenchChat(database.db, options.posters, tokensFile);
    return { dataDir, slug, tokensFile, posters: options.posters };
  } finally {
    await database.close();
  }
}

/**
 * The bench chat (live now, no questions) and `posters` member accounts,
 * in any migrated database; their API tokens go to `tokensFile`, one a
 * line. Returns the chat's slug.
 */
export async function seedBenchChat(db: Kysely<DB>, posters: number, tokensFile: string): Promise<string> {
  const passwordHash = await hashPassword('bench-password-not-secret');
  const now = Date.now();
  const newUser = (handle: string, role: Role) => ({ handle, displayName: `Bench ${handle}`, email: null, passwordHash, role, timeZone: null, bio: '', createdAt: now, updatedAt: now, bannedAt: null });
  const organizer = await insertUser(db, newUser('bench_organizer', 'organizer'));
  // No questions: the question timer would add events of its own and shift the ids viewers expect.
  const chat = await createChat(db, organizer, {
    title: 'Bench chat',
    slug: 'bench-chat',
    hashtags: ['benchchat'],
    startsAt: new Date(now - 5 * 60_000).toISOString(),
    endsAt: new Date(now + 12 * 3600_000).toISOString(),
    timeZone: 'UTC',
    questions: [],
  });
  // One transaction: thousands of single-row commits would dominate set-up time.
  const tokens = await db.transaction().execute(async (trx) => {
    const out: string[] = [];
    for (let i = 0; i < posters; i += 1) out.push(await createApiToken(trx, await insertUser(trx, newUser(`bench_${i}`, 'member')), 'bench'));
    return out;
  });
  fs.writeFileSync(tokensFile, tokens.join('\n') + '\n', { mode: 0o600 });
  return chat.slug;
}

/** The chat's last event id, read from the data directory once the server has stopped. */
export async function lastStoredSeq(dataDir: string, slug: string): Promise<number> {
  const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
  try {
    const chat = await findChatBySlug(database.db, slug);
    if (!chat) throw new Error(`no chat ${slug} in ${dataDir}`);
    return await lastEventSeq(database.db, chat.id);
  } finally {
    await database.close();
  }
}

export function removeBenchSite(site: { dataDir: string }): void {
  fs.rmSync(site.dataDir, { recursive: true, force: true });
}
