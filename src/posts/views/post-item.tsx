import type { PostView } from '../posts.repository.ts';
import { LocalTime, sameLocalDay } from '../../web/components/time.tsx';
import { isAnonymousAuthor } from '../../consent/anonymous-author.ts';
import { httpUrlOrNull } from '../../web/safe-url.ts';
import { PostText } from './post-text.tsx';
import { NETWORK_NAME } from '../network-names.ts';
import { plural } from '../../web/plural.ts';
import { handleLabel } from '../../live/views/post-words.ts';

/**
 * One post as HTML. Its time is shown alone when the post is on the local
 * day of `day` (its chat's start, in a transcript); otherwise, and when no
 * day is given (a story gathers posts of many chats and years), with its
 * date: an imported archive often holds posts from the days around a chat.
 */

/**
 * `boostOf`: for a boost, whose post it boosts ("@dana"), when known: a
 * boost carries the boosted text, and without it the booster reads as its
 * author.
 */
export function PostItem({ post, zone, readerZone, day, boostOf }: { post: PostView; zone: string; readerZone: string | null; day?: number; boostOf?: string | null }) {
  const local = post.authorNetwork === 'local';
  // Anonymised for consent: the name "Anonymous" and no handle or profile link.
  const anonymous = isAnonymousAuthor({ handle: post.authorHandle });
  const original = httpUrlOrNull(post.sourceUrl);
  const importedFrom = post.sourceNetwork && post.sourceNetwork !== 'local' ? post.sourceNetwork : null;
  const author = { network: post.authorNetwork, handle: post.authorHandle, displayName: post.authorDisplayName };
  return (
    <article class="post" id={`post-${post.id}`}>
      <header>
        <span class="post-author">{post.authorDisplayName}</span>{' '}
        {anonymous ? null : local ? (
          <a class="post-handle" href={`/@${post.authorHandle}`}>
            {handleLabel(author)}
          </a>
        ) : (
          <span class="post-handle">{handleLabel(author)}</span>
        )}{' '}
        <span class="post-time">
          <LocalTime at={post.createdAt} zone={zone} readerZone={readerZone} style={day !== undefined && sameLocalDay(post.createdAt, day, readerZone ?? zone) ? 'time' : 'full'} />
        </span>
      </header>
      {post.questionNumber !== null ? <p class="post-label">Question {post.questionNumber}</p> : null}
      {post.answersQuestion !== null && post.questionNumber === null ? <p class="post-label">Answer to Q{post.answersQuestion}</p> : null}
      {post.kind === 'boost' ? <p class="post-label">Boosted {boostOf ? `a post by ${boostOf}` : 'a post'}</p> : null}
      <PostText text={post.text} />
      {/* A flex row: its gap separates the counts from the link to the original. */}
      <p class="post-meta">
        {/* A boost has no replies or likes of its own; an imported post's counts are its network's, as the archive was made. */}
        {post.kind === 'boost' ? null : (
          <span>
            {importedFrom ? `On ${NETWORK_NAME[importedFrom]}: ` : null}
            {plural(post.replyCount, 'reply', 'replies')} · {plural(post.boostCount, 'boost')} · {plural(post.likeCount, 'like')}
          </span>
        )}
        {original ? (
          <a href={original} rel="nofollow noopener">
            original<span class="visually-hidden"> post on {post.authorNetwork}</span>
          </a>
        ) : null}
      </p>
    </article>
  );
}
