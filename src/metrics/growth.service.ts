import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findChatBySlug } from '../chats/chats.repository.ts';
import { invalid } from '../errors.ts';
import { figuresOf } from './figures-cache.ts';
import { chatsWithTags, startedChats } from './metrics.repository.ts';

/** Chats on the community page: the latest this many (each is one cached row once computed). */
export const GROWTH_CHATS = 50;

export interface GrowthRow {
  slug: string;
  title: string;
  startsAt: number;
  posts: number;
  participants: number;
  /** Participants seen in no earlier chat of this list. */
  newParticipants: number;
  /** Participants of the chat before in this list who took part again. */
  retained: number;
  /** retained ÷ the previous chat's participants; null for the first chat. */
  retention: number | null;
}

export interface Growth {
  tag: string | null;
  chats: GrowthRow[];
  topics: Array<{ tag: string; posts: number; chats: number }>;
}

const TAG = /^[\p{L}\p{N}_]{1,100}$/u;

/**
 * The community over time: per chat (oldest first) posts, participants,
 * newcomers and retention from the chat before; and the hashtags used
 * alongside the chats' own, summed over the chats. With a tag, only chats
 * carrying it; without, every chat that has posts.
 */
export async function communityGrowth(db: Kysely<DB>, rawTag: string | undefined, now = Date.now()): Promise<Growth> {
  const tag = rawTag?.trim().replace(/^#/, '').toLowerCase() || null;
  if (tag !== null && !TAG.test(tag)) throw invalid('tag', 'must be a hashtag: letters, digits and _ (the # is optional)');
  const rows = tag ? await chatsWithTags(db, [tag], { until: now, limit: GROWTH_CHATS }) : await startedChats(db, now, GROWTH_CHATS);

  const chats: GrowthRow[] = [];
  const everyone = new Set<number>();
  const topics = new Map<string, { posts: number; chats: number }>();
  let before: Set<number> | null = null;
  for (const row of rows) {
    const chat = await findChatBySlug(db, row.slug);
    if (!chat) continue;
    const figures = await figuresOf(db, chat, now);
    const people = new Set(figures.participantIds);
    const retained = before ? [...people].filter((id) => before!.has(id)).length : 0;
    chats.push({
      slug: chat.slug,
      title: chat.title,
      startsAt: chat.startsAt,
      posts: figures.posts.total,
      participants: figures.participants,
      newParticipants: [...people].filter((id) => !everyone.has(id)).length,
      retained,
      retention: before && before.size > 0 ? retained / before.size : null,
    });
    for (const id of people) everyone.add(id);
    for (const { tag: t, posts } of figures.hashtags) {
      const topic = topics.get(t) ?? { posts: 0, chats: 0 };
      topic.posts += posts;
      topic.chats += 1;
      topics.set(t, topic);
    }
    before = people;
  }
  return {
    tag,
    chats,
    topics: [...topics].map(([t, v]) => ({ tag: t, ...v })).sort((a, b) => b.posts - a.posts || a.tag.localeCompare(b.tag)).slice(0, 30),
  };
}
