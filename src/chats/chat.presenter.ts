import type { ChatDetails } from './chats.repository.ts';
import { effectiveStatus } from './chat-status.ts';

export const iso = (ms: number) => new Date(ms).toISOString();

/** The one JSON shape of a chat (PRODUCT.md "chat"), used by the API, feeds and exports. */
export function presentChat(chat: ChatDetails, baseUrl: string, now = Date.now()) {
  return {
    slug: chat.slug,
    title: chat.title,
    hashtags: chat.hashtags.map((h) => h.display),
    startsAt: iso(chat.startsAt),
    endsAt: iso(chat.endsAt),
    timeZone: chat.timeZone,
    kind: chat.kind,
    venue: chat.venueName ? { name: chat.venueName, address: chat.venueAddress, notes: chat.venueNotes } : null,
    background: chat.background,
    hosts: chat.hosts.map((h) => h.handle),
    questions: chat.questions.map((q) => ({
      number: q.number,
      text: q.text,
      offsetMinutes: q.offsetMinutes,
      releasedAt: q.releasedAt === null ? null : iso(q.releasedAt),
    })),
    links: chat.links,
    status: effectiveStatus(chat, now),
    allowEarlyPosts: chat.allowEarlyPosts === 1,
    allowLatePosts: chat.allowLatePosts === 1,
    organizer: chat.organizerHandle,
    url: `${baseUrl}/chats/${chat.slug}`,
    createdAt: iso(chat.createdAt),
    updatedAt: iso(chat.updatedAt),
  };
}

export type ChatJson = ReturnType<typeof presentChat>;
