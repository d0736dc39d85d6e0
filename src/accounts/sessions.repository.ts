import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';

export interface SessionWithUser {
  sessionId: number;
  lastSeenAt: number;
  user: User;
}

export async function insertSession(
  db: Kysely<DB>,
  session: { tokenHash: string; userId: number; now: number; expiresAt: number; userAgent: string | null; ip: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      tokenHash: session.tokenHash,
      userId: session.userId,
      createdAt: session.now,
      lastSeenAt: session.now,
      expiresAt: session.expiresAt,
      userAgent: session.userAgent,
      ip: session.ip,
    })
    .execute();
}

export async function findLiveSession(db: Kysely<DB>, tokenHash: string, now: number): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .selectAll('users')
    .select(['sessions.id as sessionId', 'sessions.lastSeenAt as sessionLastSeenAt'])
    .where('sessions.tokenHash', '=', tokenHash)
    .where('sessions.expiresAt', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const { sessionId, sessionLastSeenAt, ...user } = row;
  return { sessionId, lastSeenAt: sessionLastSeenAt, user };
}

export async function extendSession(db: Kysely<DB>, sessionId: number, now: number, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: now, expiresAt }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', userId).execute();
}
