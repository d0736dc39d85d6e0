import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { chatFigures } from './chat-figures.ts';
import type { ChatFigures } from './figures.types.ts';
import { authorsByIds, cachedFigures, postsFingerprint, postsForMetrics, storeFigures } from './metrics.repository.ts';

/** Bump when ChatFigures or a definition changes: every cached row is then recomputed. */
const FIGURES_VERSION = 2;

/**
 * A chat's own figures, from metrics_cache when nothing they depend on has
 * changed, else computed and stored. The check costs one aggregate over the
 * chat's posts, so a changed chat (an import, a hide, a consent removal) is
 * never served stale, and no write path has to remember to invalidate.
 */
export async function figuresOf(db: Kysely<DB>, chat: ChatDetails, now = Date.now()): Promise<ChatFigures> {
  const fingerprint = `${FIGURES_VERSION}|${chatStamp(chat)}|${await postsFingerprint(db, chat.id)}`;
  const cached = await cachedFigures(db, chat.id, fingerprint);
  if (cached !== undefined) return unpack(JSON.parse(cached) as Packed);
  const figures = await computeFigures(db, chat);
  await storeFigures(db, chat.id, fingerprint, JSON.stringify(pack(figures)), now);
  return figures;
}

/**
 * Network edges are most of a big chat's figures (30,000 for 100,000
 * posts): stored as [source, target, kind, weight] tuples, the row is half
 * the size to write, read and parse.
 */
type EdgeTuple = [string, string, 'reply' | 'mention', number];
type Packed = Omit<ChatFigures, 'network'> & { network: { nodes: ChatFigures['network']['nodes']; edges: EdgeTuple[] } };

export function pack(figures: ChatFigures): Packed {
  return { ...figures, network: { nodes: figures.network.nodes, edges: figures.network.edges.map((e) => [e.source, e.target, e.kind, e.weight]) } };
}

export function unpack(packed: Packed): ChatFigures {
  return { ...packed, network: { nodes: packed.network.nodes, edges: packed.network.edges.map(([source, target, kind, weight]) => ({ source, target, kind, weight })) } };
}

/** The figures from the posts, without the cache (the benchmark's cold path). */
export async function computeFigures(db: Kysely<DB>, chat: ChatDetails): Promise<ChatFigures> {
  const posts = await postsForMetrics(db, chat.id);
  const ids = new Set<number>();
  for (const post of posts) {
    ids.add(post.authorId);
    if (post.replyToAuthorId !== null) ids.add(post.replyToAuthorId);
  }
  const authors = await authorsByIds(db, [...ids]);
  return chatFigures(
    { startsAt: chat.startsAt, endsAt: chat.endsAt, hashtags: chat.hashtags.map((h) => h.tag), questions: chat.questions },
    posts,
    authors,
  );
}

/** What of the chat itself the figures read: its times, hashtags and questions. */
function chatStamp(chat: ChatDetails): string {
  return JSON.stringify([chat.startsAt, chat.endsAt, chat.hashtags.map((h) => h.tag), chat.questions.map((q) => [q.number, q.text, q.offsetMinutes, q.releasedAt])]);
}
