import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { policies } from '../accounts/policies.ts';
import { accessOf } from '../chats/chats.service.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { listStories } from './stories.service.ts';

export interface ChatStoriesView {
  stories: Array<{ id: number; title: string; status: 'draft' | 'published' }>;
  /** Organizers (and admins) see "Draft a story". */
  canDraft: boolean;
}

/** The stories a chat page and its transcript link to: published ones, and drafts for their curators. */
export async function chatStories(db: Kysely<DB>, viewer: User | null, chat: ChatDetails): Promise<ChatStoriesView> {
  const stories = await listStories(db, viewer, { chatId: chat.id, limit: 10 });
  return { stories: stories.map((s) => ({ id: s.id, title: s.title, status: s.status })), canDraft: policies.createStory(viewer, [accessOf(chat)]) };
}
