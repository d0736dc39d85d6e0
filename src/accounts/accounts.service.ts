import type { Kysely } from 'kysely';
import type { DB, Role, User } from '../db/schema.ts';
import { AppError, conflict, invalid } from '../errors.ts';
import { decoyHash, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './password.ts';
import { findUserByHandle, insertUser, emailTaken } from './users.repository.ts';
import { insertSession, findLiveSession, extendSession, deleteSession } from './sessions.repository.ts';
import { insertApiToken, findUserByApiToken, touchApiToken } from './api-tokens.repository.ts';
import { hashSecret, newSecret } from './tokens.ts';
import { groupCommitOf } from '../live/group-commit.ts';

export const HANDLE_PATTERN = /^[a-z0-9_]{2,30}$/;
/** Handles that would shadow pages or confuse readers. */
const RESERVED_HANDLES = new Set(['admin', 'api', 'root', 'musesocial', 'system', 'support', 'moderator', 'anonymous']);

export const SESSION_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, not on every request. */
const SESSION_TOUCH_INTERVAL = 60 * 60 * 1000;

export interface SignUpInput {
  handle: string;
  displayName?: string;
  email?: string;
  password: string;
  role?: Role;
}

export function validateHandle(handle: string): string {
  const normalized = handle.trim().replace(/^@/, '').toLowerCase();
  if (!HANDLE_PATTERN.test(normalized)) {
    throw invalid('handle', 'must be 2–30 letters, digits or underscores');
  }
  if (RESERVED_HANDLES.has(normalized)) throw invalid('handle', `"${normalized}" is reserved`);
  return normalized;
}

export function validatePassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw invalid('password', `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw invalid('password', `must be at most ${PASSWORD_MAX_LENGTH} characters`);
  }
}

export async function signUp(db: Kysely<DB>, input: SignUpInput, now = Date.now()): Promise<User> {
  const handle = validateHandle(input.handle);
  validatePassword(input.password);
  const displayName = (input.displayName ?? '').trim() || handle;
  if (displayName.length > 80) throw invalid('displayName', 'must be at most 80 characters');
  const email = input.email?.trim().toLowerCase() || null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email', 'must be an e-mail address');

  if (await findUserByHandle(db, handle)) throw conflict('handle', `@${handle} is already taken`);
  if (email !== null && (await emailTaken(db, email))) throw conflict('email', 'is already registered');

  const passwordHash = await hashPassword(input.password);
  try {
    return await insertUser(db, {
      handle,
      displayName,
      email,
      passwordHash,
      role: input.role ?? 'member',
      timeZone: null,
      bio: '',
      createdAt: now,
      updatedAt: now,
      bannedAt: null,
    });
  } catch (error) {
    // Two sign-ups racing for one handle: the unique index decides.
    if (isUniqueViolation(error)) throw conflict('handle', `@${handle} is already taken`);
    throw error;
  }
}

/** The user whose handle and password match, or null. Takes the same time either way. */
export async function checkCredentials(db: Kysely<DB>, handle: string, password: string): Promise<User | null> {
  const user = await findUserByHandle(db, handle.trim().replace(/^@/, ''));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  return user && ok ? user : null;
}

export interface SessionContext {
  userAgent: string | null;
  ip: string | null;
}

/** Starts a session and returns the cookie value (only its hash is stored). */
export async function startSession(db: Kysely<DB>, user: User, context: SessionContext, now = Date.now()): Promise<string> {
  const { secret, hash } = newSecret();
  await insertSession(db, {
    tokenHash: hash,
    userId: user.id,
    now,
    expiresAt: now + SESSION_DAYS * DAY,
    userAgent: context.userAgent?.slice(0, 300) ?? null,
    ip: context.ip,
  });
  return secret;
}

export async function userForSession(db: Kysely<DB>, cookieValue: string, now = Date.now()): Promise<User | null> {
  const found = await findLiveSession(db, hashSecret(cookieValue), now);
  if (!found) return null;
  if (now - found.lastSeenAt > SESSION_TOUCH_INTERVAL) {
    await extendSession(db, found.sessionId, now, now + SESSION_DAYS * DAY);
  }
  return found.user;
}

export async function endSession(db: Kysely<DB>, cookieValue: string): Promise<void> {
  await deleteSession(db, hashSecret(cookieValue));
}

export const API_TOKEN_PREFIX = 'mst_';
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** Creates an API token and returns it; it cannot be shown again. */
export async function createApiToken(db: Kysely<DB>, user: User, name: string, now = Date.now()): Promise<string> {
  const { secret, hash } = newSecret(API_TOKEN_PREFIX);
  await insertApiToken(db, { userId: user.id, tokenHash: hash, prefix: secret.slice(0, 10), name, now });
  return secret;
}

export async function userForApiToken(db: Kysely<DB>, token: string, now = Date.now()): Promise<User | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const found = await findUserByApiToken(db, hashSecret(token));
  if (!found) return null;
  // "Last used" is shown to the owner to the minute; writing it on every
  // request would add a committed write to each API call (a post, a poll).
  // It shares a commit with the posts being written (GroupCommit): a script's first call of the minute, as
  // a commit of its own, cost as much as a post.
  if (found.tokenLastUsedAt === null || now - found.tokenLastUsedAt >= TOKEN_TOUCH_INTERVAL_MS) await groupCommitOf(db).run((trx) => touchApiToken(trx, found.tokenId, now));
  return found.user;
}

export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // PostgreSQL: 23505; node:sqlite: message names the UNIQUE constraint.
  return code === '23505' || /UNIQUE constraint failed/i.test(error.message);
}

export { AppError };
