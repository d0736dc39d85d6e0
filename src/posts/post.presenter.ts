import type { PostView } from './posts.repository.ts';
import { isAnonymousAuthor } from '../consent/anonymous-author.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const idOrNull = (id: number | null) => (id === null ? null : String(id));

/** The one JSON shape of a post (PRODUCT.md "post"), shared by the API, the live stream and exports. */
export function presentPost(post: PostView) {
  return {
    id: String(post.id),
    chat: post.chatSlug,
    text: post.text,
    author: { handle: post.authorHandle, displayName: post.authorDisplayName, network: post.authorNetwork },
    createdAt: iso(post.createdAt),
    editedAt: post.editedAt === null ? null : iso(post.editedAt),
    kind: post.kind,
    replyTo: idOrNull(post.replyToId),
    quoteOf: idOrNull(post.quoteOfId),
    boostOf: idOrNull(post.boostOfId),
    questionNumber: post.questionNumber,
    answersQuestion: post.answersQuestion,
    hashtags: post.hashtags,
    source: sourceOf(post),
    counts: { likes: post.likeCount, boosts: post.boostCount, replies: post.replyCount },
  };
}

export type PostJson = ReturnType<typeof presentPost>;

/**
 * Where an imported post came from. None for an anonymised post: its source
 * id names its author (a Mastodon URI has the account in it, a Bluesky one
 * the DID, and a tweet id leads to the tweet). The id stays stored, so an
 * import of the same archive still recognises the post (reimport-guard.ts).
 */
function sourceOf(post: PostView) {
  if (!post.sourceNetwork || !post.sourceId || isAnonymousAuthor({ handle: post.authorHandle })) return null;
  return { network: post.sourceNetwork, id: post.sourceId, url: post.sourceUrl };
}
