import { invalid } from '../../errors.ts';
import { OTHER, type GroupKey } from './transcript-groups.ts';

/**
 * Where a transcript page starts: a question group, and a post in it (by
 * time, then id) or the group's beginning. Pages are keyed by position, not
 * by offset, so page 200 of a 50,000-post chat costs what page 1 costs.
 */
export interface TranscriptCursor {
  group: GroupKey;
  /** null: from the group's first post (and its question). */
  at: { createdAt: number; id: number } | null;
  /** true: start with the `at` post itself (links to a post's place); false: after it. */
  inclusive: boolean;
}

export function encodeCursor(cursor: TranscriptCursor): string {
  const at = cursor.at ? `${cursor.at.createdAt}:${cursor.at.id}` : '';
  return Buffer.from(`${cursor.group}|${at}|${cursor.inclusive ? 1 : 0}`).toString('base64url');
}

export function decodeCursor(raw: string): TranscriptCursor {
  const match = /^(other|\d{1,2})\|(?:(-?\d{1,15}):(\d{1,15}))?\|([01])$/.exec(Buffer.from(raw, 'base64url').toString());
  if (!match) throw invalid('cursor', 'is not a transcript position this server issued; start from the first page');
  const group: GroupKey = match[1] === 'other' ? OTHER : Number(match[1]);
  const at = match[2] !== undefined ? { createdAt: Number(match[2]), id: Number(match[3]) } : null;
  return { group, at, inclusive: match[4] === '1' };
}
