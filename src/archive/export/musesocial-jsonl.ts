import type { Network, PostKind } from '../../db/schema.ts';
import type { ImportedAuthor, ImportedPost, ImportFormat, RecordResult } from '../import/imported-post.ts';
import { JSONL_VERSION } from './jsonl-line.ts';

/**
 * Reads our own JSON Lines export back (jsonl-line.ts writes it), so an
 * archive moves between servers, or comes back after a restore, intact.
 * Besides the common ImportedPost it carries the question fields and the
 * edit time, which the pipeline may use instead of re-deriving them.
 */
export interface MusesocialImportedPost extends ImportedPost {
  questionNumber: number | null;
  answersQuestion: number | null;
  editedAt: number | null;
}

const NETWORKS: readonly Network[] = ['local', 'twitter', 'mastodon', 'bluesky'];
const KINDS: readonly PostKind[] = ['original', 'reply', 'quote', 'boost'];

export const musesocialJsonl: ImportFormat = {
  name: 'jsonl',
  framing: 'jsonl',
  detect(head) {
    // We write the tag first; a whole first line may also be checked as JSON.
    const text = head.replace(/^\uFEFF/, '').trimStart();
    if (/^\{\s*"musesocial"\s*:\s*\d/.test(text)) return true;
    const end = text.indexOf('\n');
    if (end === -1) return false;
    try {
      const line: unknown = JSON.parse(text.slice(0, end));
      return typeof line === 'object' && line !== null && typeof (line as { musesocial?: unknown }).musesocial === 'number';
    } catch {
      return false;
    }
  },
  parseRecord(record) {
    try {
      return parseLine(record);
    } catch (error) {
      if (error instanceof LineError) return { kind: 'reject', reason: error.message };
      return { kind: 'reject', reason: `unreadable line: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
};

class LineError extends Error {}

function parseLine(record: unknown): RecordResult {
  const line = object(record, 'line');
  if (!('musesocial' in line)) throw new LineError('not a Musesocial export line (no "musesocial" field)');
  if (line.musesocial !== JSONL_VERSION) throw new LineError(`written by another version of Musesocial (format ${JSON.stringify(line.musesocial)}; this server reads ${JSONL_VERSION})`);
  if (line.type === 'chat') {
    text(object(line.chat, 'chat').slug, 'chat.slug');
    return { kind: 'header' };
  }
  if (line.type !== 'post') throw new LineError(`type: must be "chat" or "post" (got ${JSON.stringify(line.type)})`);
  return { kind: 'posts', posts: [postOf(line)] };
}

function postOf(line: Record<string, unknown>): MusesocialImportedPost {
  const origin = object(line.origin, 'origin');
  const references = object(line.references, 'references');
  const counts = object(line.counts, 'counts');
  const body = text(line.text, 'text');
  return {
    network: oneOf(origin.network, NETWORKS, 'origin.network'),
    sourceId: nonEmpty(origin.id, 'origin.id'),
    sourceUrl: textOrNull(origin.url, 'origin.url'),
    author: authorOf(object(line.author, 'author')),
    text: body,
    createdAt: instant(line.createdAt, 'createdAt'),
    kind: oneOf(line.kind, KINDS, 'kind'),
    replyToSourceId: textOrNull(references.replyTo, 'references.replyTo'),
    quoteOfSourceId: textOrNull(references.quoteOf, 'references.quoteOf'),
    boostOfSourceId: textOrNull(references.boostOf, 'references.boostOf'),
    hashtags: textList(line.hashtags, 'hashtags').map((tag) => tag.toLowerCase()),
    mentions: [...body.matchAll(/(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.]+(?:@[\p{L}\p{N}_.-]+)?)/gu)].map((m) => m[1]!.replace(/\.$/, '')),
    urls: [...body.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
    counts: { likes: count(counts.likes, 'counts.likes'), boosts: count(counts.boosts, 'counts.boosts'), replies: count(counts.replies, 'counts.replies') },
    language: null,
    questionNumber: numberOrNull(line.questionNumber, 'questionNumber'),
    answersQuestion: numberOrNull(line.answersQuestion, 'answersQuestion'),
    editedAt: line.editedAt === null || line.editedAt === undefined ? null : instant(line.editedAt, 'editedAt'),
  };
}

function authorOf(author: Record<string, unknown>): ImportedAuthor {
  return {
    network: oneOf(author.network, NETWORKS, 'author.network'),
    handle: nonEmpty(author.handle, 'author.handle'),
    displayName: text(author.displayName, 'author.displayName'),
    sourceUserId: textOrNull(author.sourceUserId, 'author.sourceUserId'),
    followersCount: author.followersCount === null || author.followersCount === undefined ? null : count(author.followersCount, 'author.followersCount'),
    profileUrl: textOrNull(author.profileUrl, 'author.profileUrl'),
  };
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LineError(`${field}: must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new LineError(`${field}: must be a string`);
  return value;
}

function nonEmpty(value: unknown, field: string): string {
  const result = text(value, field);
  if (result.trim() === '') throw new LineError(`${field}: must not be empty`);
  return result;
}

function textOrNull(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : text(value, field);
}

function textList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new LineError(`${field}: must be a list of strings`);
  return value as string[];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new LineError(`${field}: must be one of ${allowed.join(', ')}`);
  return value as T;
}

function instant(value: unknown, field: string): number {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new LineError(`${field}: must be an ISO 8601 date-time`);
  return ms;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new LineError(`${field}: must be a whole number ≥ 0`);
  return value;
}

function numberOrNull(value: unknown, field: string): number | null {
  return value === null || value === undefined ? null : count(value, field);
}
