import type { ChatDetails } from '../chats.repository.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import type { PageContext } from '../../web/context.ts';
import { LocalTime } from '../../web/components/time.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { PostItem } from '../../posts/views/post-item.tsx';
import { Hashtags, HostList, KIND_LABEL, StatusBadge } from './chat-card.tsx';
import { SeriesDates, type ChatSeries } from '../series/series-dates.tsx';
import { RsvpPanel } from '../../rsvps/views/rsvp-panel.tsx';
import type { RsvpPanelView } from '../../rsvps/rsvp-panel.ts';
import { RoomLink } from '../../live/views/room-link.tsx';
import { mayImport } from '../../archive/import/import.policy.ts';
import { ChatStories } from '../../stories/views/chat-stories.tsx';
import type { ChatStoriesView } from '../../stories/chat-stories.ts';

export function ChatPage({ ctx, chat, posts, postCount, canEdit, rsvp, series, stories }: { ctx: PageContext; chat: ChatDetails; posts: PostView[]; postCount: number; canEdit: boolean; rsvp?: RsvpPanelView; series?: ChatSeries | null; stories?: ChatStoriesView }) {
  return (
    <article>
      <header class="chat-header">
        <p>
          <StatusBadge chat={chat} />
        </p>
        <h1>{chat.title}</h1>
        <Hashtags chat={chat} />
        <p class="chat-meta">
          <HostList chat={chat} />
        </p>
        <RoomLink chat={chat} />
        {canEdit ? (
          <p class="chat-actions">
            <a class="button button-small button-secondary" href={`/chats/${chat.slug}/edit`}>
              Edit chat
            </a>
            {mayImport(ctx.user, chat) ? (
              <>
                {' '}
                <a class="button button-small button-secondary" href={`/chats/${chat.slug}/import`}>
                  Import archived posts
                </a>
              </>
            ) : null}
          </p>
        ) : null}
      </header>
      <dl class="chat-details">
        <dt>Starts</dt>
        <dd>
          <LocalTime at={chat.startsAt} zone={chat.timeZone} readerZone={ctx.readerZone} />
        </dd>
        <dt>Ends</dt>
        <dd>
          <LocalTime at={chat.endsAt} zone={chat.timeZone} readerZone={ctx.readerZone} />
        </dd>
        <dt>Organizer’s time zone</dt>
        <dd>{chat.timeZone}</dd>
        <dt>Format</dt>
        <dd>{KIND_LABEL[chat.kind]}</dd>
        {chat.venueName ? (
          <>
            <dt>Venue</dt>
            <dd>
              {chat.venueName}
              {chat.venueAddress ? <>, {chat.venueAddress}</> : null}
              {chat.venueNotes ? <p class="hint">{chat.venueNotes}</p> : null}
            </dd>
          </>
        ) : null}
      </dl>
      <p class="calendar-links">
        <a href={`/chats/${chat.slug}/event.ics`} download>
          Add to calendar (.ics)
        </a>
      </p>
      {rsvp ? <RsvpPanel ctx={ctx} chat={chat} view={rsvp} /> : null}
      {chat.background ? (
        <section aria-labelledby="background">
          <h2 id="background">Background</h2>
          {/* renderMarkdown output is sanitized with an allow-list (web/markdown.ts). */}
          <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(chat.background) }} />
        </section>
      ) : null}
      {chat.questions.length > 0 ? (
        <section aria-labelledby="questions">
          <h2 id="questions">Questions</h2>
          <ol class="questions">
            {chat.questions.map((q) => (
              <li value={q.number}>
                <span class="question-number">Q{q.number}</span> {q.text}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {chat.links.length > 0 ? (
        <section aria-labelledby="links">
          <h2 id="links">Links</h2>
          <ul>
            {chat.links.map((link) => (
              <li>
                <a href={link.url} rel="nofollow noopener">
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {series ? <SeriesDates ctx={ctx} chat={chat} series={series} /> : null}
      {stories ? <ChatStories ctx={ctx} chat={chat} view={stories} /> : null}
      <section aria-labelledby="posts">
        <h2 id="posts">Posts ({postCount})</h2>
        {postCount > 0 ? <p class="calendar-links"><a href={`/chats/${chat.slug}/transcript`}>Read the transcript, grouped by question</a> · <a href={`/chats/${chat.slug}/transcript.csv`} download>Download as CSV</a> · <a href={`/chats/${chat.slug}/stats`}>Metrics and charts</a></p> : null}
        {posts.length === 0 ? (
          <p class="empty">No posts yet.</p>
        ) : (
          <ul class="post-list">
            {posts.map((post) => (
              <li>
                <PostItem post={post} zone={chat.timeZone} readerZone={ctx.readerZone} day={chat.startsAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
