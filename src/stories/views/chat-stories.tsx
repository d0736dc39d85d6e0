import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/components/forms.tsx';
import { SERIES_STORY_CHATS, type ChatStoriesView } from '../chat-stories.ts';

/** The chat page's "Stories" section: links to its stories, and "Draft a story" for its organizer. */
export function ChatStories({ ctx, chat, view }: { ctx: PageContext; chat: ChatDetails; view: ChatStoriesView }) {
  if (view.stories.length === 0 && !view.canDraft) return null;
  return (
    <section aria-labelledby="stories" class="chat-stories">
      <h2 id="stories">Stories</h2>
      <StoryLinks view={view} />
      {view.canDraft ? (
        <form method="post" action={`/chats/${chat.slug}/stories`} class="inline-form">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button button-small">
            Draft a story
          </button>{' '}
          <span class="hint">Key answers per question, the rest of the conversation and the links shared; you edit before publishing.</span>
        </form>
      ) : null}
      {view.canDraft && view.seriesChats > 1 ? (
        <form method="post" action={`/chats/${chat.slug}/stories`} class="inline-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="scope" value="series" />
          <button type="submit" class="button button-small">
            Draft a story of the series
          </button>{' '}
          <span class="hint">The same over the series’ {view.seriesChats} chats so far (at most the last {SERIES_STORY_CHATS}), each under its own title.</span>
        </form>
      ) : null}
    </section>
  );
}

/** Just the links (the transcript shows these under its title). */
export function StoryLinks({ view }: { view: ChatStoriesView }) {
  if (view.stories.length === 0) return null;
  return (
    <ul class="story-links">
      {view.stories.map((story) => (
        <li>
          <a href={`/stories/${story.id}`}>{story.title}</a>
          {story.status === 'draft' ? <span class="hint"> (draft)</span> : null}
        </li>
      ))}
    </ul>
  );
}
