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

export async function findUserByApiToken(db: Kysely<DB>, tokenHash: string): Promise<{ tokenId: number; user: User } | undefined> {
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .selectAll('users')
    .select('apiTokens.id as tokenId')
    .where('apiTokens.tokenHash', '=', tokenHash)
    .where('apiTokens.revokedAt', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { tokenId, ...user } = row;
  return { tokenId, user };
}

export async function touchApiToken(db: Kysely<DB>, tokenId: number, now: number): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', tokenId).execute();
}

export async function revokeApiToken(db: Kysely<DB>, tokenId: number, now: number): Promise<void> {
  await db.updateTable('apiTokens').set({ revokedAt: now }).where('id', '=', tokenId).execute();
}
