import type { PageContext } from '../../../web/context.ts';
import { LocalTime } from '../../../web/components/time.tsx';
import type { Permalink } from '../permalink.service.ts';
import { permalinkPath, transcriptPath } from '../transcript-urls.ts';
import { groupOf, groupTitle } from '../transcript-groups.ts';
import { ThreadItem, TranscriptPost, type PostContext } from './transcript-thread.tsx';
import { isAnonymousAuthor } from '../../../consent/anonymous-author.ts';
import { httpUrlOrNull } from '../../../web/safe-url.ts';

const KIND_WORD = { original: 'Post', reply: 'Reply', quote: 'Quote', boost: 'Boost' } as const;

/** One post with the thread around it, and the way back to its place in the transcript. */
export function PermalinkPage({ ctx, view }: { ctx: PageContext; view: Permalink }) {
  const { chat, post } = view;
  const c: PostContext = { slug: chat.slug, zone: chat.timeZone, readerZone: ctx.readerZone, day: chat.startsAt, referenced: view.referenced, flat: true };
  const group = groupOf(post);
  return (
    <article class="permalink">
      <p class="room-back">
        <a href={view.transcriptUrl}>← Back to its place in the transcript</a> · <a href={transcriptPath(chat.slug)}>{chat.title}</a>
      </p>
      <h1>
        {KIND_WORD[post.kind]} by {post.authorDisplayName}
      </h1>
      {view.ancestors.length > 0 ? (
        <section aria-labelledby="context-title" class="permalink-context">
          <h2 id="context-title">Earlier in the thread</h2>
          <ol class="transcript-thread">
            {view.ancestors.map((ancestor) => (
              <li class="transcript-item">
                <TranscriptPost post={ancestor} c={{ ...c, flat: false }} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <div class="permalink-post">
        <TranscriptPost post={post} c={c} />
      </div>
      <dl class="chat-details">
        <dt>Posted</dt>
        <dd>
          <LocalTime at={post.createdAt} zone={chat.timeZone} readerZone={ctx.readerZone} />
        </dd>
        <dt>Question</dt>
        <dd>{group === 'other' ? 'Other conversation' : `${groupTitle(group)}${post.questionNumber !== null ? ' (this post asks it)' : ''}`}</dd>
        <dt>Type</dt>
        <dd>{KIND_WORD[post.kind]}</dd>
        {post.sourceNetwork ? (
          <>
            <dt>Archived from</dt>
            <dd>
              {post.sourceNetwork}
              {httpUrlOrNull(post.sourceUrl) ? (
                <>
                  {' · '}
                  <a href={httpUrlOrNull(post.sourceUrl)!} rel="nofollow noopener">
                    original post
                  </a>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {view.boosted ? (
        <section aria-labelledby="boosted-title">
          <h2 id="boosted-title">Boosted post</h2>
          <TranscriptPost post={view.boosted} c={c} />
        </section>
      ) : null}
      {view.quoted ? (
        <section aria-labelledby="quoted-title">
          <h2 id="quoted-title">Quoted post</h2>
          <TranscriptPost post={view.quoted} c={c} />
        </section>
      ) : null}
      {view.boosts.total > 0 ? (
        <section aria-labelledby="boosts-title">
          <h2 id="boosts-title">Boosted by {view.boosts.total.toLocaleString('en-US')}</h2>
          <ul class="permalink-boosts">
            {view.boosts.boosts.map((boost) => (
              <li>
                <a href={permalinkPath(chat.slug, boost.id)}>{boost.authorDisplayName}</a> {isAnonymousAuthor({ handle: boost.authorHandle }) ? null : <span class="post-handle">@{boost.authorHandle}</span>}
              </li>
            ))}
          </ul>
          {view.boosts.total > view.boosts.boosts.length ? <p class="hint">and {view.boosts.total - view.boosts.boosts.length} more</p> : null}
        </section>
      ) : null}
      <section aria-labelledby="replies-title">
        <h2 id="replies-title">Replies</h2>
        {view.replies.length === 0 ? (
          <p class="empty">No replies in the archive.</p>
        ) : (
          <ol class="transcript-thread">
            {view.replies.map((thread) => (
              <ThreadItem thread={thread} c={{ ...c, flat: false }} />
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
