import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Role, User } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/accounts/password.ts';
import { insertUser } from '../../src/accounts/users.repository.ts';
import { createApiToken, startSession } from '../../src/accounts/accounts.service.ts';
import { createChat } from '../../src/chats/chats.service.ts';
import type { CreateChatInput } from '../../src/chats/chats.schema.ts';

/** Every factory user has this password; it is hashed once per test process (scrypt at full cost is slow on purpose). */
export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | null = null;

export async function buildUser(db: Kysely<DB>, overrides: Partial<{ handle: string; role: Role; displayName: string; bannedAt: number | null; timeZone: string | null }> = {}): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const handle = overrides.handle ?? `user_${crypto.randomBytes(4).toString('hex')}`;
  const now = Date.now();
  return insertUser(db, {
    handle,
    displayName: overrides.displayName ?? `Test ${handle}`,
    email: null,
    passwordHash: await passwordHash,
    role: overrides.role ?? 'member',
    timeZone: overrides.timeZone ?? null,
    bio: '',
    createdAt: now,
    updatedAt: now,
    bannedAt: overrides.bannedAt ?? null,
  });
}

/** A chat starting `startsInHours` from now (negative for the past). */
export async function buildChat(db: Kysely<DB>, organizer: User, overrides: Partial<CreateChatInput> & { startsInHours?: number } = {}) {
  const { startsInHours = 24, ...input } = overrides;
  const start = Date.now() + startsInHours * 3600_000;
  return createChat(db, organizer, {
    title: `Test chat ${crypto.randomBytes(3).toString('hex')}`,
    hashtags: ['testchat'],
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3600_000).toISOString(),
    timeZone: 'America/New_York',
    questions: [{ text: 'First question?' }, { text: 'Second question?' }],
    ...input,
  });
}

export async function sessionCookieFor(db: Kysely<DB>, user: User): Promise<string> {
  return `musesocial_session=${await startSession(db, user, { userAgent: 'test', ip: '127.0.0.1' })}`;
}

export async function bearerFor(db: Kysely<DB>, user: User): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await createApiToken(db, user, 'test')}` };
}
