import type { PostView } from '../../../posts/posts.repository.ts';
import { PostItem } from '../../../posts/views/post-item.tsx';
import type { Thread } from '../transcript-groups.ts';
import { permalinkPath } from '../transcript-urls.ts';
import { isAnonymousAuthor } from '../../../consent/anonymous-author.ts';
import { sourcePostUrl } from '../../../posts/source-post-url.ts';
import { NETWORK_NAME } from '../../../posts/network-names.ts';

export interface PostContext {
  slug: string;
  zone: string;
  readerZone: string | null;
  /** The chat's start: posts of its local day show their time alone. */
  day: number;
  /** Authors of posts referenced by replies, quotes and boosts. */
  referenced: Map<number, { handle: string; network: string }>;
  /** In a flat list a reply is far from its parent: say whom it answers. */
  flat: boolean;
}

const KIND_LABEL = { original: 'Post', reply: 'Reply', quote: 'Quote', boost: 'Boost' } as const;

/** A post with its replies nested below it, and the boosts it got when they are shown. */
export function ThreadItem({ thread, c }: { thread: Thread; c: PostContext }) {
  return (
    <li class="transcript-item">
      <TranscriptPost post={withRepliesShown(thread)} c={c} />
      {thread.boosts.length > 0 ? <BoostedBy boosts={thread.boosts} c={c} /> : null}
      {thread.replies.length > 0 ? (
        <ol class="transcript-replies" aria-label={`Replies to ${thread.post.authorDisplayName}`}>
          {thread.replies.map((reply) => (
            <ThreadItem thread={reply} c={c} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

/**
 * An imported post's counts are the source's, as of when the archive was
 * made; its archive may hold replies the count missed (an X archive's
 * tweets say 0). A post never says fewer replies than are shown under it.
 */
function withRepliesShown(thread: Thread): PostView {
  const shown = thread.replies.length;
  return shown > thread.post.replyCount ? { ...thread.post, replyCount: shown } : thread.post;
}

/** One post as the shared PostItem, plus its permalink and what it answers, quotes or boosts. */
export function TranscriptPost({ post, c }: { post: PostView; c: PostContext }) {
  return (
    <div class={post.kind === 'boost' ? 'transcript-post transcript-post-boost' : 'transcript-post'}>
      <PostItem post={post} zone={c.zone} readerZone={c.readerZone} day={c.day} boostOf={boostedAuthor(post, c)} />
      <p class="transcript-links">
        <a href={permalinkPath(c.slug, post.id)}>
          Permalink<span class="visually-hidden"> to this {KIND_LABEL[post.kind].toLowerCase()} by {post.authorDisplayName}</span>
        </a>
        <Reference post={post} c={c} />
      </p>
    </div>
  );
}

/** Whose post a boost boosts, as the transcript names authors ("@dana", "Anonymous"); null when not archived. */
function boostedAuthor(post: PostView, c: PostContext): string | null {
  const author = post.boostOfId === null ? undefined : c.referenced.get(post.boostOfId);
  return author ? (isAnonymousAuthor(author) ? 'Anonymous' : `@${author.handle}`) : null;
}

function Reference({ post, c }: { post: PostView; c: PostContext }) {
  const link = (id: number, words: string) => {
    const author = c.referenced.get(id);
    return (
      <>
        {' · '}
        {words}{' '}
        <a href={permalinkPath(c.slug, id)}>{author ? (isAnonymousAuthor(author) ? 'Anonymous' : `@${author.handle}`) : 'a post'}</a>
      </>
    );
  };
  if (post.kind === 'boost') {
    if (post.boostOfId !== null) return link(post.boostOfId, 'Boost of');
    // An Announce or repost carries no text of its own: where the original can be read is all there is to show.
    const original = sourcePostUrl(post.sourceNetwork, post.boostOfSourceId);
    return (
      <>
        {' · '}Boost of a post that is not in this archive
        {original ? (
          <>
            {': '}
            <a href={original} rel="nofollow noopener noreferrer">
              the original on {NETWORK_NAME[post.sourceNetwork!]}
            </a>
          </>
        ) : null}
      </>
    );
  }
  const parts = [];
  if (post.replyToId !== null && c.flat) parts.push(link(post.replyToId, 'In reply to'));
  // Archives are partial: a reply whose parent was never imported says so rather than pass for a post of its own.
  if (post.kind === 'reply' && post.replyToId === null) parts.push(<>{' · '}In reply to a post that is not in this archive</>);
  if (post.quoteOfId !== null) parts.push(link(post.quoteOfId, 'Quoting'));
  return <>{parts}</>;
}

function BoostedBy({ boosts, c }: { boosts: PostView[]; c: PostContext }) {
  return (
    <p class="transcript-boosts">
      Boosted by{' '}
      {boosts.map((boost, index) => (
        <>
          {index > 0 ? ', ' : null}
          <a id={`post-${boost.id}`} href={permalinkPath(c.slug, boost.id)}>
            {boost.authorDisplayName}
          </a>
        </>
      ))}
    </p>
  );
}
