import type { Kysely } from 'kysely';
import type { DB, User } from '../../db/schema.ts';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { getVisibleChat } from '../../chats/chats.service.ts';
import { notFound } from '../../errors.ts';
import { encodeCursor } from './transcript-cursor.ts';
import { buildThreads, groupOf, type Thread } from './transcript-groups.ts';
import { authorsOfPosts, boostsOf, findVisiblePost, threadDescendants } from './transcript.repository.ts';

const MAX_ANCESTORS = 25;
const MAX_REPLIES = 500;
const BOOSTS_LISTED = 50;

export interface Permalink {
  chat: ChatDetails;
  post: PostView;
  /** The thread above the post, oldest first. */
  ancestors: PostView[];
  quoted: PostView | null;
  /** For a boost: the post it boosts. */
  boosted: PostView | null;
  replies: Thread[];
  boosts: { boosts: PostView[]; total: number };
  /** The transcript URL that shows this post, with its anchor. */
  transcriptUrl: string;
  referenced: Map<number, { handle: string; network: string }>;
}

const parentOf = (post: PostView) => (post.kind === 'boost' ? post.boostOfId : post.replyToId);

/** A post's own page; hidden and deleted posts do not have one. */
export async function loadPermalink(db: Kysely<DB>, viewer: User | null, slug: string, rawId: string): Promise<Permalink> {
  const chat = await getVisibleChat(db, slug, viewer);
  if (!/^\d{1,15}$/.test(rawId)) throw notFound('Post');
  const post = await findVisiblePost(db, chat.slug, chat.id, Number(rawId));
  if (!post) throw notFound('Post');

  const ancestors: PostView[] = [];
  for (let id = parentOf(post); id !== null && ancestors.length < MAX_ANCESTORS; ) {
    const parent = await findVisiblePost(db, chat.slug, chat.id, id);
    if (!parent) break;
    ancestors.unshift(parent);
    id = parentOf(parent);
  }
  const [descendants, boosts, quoted] = await Promise.all([
    threadDescendants(db, chat.slug, { chatId: chat.id, authorIds: null, type: null, showBoosts: false, group: null, rootIds: [post.id], cap: MAX_REPLIES }),
    boostsOf(db, chat.slug, chat.id, post.id, BOOSTS_LISTED),
    post.quoteOfId !== null ? findVisiblePost(db, chat.slug, chat.id, post.quoteOfId) : Promise.resolve(undefined),
  ]);
  const replies = buildThreads([post], descendants)[0]!.replies;
  const referenced = await authorsOfPosts(db, [post.replyToId, post.quoteOfId, post.boostOfId].filter((id): id is number => id !== null));
  return {
    chat,
    post,
    ancestors: post.kind === 'boost' ? [] : ancestors,
    quoted: quoted ?? null,
    boosted: post.kind === 'boost' ? (ancestors.at(-1) ?? null) : null,
    replies,
    boosts,
    transcriptUrl: transcriptUrlOf(chat, post, ancestors),
    referenced,
  };
}

/**
 * Where the transcript shows a post: the page starting at its thread's
 * top post (the highest ancestor in the same group that is not the
 * question itself), scrolled to the post. A boost of an archived post is
 * only listed when boosts are shown.
 */
export function transcriptUrlOf(chat: ChatDetails, post: PostView, ancestors: PostView[]): string {
  const group = groupOf(post);
  const params = new URLSearchParams();
  if (post.kind === 'boost' && post.boostOfId !== null) params.set('boosts', 'show');
  if (post.questionNumber !== null) {
    params.set('cursor', encodeCursor({ group, at: null, inclusive: false }));
  } else {
    let root = post;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const above = ancestors[i]!;
      if (above.questionNumber !== null || groupOf(above) !== group || (above.kind === 'boost' && above.boostOfId !== null)) break;
      root = above;
    }
    params.set('cursor', encodeCursor({ group, at: { createdAt: root.createdAt, id: root.id }, inclusive: true }));
  }
  return `/chats/${chat.slug}/transcript?${params.toString()}#post-${post.id}`;
}
