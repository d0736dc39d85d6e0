import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { notFound, unauthenticated } from '../errors.ts';
import { listLiveApiTokens, revokeOwnApiToken, type ApiTokenSummary } from './api-tokens.repository.ts';
import { deleteSessionsOfUser } from './sessions.repository.ts';

/**
 * What a member can do about their own credentials: see and revoke API
 * tokens, and end every session ("log out everywhere"). Each acts only on
 * the caller's own rows; someone else's token id reads as not found, so ids
 * cannot be probed.
 */
export async function ownApiTokens(db: Kysely<DB>, user: User | null): Promise<ApiTokenSummary[]> {
  if (!user) throw unauthenticated();
  return listLiveApiTokens(db, user.id);
}

export async function revokeApiTokenOf(db: Kysely<DB>, user: User | null, tokenId: number, now = Date.now()): Promise<void> {
  if (!user) throw unauthenticated();
  if (!(await revokeOwnApiToken(db, user.id, tokenId, now))) throw notFound('API token');
}

/** Ends every session of the account, this one included. API tokens are revoked separately. */
export async function endAllSessions(db: Kysely<DB>, user: User | null): Promise<void> {
  if (!user) throw unauthenticated();
  await deleteSessionsOfUser(db, user.id);
}
