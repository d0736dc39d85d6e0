import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { findChatBySlug, type ChatDetails } from '../chats/chats.repository.ts';
import { getVisibleChat } from '../chats/chats.service.ts';
import type { ChatFigures } from './figures.types.ts';
import { figuresOf } from './figures-cache.ts';
import { authorsSeenIn, chatsWithTags, previousInSeries, type ChatSummaryRow } from './metrics.repository.ts';

export interface ChatMetrics {
  chat: ChatDetails;
  figures: ChatFigures;
  /** Participants who took part in no earlier chat sharing one of this chat's hashtags. */
  newParticipants: number;
  returningParticipants: number;
}

export interface ChatStats extends ChatMetrics {
  /** The chat each figure is compared with: the previous date of the series, else the previous chat with a shared hashtag. */
  previous: (ChatMetrics & { matchedBy: 'series' | 'hashtag' }) | null;
}

/** Everything /chats/SLUG/stats, its API and `musesocial stats` show, for a chat the viewer may see. */
export async function chatStats(db: Kysely<DB>, viewer: User | null, slug: string, now = Date.now()): Promise<ChatStats> {
  return statsOfChat(db, await getVisibleChat(db, slug, viewer), now);
}

/** The same for a chat already found (the command line is the operator and sees drafts too). */
export async function statsOfChat(db: Kysely<DB>, chat: ChatDetails, now = Date.now()): Promise<ChatStats> {
  const metrics = await chatMetrics(db, chat, now);
  const previous = await previousChat(db, chat);
  return { ...metrics, previous: previous ? { ...(await chatMetrics(db, previous.chat, now)), matchedBy: previous.matchedBy } : null };
}

export async function chatMetrics(db: Kysely<DB>, chat: ChatDetails, now = Date.now()): Promise<ChatMetrics> {
  const figures = await figuresOf(db, chat, now);
  const earlier = await chatsWithTags(db, chat.hashtags.map((h) => h.tag), { before: chat.startsAt, excludeId: chat.id });
  const returning = await authorsSeenIn(db, figures.participantIds, earlier.map((c) => c.id));
  return { chat, figures, newParticipants: figures.participants - returning.size, returningParticipants: returning.size };
}

async function previousChat(db: Kysely<DB>, chat: ChatDetails): Promise<{ chat: ChatDetails; matchedBy: 'series' | 'hashtag' } | null> {
  let row: ChatSummaryRow | undefined;
  let matchedBy: 'series' | 'hashtag' = 'series';
  if (chat.seriesKey) row = await previousInSeries(db, chat.seriesKey, chat.startsAt);
  if (!row) {
    matchedBy = 'hashtag';
    row = (await chatsWithTags(db, chat.hashtags.map((h) => h.tag), { before: chat.startsAt, excludeId: chat.id, limit: 1 })).at(-1);
  }
  const details = row ? await findChatBySlug(db, row.slug) : undefined;
  return details ? { chat: details, matchedBy } : null;
}
