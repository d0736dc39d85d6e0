import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { forbidden, invalid, unauthenticated } from '../errors.ts';
import { validateTimeZone } from '../chats/chat-input.ts';
import { updateUserProfile } from './users.repository.ts';

export interface ProfileInput {
  displayName: string;
  bio: string;
  /** An IANA zone, or '' for "the browser's" (stored as null). */
  timeZone: string;
}

export const BIO_MAX_LENGTH = 500;
export const DISPLAY_NAME_MAX_LENGTH = 80;

/** A member's own profile: display name, bio and the zone every page renders times in. */
export async function updateProfile(db: Kysely<DB>, user: User | null, input: ProfileInput, now = Date.now()): Promise<User> {
  if (!user) throw unauthenticated();
  // Suspended accounts keep read access only (see policies.ts).
  if (user.bannedAt !== null) throw forbidden('This account has been suspended');
  const displayName = input.displayName.trim();
  if (!displayName) throw invalid('displayName', 'is required');
  if (displayName.length > DISPLAY_NAME_MAX_LENGTH) throw invalid('displayName', `must be at most ${DISPLAY_NAME_MAX_LENGTH} characters`);
  const bio = input.bio.replace(/\r\n?/g, '\n').trim();
  if (bio.length > BIO_MAX_LENGTH) throw invalid('bio', `must be at most ${BIO_MAX_LENGTH} characters`);
  const timeZone = input.timeZone.trim() ? validateTimeZone(input.timeZone.trim()) : null;
  return updateUserProfile(db, user.id, { displayName, bio, timeZone, updatedAt: now });
}
