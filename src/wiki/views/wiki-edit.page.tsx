import type { PageContext } from '../../web/context.ts';
import type { WikiPage } from '../wiki.repository.ts';
import { WikiEditor, type EditorState } from './wiki-editor.tsx';

export function WikiNewPage({ ctx, state }: { ctx: PageContext; state: EditorState }) {
  return (
    <section class="wiki-edit">
      <p class="wiki-breadcrumb">
        <a href="/wiki">Wiki</a>
      </p>
      <h1>New wiki page</h1>
      <p class="lead">The title names the page and its address; links like [[{state.values.title || 'Page name'}]] on other pages lead here.</p>
      <WikiEditor ctx={ctx} action="/wiki/new" state={state} submitLabel="Create page" cancelHref="/wiki" />
    </section>
  );
}

export function WikiEditPage({ ctx, page, state }: { ctx: PageContext; page: WikiPage; state: EditorState }) {
  return (
    <section class="wiki-edit">
      <p class="wiki-breadcrumb">
        <a href="/wiki">Wiki</a> › <a href={`/wiki/${page.slug}`}>{page.title}</a>
      </p>
      <h1>Editing “{page.title}”</h1>
      <p class="hint">
        Based on revision {state.baseRevision}. Saving adds a new revision; the old ones stay in the <a href={`/wiki/${page.slug}/history`}>history</a>.
      </p>
      <WikiEditor ctx={ctx} action={`/wiki/${page.slug}/edit`} state={state} submitLabel="Save changes" cancelHref={`/wiki/${page.slug}`} />
    </section>
  );
}
