/**
 * SQLite's search key: `created_at * 2^20 + n`, the FTS5 rowid, so rowid
 * order is time order (see migration 0012). These numbers are fixed by that
 * migration; changing them needs a migration that rebuilds every key.
 * Keys exceed 2^53, so they are handled here as bigint and sent to SQL as
 * text; JavaScript numbers would round them.
 */
export const SEARCH_KEY_SCALE = 1_048_576n;
/** created_at is clamped to ±this before scaling, so a key always fits in 64 bits. */
export const SEARCH_KEY_LIMIT = 8_000_000_000_000;

const clamp = (ms: number) => Math.max(-SEARCH_KEY_LIMIT, Math.min(SEARCH_KEY_LIMIT, Math.floor(ms)));

/** The smallest key of posts made at or after `ms`. */
export function firstKeyAt(ms: number): bigint {
  return BigInt(clamp(ms)) * SEARCH_KEY_SCALE;
}

/** Keys as SQLite returns them (text), validated. */
export function parseKey(text: string): bigint | null {
  return /^-?\d{1,19}$/.test(text) ? BigInt(text) : null;
}

/** The latest created_at a post with a key below `key` can have (null when clamping makes it unknowable). */
export function latestMillisBelow(key: bigint): number | null {
  const ms = Number(key / SEARCH_KEY_SCALE - (key < 0n && key % SEARCH_KEY_SCALE !== 0n ? 1n : 0n));
  return Math.abs(ms) >= SEARCH_KEY_LIMIT ? null : ms;
}
