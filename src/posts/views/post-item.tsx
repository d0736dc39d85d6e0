import type { PostView } from '../posts.repository.ts';
import { LocalTime } from '../../web/components/time.tsx';
import { isAnonymousAuthor } from '../../consent/anonymous-author.ts';
import { httpUrlOrNull } from '../../web/safe-url.ts';

/** One post as HTML. Post text is plain text: rendered escaped, with line breaks kept by CSS. */
export function PostItem({ post, zone, readerZone }: { post: PostView; zone: string; readerZone: string | null }) {
  const local = post.authorNetwork === 'local';
  // Anonymised for consent: the name "Anonymous" and no handle or profile link.
  const anonymous = isAnonymousAuthor({ handle: post.authorHandle });
  const original = httpUrlOrNull(post.sourceUrl);
  return (
    <article class="post" id={`post-${post.id}`}>
      <header>
        <span class="post-author">{post.authorDisplayName}</span>{' '}
        {anonymous ? null : local ? (
          <a class="post-handle" href={`/@${post.authorHandle}`}>
            @{post.authorHandle}
          </a>
        ) : (
          <span class="post-handle">
            @{post.authorHandle} ({post.authorNetwork})
          </span>
        )}{' '}
        <span class="post-time">
          <LocalTime at={post.createdAt} zone={zone} readerZone={readerZone} style="time" />
        </span>
      </header>
      {post.questionNumber !== null ? <p class="post-label">Question {post.questionNumber}</p> : null}
      {post.answersQuestion !== null && post.questionNumber === null ? <p class="post-label">Answer to Q{post.answersQuestion}</p> : null}
      <p class="post-text">{post.text}</p>
      <p class="post-meta">
        {post.replyCount} {post.replyCount === 1 ? 'reply' : 'replies'} · {post.boostCount} boosts · {post.likeCount} likes
        {original ? (
          <>
            {' · '}
            <a href={original} rel="nofollow noopener">
              original
            </a>
          </>
        ) : null}
      </p>
    </article>
  );
}
