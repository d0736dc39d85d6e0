import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/components/forms.tsx';
import type { StoryView } from '../story-view.ts';
import { StoryBody } from './story-body.tsx';
import { embedCode } from '../story-embed.ts';

/** /stories/ID: the story to read and print, its exports, the embed code; for curators, a way back to editing. */
export function StoryPage({ ctx, view, canEdit, baseUrl }: { ctx: PageContext; view: StoryView; canEdit: boolean; baseUrl: string }) {
  const { story } = view;
  const path = `/stories/${story.id}`;
  return (
    <article class="story">
      <link rel="stylesheet" href="/assets/stories.css" />
      {story.status === 'draft' ? (
        <p class="notice story-draft-notice" role="status">
          Preview: this story is a draft and only its curators can see it.
        </p>
      ) : null}
      {canEdit ? (
        <div class="story-toolbar">
          <a class="button button-small" href={`${path}/edit`}>
            Edit story
          </a>{' '}
          <form method="post" action={`${path}/status`} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="status" value={story.status === 'draft' ? 'published' : 'draft'} />
            <button type="submit" class="button button-small button-secondary">
              {story.status === 'draft' ? 'Publish' : 'Unpublish'}
            </button>
          </form>
        </div>
      ) : null}
      <StoryBody view={view} readerZone={ctx.readerZone} />
      <footer class="story-footer">
        <h2>Take this story with you</h2>
        <p>
          Download: <a href={`${path}.html`}>HTML</a> · <a href={`${path}.md`}>Markdown</a> · <a href={`${path}.json`}>JSON</a>
        </p>
        {story.status === 'published' ? (
          <>
            <label for="story-embed-code">Embed it in a blog or web page (oEmbed is supported too):</label>
            <textarea id="story-embed-code" class="story-embed-code" readOnly rows={3}>
              {embedCode(baseUrl, story)}
            </textarea>
          </>
        ) : null}
      </footer>
    </article>
  );
}
