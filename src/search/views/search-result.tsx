import type { PageContext } from '../../web/context.ts';
import type { SearchResult } from '../search.service.ts';
import { LocalTime } from '../../web/components/time.tsx';
import { isAnonymousAuthor } from '../../consent/anonymous-author.ts';
import { permalink } from '../search.presenter.ts';

/** One hit: where and by whom, then the snippet. Preact escapes every part; <mark> is ours. */
export function SearchResultItem({ ctx, result }: { ctx: PageContext; result: SearchResult }) {
  const { post } = result;
  const anonymous = isAnonymousAuthor({ handle: post.authorHandle });
  return (
    <li class="search-result">
      <p class="search-result-meta">
        <a href={`/chats/${post.chatSlug}`} class="search-result-chat">
          {post.chatTitle}
        </a>
        <span aria-hidden="true"> · </span>
        <span class="post-author">{post.authorDisplayName}</span>{' '}
        {anonymous ? null : post.authorNetwork === 'local' ? (
          <a class="post-handle" href={`/@${post.authorHandle}`}>
            @{post.authorHandle}
          </a>
        ) : (
          <span class="post-handle">
            @{post.authorHandle} ({post.authorNetwork})
          </span>
        )}
        <span aria-hidden="true"> · </span>
        <a href={permalink(post)} class="search-result-time">
          <LocalTime at={post.createdAt} zone={post.chatTimeZone} readerZone={ctx.readerZone} />
          <span class="visually-hidden"> (this post on its own page)</span>
        </a>
        {post.kind === 'original' ? null : <span class="badge search-result-kind">{post.kind}</span>}
      </p>
      {result.snippet.some((part) => part.text.trim() !== '') ? (
        <p class="search-snippet">{result.snippet.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</p>
      ) : (
        // A boost of a post never archived (a Mastodon Announce, a Bluesky repost) has no text of its own; its page links the original.
        <p class="search-snippet search-snippet-empty">{post.kind === 'boost' ? 'A boost of a post that is not in this archive.' : 'No text.'}</p>
      )}
    </li>
  );
}
