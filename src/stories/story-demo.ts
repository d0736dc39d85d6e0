import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findUserByHandle } from '../accounts/users.repository.ts';
import { findChatBySlug } from '../chats/chats.repository.ts';
import { createStory, updateStory } from './stories.service.ts';
import { loadStoryView } from './story-view.ts';

/** The demo's published story: the automatic draft of its past chat, with a curator's note, so `npm start` shows one. */
export async function loadDemoStory(db: Kysely<DB>, now: number): Promise<void> {
  const chat = await findChatBySlug(db, 'why-museums-post');
  const organizer = chat?.organizerId ? await findUserByHandle(db, 'dana') : undefined;
  if (!chat || !organizer || organizer.id !== chat.organizerId) return;
  const story = await createStory(db, organizer, { chat: chat.slug, draft: true, title: 'Why museums post: the answers that started conversations' }, now);
  const view = await loadStoryView(db, story);
  const sections = view.sections.map((section, index) => ({
    id: String(section.id),
    heading: section.heading,
    items: [
      ...(index === 0 ? [{ text: 'Purpose first: most answers named **one audience** before naming a platform.' }] : []),
      ...section.items.map((item) => ({ id: String(item.id) })),
    ],
  }));
  await updateStory(db, organizer, story.id, { sections, status: 'published' }, now);
}
