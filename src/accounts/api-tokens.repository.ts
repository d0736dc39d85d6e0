import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';

export async function insertApiToken(
  db: Kysely<DB>,
  token: { userId: number; tokenHash: string; prefix: string; name: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto('apiTokens')
    .values({ userId: token.userId, tokenHash: token.tokenHash, prefix: token.prefix, name: token.name, createdAt: token.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserByApiToken(
  db: Kysely<DB>,
  tokenHash: string,
): Promise<{ tokenId: number; tokenLastUsedAt: number | null; user: User } | undefined> {
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .selectAll('users')
    .select(['apiTokens.id as tokenId', 'apiTokens.lastUsedAt as tokenLastUsedAt'])
    .where('apiTokens.tokenHash', '=', tokenHash)
    .where('apiTokens.revokedAt', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { tokenId, tokenLastUsedAt, ...user } = row;
  return { tokenId, tokenLastUsedAt, user };
}

export async function touchApiToken(db: Kysely<DB>, tokenId: number, now: number): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', tokenId).execute();
}

export async function revokeApiToken(db: Kysely<DB>, tokenId: number, now: number): Promise<void> {
  await db.updateTable('apiTokens').set({ revokedAt: now }).where('id', '=', tokenId).execute();
}

export interface ApiTokenSummary {
  id: number;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A user's tokens that still work, newest first (the hash never leaves the repository). */
export async function listLiveApiTokens(db: Kysely<DB>, userId: number): Promise<ApiTokenSummary[]> {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'prefix', 'createdAt', 'lastUsedAt'])
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes the token only if it is the user's own and still live; false otherwise. */
export async function revokeOwnApiToken(db: Kysely<DB>, userId: number, tokenId: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('apiTokens')
    .set({ revokedAt: now })
    .where('id', '=', tokenId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
