import type { ChatDetails } from '../../../chats/chats.repository.ts';
import type { PageContext } from '../../../web/context.ts';
import { plural } from '../../../web/plural.ts';
import { LocalTime } from '../../../web/components/time.tsx';
import { ErrorSummary } from '../../../web/components/forms.tsx';
import { Hashtags } from '../../../chats/views/chat-card.tsx';
import { encodeCursor } from '../transcript-cursor.ts';
import { groupAnchor, groupTitle, OTHER } from '../transcript-groups.ts';
import { isFlat, NO_FILTER, showsBoosts, type FieldErrors, type RawTranscriptQuery } from '../transcript-query.ts';
import type { TocEntry, TranscriptPage, TranscriptSection } from '../transcript.service.ts';
import { transcriptUrl } from '../transcript-urls.ts';
import { TranscriptFilters } from './transcript-filters.tsx';
import { ThreadItem, TranscriptPost, type PostContext } from './transcript-thread.tsx';
import { DownloadLinks } from './download-links.tsx';
import { StoryLinks } from '../../../stories/views/chat-stories.tsx';
import type { ChatStoriesView } from '../../../stories/chat-stories.ts';

export interface TranscriptView {
  chat: ChatDetails;
  /** null when the filters were refused: the form shows why. */
  page: TranscriptPage | null;
  raw: RawTranscriptQuery;
  errors: FieldErrors;
  /** The chat's stories, linked under the title. */
  stories?: ChatStoriesView;
}

export function TranscriptPageView({ ctx, view }: { ctx: PageContext; view: TranscriptView }) {
  const { chat, page } = view;
  const filter = page?.filter ?? NO_FILTER;
  const c: PostContext = { slug: chat.slug, zone: chat.timeZone, readerZone: ctx.readerZone, day: chat.startsAt, referenced: page?.referenced ?? new Map(), flat: isFlat(filter) };
  const cursorError = view.errors.cursor ? `Position: ${view.errors.cursor}` : null;
  return (
    <article class="transcript">
      <header class="chat-header">
        <p class="room-back">
          <a href={`/chats/${chat.slug}`}>← {chat.title}</a> · <a href={`/chats/${chat.slug}/stats`}>Metrics</a>
        </p>
        <h1>Transcript: {chat.title}</h1>
        <Hashtags chat={chat} />
        <p class="chat-meta">
          <LocalTime at={chat.startsAt} zone={chat.timeZone} readerZone={ctx.readerZone} />
          {page ? (
            <>
              {' '}
              · {page.total.toLocaleString('en-US')} {page.total === 1 ? 'post' : 'posts'}
              {/* With the folded boosts, the count the chat's metrics give. */}
              {page.foldedBoosts > 0 ? ` + ${plural(page.foldedBoosts, 'boost')}` : null}
              {filterSummary(page)}
            </>
          ) : null}
        </p>
        {view.stories && view.stories.stories.length > 0 ? (
          <div class="transcript-stories">
            <span class="hint">Curated {view.stories.stories.length === 1 ? 'story' : 'stories'}:</span> <StoryLinks view={view.stories} />
          </div>
        ) : null}
      </header>
      <ErrorSummary message={cursorError} />
      <TranscriptFilters chat={chat} toc={page?.toc ?? null} raw={view.raw} errors={view.errors} />
      {page ? (
        <>
          <p class="transcript-toggle">
            {showsBoosts(filter) ? (
              filter.type === 'boost' ? null : (
                <a href={transcriptUrl(chat.slug, { ...filter, boosts: 'fold' })}>Fold boosts into counts</a>
              )
            ) : (
              <>
                Boosts are folded into each post’s count. <a href={transcriptUrl(chat.slug, { ...filter, boosts: 'show' })}>Show boosts</a>
              </>
            )}
          </p>
          <Contents page={page} />
          {page.sections.length === 0 ? <p class="empty">No posts match.</p> : page.sections.map((section) => <Section section={section} c={c} />)}
          <nav class="pagination" aria-label="Pages">
            {page.previousCursor ? (
              <>
                <a href={transcriptUrl(chat.slug, filter)}>⇤ First page</a>{' '}
              </>
            ) : null}
            {page.isLaterPage ? (
              <a href={page.previousCursor ? transcriptUrl(chat.slug, filter, { cursor: page.previousCursor }) : transcriptUrl(chat.slug, filter)} rel="prev">
                ← Previous page
              </a>
            ) : null}{' '}
            {page.nextCursor ? (
              <a href={transcriptUrl(chat.slug, filter, { cursor: page.nextCursor })} rel="next">
                Next page →
              </a>
            ) : null}
          </nav>
        </>
      ) : null}
      <DownloadLinks slug={chat.slug} />
    </article>
  );
}

function filterSummary(page: TranscriptPage): string {
  const parts = [];
  if (page.filter.author) parts.push(`by @${page.filter.author}`);
  if (page.filter.type) parts.push(`of type ${page.filter.type}`);
  if (page.filter.question !== null) parts.push(page.filter.question === OTHER ? 'in other conversation' : `in Q${page.filter.question}`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/** Where each question starts: links into the full transcript at that group. */
function Contents({ page }: { page: TranscriptPage }) {
  if (page.toc.length <= 1 && page.filter.question === null) return null;
  const link = (entry: TocEntry) => transcriptUrl(page.chat.slug, { ...page.filter, question: null }, { cursor: encodeCursor({ group: entry.key, at: null, inclusive: false }) }) + `#${groupAnchor(entry.key)}`;
  return (
    <nav class="transcript-toc" aria-label="Questions">
      <ol>
        {page.toc.map((entry) => (
          <li>
            <a href={link(entry)}>
              <span class="transcript-qnum">{groupTitle(entry.key)}</span>
              {entry.question ? <> <span class="transcript-toc-text">{entry.question.text}</span></> : null}
            </a>{' '}
            <span class="hint">({entry.posts.toLocaleString('en-US')})</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Section({ section, c }: { section: TranscriptSection; c: PostContext }) {
  const anchor = groupAnchor(section.key);
  const text = section.question?.text ?? null;
  return (
    <section class="transcript-group" id={section.continued ? undefined : anchor} aria-labelledby={`${anchor}-title`}>
      <h2 id={`${anchor}-title`} class="transcript-group-title">
        <span class="transcript-qnum">{groupTitle(section.key)}</span>
        {text ? <> {text}</> : null}
        {section.continued ? <span class="hint"> (continued)</span> : null}
      </h2>
      {section.heads.map((head) => (
        <div class="transcript-head">
          <TranscriptPost post={head} c={c} />
        </div>
      ))}
      {section.threads.length > 0 ? (
        <ol class="transcript-thread">
          {section.threads.map((thread) => (
            <ThreadItem thread={thread} c={c} />
          ))}
        </ol>
      ) : null}
      {section.truncated ? <p class="hint">Some long threads continue on their posts’ own pages (follow “Permalink”).</p> : null}
      {section.threads.length > 0 ? null : (
        <p class="empty">{c.flat ? 'No posts here match the filter.' : section.key === OTHER ? 'No other conversation.' : 'No answers in the archive.'}</p>
      )}
    </section>
  );
}
