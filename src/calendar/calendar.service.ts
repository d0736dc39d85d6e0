import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { normalizeHashtag } from '../chats/chat-input.ts';
import { listChats, listRecentlyUpdatedChats, type ChatDetails } from '../chats/chats.repository.ts';
import { getVisibleChat } from '../chats/chats.service.ts';

/** How far back the subscribable calendar reaches: recent chats stay in people's calendars. */
export const CALENDAR_PAST_DAYS = 90;
/** A bound on one calendar document, far above a community's chats in a few months. */
const CALENDAR_MAX_CHATS = 1000;
/** Entries in the news feeds. */
export const FEED_SIZE = 50;

/** Published chats ending after CALENDAR_PAST_DAYS ago, earliest first, optionally of one hashtag. */
export async function calendarChats(db: Kysely<DB>, rawTag: string | undefined, now = Date.now()): Promise<{ chats: ChatDetails[]; tag: string | null }> {
  const tag = rawTag?.trim() ? normalizeHashtag(rawTag, 'tag') : null;
  const chats = await listChats(db, {
    when: 'upcoming',
    now: now - CALENDAR_PAST_DAYS * 24 * 3600_000,
    draftsOf: null,
    limit: CALENDAR_MAX_CHATS,
    ...(tag ? { tag: tag.tag } : {}),
  });
  return { chats, tag: tag?.display ?? null };
}

/** One chat for its .ics file; a draft only for those who may see it. */
export async function chatForEventFile(db: Kysely<DB>, slug: string, viewer: User | null): Promise<ChatDetails> {
  return getVisibleChat(db, slug, viewer);
}

/** New and changed published chats, newest change first. */
export async function feedChats(db: Kysely<DB>): Promise<ChatDetails[]> {
  return listRecentlyUpdatedChats(db, FEED_SIZE);
}
