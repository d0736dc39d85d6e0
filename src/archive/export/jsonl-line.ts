import { presentPost } from '../../posts/post.presenter.ts';
import { presentChat } from '../../chats/chat.presenter.ts';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { ExportPost, ReferencedPost } from './export.repository.ts';
import { isAnonymised, originOf, referenceId, type Origin } from './post-origin.ts';

/**
 * Our own archive format: JSON Lines, every line tagged `"musesocial": 1`.
 * The first line is the chat; each further line is one post in the shared
 * post shape (presentPost) plus what a re-import needs to rebuild the same
 * archive: the post's origin (its identity outside this server), the
 * origins of what it replies to, quotes and boosts, and the author's
 * network-side details. Ids are strings everywhere. An anonymised post's
 * line names no source (`source` null, its origin and the references to it
 * its permalink here): lossy on purpose, for consent (post-origin.ts).
 */
export const JSONL_VERSION = 1;

export interface JsonlChatLine {
  musesocial: typeof JSONL_VERSION;
  type: 'chat';
  exportedAt: string;
  chat: ReturnType<typeof presentChat>;
}

export type JsonlPostLine = ReturnType<typeof presentPost> & {
  musesocial: typeof JSONL_VERSION;
  type: 'post';
  author: ReturnType<typeof presentPost>['author'] & { sourceUserId: string | null; followersCount: number | null; profileUrl: string | null };
  origin: Origin;
  references: { replyTo: string | null; quoteOf: string | null; boostOf: string | null };
};

export function chatLine(chat: ChatDetails, baseUrl: string, now: number): JsonlChatLine {
  return { musesocial: JSONL_VERSION, type: 'chat', exportedAt: new Date(now).toISOString(), chat: presentChat(chat, baseUrl, now) };
}

export function postLine(post: ExportPost, referenced: Map<number, ReferencedPost>, baseUrl: string): JsonlPostLine {
  const json = presentPost(post);
  return {
    musesocial: JSONL_VERSION,
    type: 'post',
    ...json,
    author: { ...json.author, sourceUserId: post.authorSourceUserId, followersCount: post.authorFollowers, profileUrl: post.authorProfileUrl },
    origin: originOf(post, baseUrl, isAnonymised(post)),
    references: {
      replyTo: referenceId(post.replyToId, post.replyToSourceId, referenced, baseUrl),
      quoteOf: referenceId(post.quoteOfId, post.quoteOfSourceId, referenced, baseUrl),
      boostOf: referenceId(post.boostOfId, post.boostOfSourceId, referenced, baseUrl),
    },
  };
}
