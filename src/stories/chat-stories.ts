import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { policies } from '../accounts/policies.ts';
import { accessOf } from '../chats/chats.service.ts';
import { findChatsBySeries, type ChatDetails } from '../chats/chats.repository.ts';
import { listStories } from './stories.service.ts';

export interface ChatStoriesView {
  stories: Array<{ id: number; title: string; status: 'draft' | 'published' }>;
  /** Organizers (and admins) see "Draft a story". */
  canDraft: boolean;
  /** Past chats of this chat's series (itself included) a series story would cover; offered when more than one. */
  seriesChats: number;
}

/** The stories a chat page and its transcript link to: published ones, and drafts for their curators. */
export async function chatStories(db: Kysely<DB>, viewer: User | null, chat: ChatDetails): Promise<ChatStoriesView> {
  const stories = await listStories(db, viewer, { chatId: chat.id, limit: 10 });
  const canDraft = policies.createStory(viewer, [accessOf(chat)]);
  const seriesChats = canDraft ? (await seriesStoryChats(db, chat)).length : 0;
  return { stories: stories.map((s) => ({ id: s.id, title: s.title, status: s.status })), canDraft, seriesChats };
}

/** A series story covers the series' chats that have begun, the most recent ones, oldest first. */
export const SERIES_STORY_CHATS = 12;

export async function seriesStoryChats(db: Kysely<DB>, chat: ChatDetails, now = Date.now()): Promise<string[]> {
  if (!chat.seriesKey) return [];
  const begun = (await findChatsBySeries(db, chat.seriesKey)).filter((c) => Number(c.startsAt) <= now);
  return begun.slice(-SERIES_STORY_CHATS).map((c) => c.slug);
}
