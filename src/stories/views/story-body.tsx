import { renderMarkdown } from '../../web/markdown.ts';
import { LocalTime } from '../../web/components/time.tsx';
import { PostItem } from '../../posts/views/post-item.tsx';
import { permalinkPath } from '../../archive/transcript/transcript-urls.ts';
import type { StoryView, ViewItem } from '../story-view.ts';

/**
 * The readable story: title, credits, introduction, contents and sections.
 * Shared by the story page and the iframe embed; no script needed. User
 * Markdown reaches the page only through renderMarkdown (sanitized).
 */
export function StoryBody({ view, readerZone, headingLevel = 1 }: { view: StoryView; readerZone: string | null; headingLevel?: 1 | 2 }) {
  const { story } = view;
  const main = story.chats[0];
  const Title = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <>
      <header class="story-header">
        <Title class="story-title">{story.title}</Title>
        <p class="story-credits">
          {main ? (
            <>
              A story of the chat <a href={`/chats/${main.slug}`}>{main.title}</a>
              {main.hashtags[0] ? <> (#{main.hashtags[0].display})</> : null},{' '}
              <LocalTime at={main.startsAt} zone={main.timeZone} readerZone={readerZone} style="date" />
              {story.chats.length > 1 ? <>, and {story.chats.length - 1} more {story.chats.length === 2 ? 'chat' : 'chats'} of the series</> : null}.
            </>
          ) : null}{' '}
          {story.curators.length > 0 ? <>Co-curated by {story.curators.map((c) => `@${c.handle}`).join(', ')}. </> : null}
          {story.publishedAt !== null && story.status === 'published' && main ? (
            <>
              Published <LocalTime at={story.publishedAt} zone={main.timeZone} readerZone={readerZone} style="date" />.
            </>
          ) : null}
        </p>
      </header>
      {story.introduction ? <div class="markdown story-introduction" dangerouslySetInnerHTML={{ __html: renderMarkdown(story.introduction) }} /> : null}
      {view.sections.length > 1 ? (
        <nav class="story-contents" aria-label="Sections">
          <ol>
            {view.sections.map((section) => (
              <li>
                <a href={`#section-${section.id}`}>{section.heading}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {view.sections.map((section) => (
        <section class="story-section" id={`section-${section.id}`} aria-labelledby={`section-${section.id}-title`}>
          <h2 id={`section-${section.id}-title`}>{section.heading}</h2>
          {section.items.length === 0 ? <p class="empty">Nothing here yet.</p> : null}
          {section.items.map((item) => (
            <StoryItem item={item} view={view} readerZone={readerZone} />
          ))}
        </section>
      ))}
    </>
  );
}

export function StoryItem({ item, view, readerZone }: { item: ViewItem; view: StoryView; readerZone: string | null }) {
  if (item.kind === 'text') return <div class="story-text markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(item.text) }} />;
  const post = item.post;
  const zone = view.story.chats.find((c) => c.slug === post.chatSlug)?.timeZone ?? 'UTC';
  return (
    <div class="story-post">
      <PostItem post={post} zone={zone} readerZone={readerZone} />
      <p class="story-post-link">
        <a href={permalinkPath(post.chatSlug, post.id)}>Permalink</a>
      </p>
    </div>
  );
}
