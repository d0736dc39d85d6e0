import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary } from '../../web/components/forms.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { RANKING_EXPLANATION } from '../draft-ranking.ts';
import type { StoryView, ViewItem, ViewSection } from '../story-view.ts';
import { StoryItem } from './story-body.tsx';
import { PostFinder, type FinderView } from './post-finder.tsx';
import { OpForm } from './op-form.tsx';

export interface EditorView {
  view: StoryView;
  /** Organizer or admin: may invite co-curators and delete. */
  canManage: boolean;
  finder: FinderView;
  error: string | null;
  /** The move button pressed before the redirect (see focusKey): it gets the focus back. */
  focus: string | null;
}

/**
 * /stories/ID/edit. Every action is a small CSRF form that works without
 * JavaScript (the keyboard path: Tab to "Move up", press Enter). With the
 * story-editor bundle, items and sections can also be dragged, moves happen
 * in place, and text fields save themselves through the JSON API; the
 * `data-*` attributes are what the bundle reads.
 */
export function StoryEditorPage({ ctx, editor }: { ctx: PageContext; editor: EditorView }) {
  const { view } = editor;
  const { story } = view;
  const base = `/stories/${story.id}`;
  return (
    <article class="story-editor" data-story-editor={String(story.id)} data-version={String(story.updatedAt)}>
      <link rel="stylesheet" href="/assets/stories.css" />
      <header class="chat-header">
        <p class="room-back">
          {story.chats[0] ? <a href={`/chats/${story.chats[0].slug}`}>← {story.chats[0].title}</a> : null}
        </p>
        <h1>Edit story</h1>
        <p class="story-status">
          <span class={`badge badge-${story.status === 'published' ? 'live' : 'draft'}`}>{story.status === 'published' ? 'Published' : 'Draft'}</span>{' '}
          <span class="story-save-state" data-save-state role="status" aria-live="polite">
            Changes are saved when you press a button.
          </span>
        </p>
        <div class="story-toolbar">
          <a class="button button-small button-secondary" href={base}>
            Preview
          </a>{' '}
          <form method="post" action={`${base}/status`} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="status" value={story.status === 'draft' ? 'published' : 'draft'} />
            <button type="submit" class="button button-small">
              {story.status === 'draft' ? 'Publish' : 'Unpublish'}
            </button>
          </form>
        </div>
      </header>
      <ErrorSummary message={editor.error} />

      <form method="post" action={`${base}/settings`} class="story-settings" data-autosave-form>
        <CsrfField token={ctx.csrfToken} />
        <div class="field">
          <label for="story-title">Title</label>
          <input id="story-title" name="title" type="text" required maxLength={200} value={story.title} data-field="title" />
        </div>
        <div class="field">
          <label for="story-introduction">Introduction</label>
          <p class="hint" id="story-introduction-hint">
            Markdown: **bold**, _italic_, [links](https://example.org), lists.
          </p>
          <textarea id="story-introduction" name="introduction" rows={5} maxLength={20000} aria-describedby="story-introduction-hint" data-field="introduction">
            {story.introduction}
          </textarea>
        </div>
        <button type="submit" class="button button-small">
          Save title and introduction
        </button>
      </form>

      <h2>Sections</h2>
      <p class="hint">
        Reorder with the Up and Down buttons (they also carry items into the next section), or drag items and sections by their handle when JavaScript is on.
      </p>
      <ol class="story-editor-sections" data-sections>
        {view.sections.map((section, index) => (
          <EditorSection ctx={ctx} base={base} section={section} view={view} first={index === 0} last={index === view.sections.length - 1} focus={editor.focus} />
        ))}
      </ol>
      <OpForm ctx={ctx} base={base} op="add-section" class="story-add-section">
        <label for="new-section-heading">New section</label>{' '}
        <input id="new-section-heading" name="heading" type="text" required maxLength={200} />{' '}
        <button type="submit" class="button button-small">
          Add section
        </button>
      </OpForm>

      <PostFinder ctx={ctx} base={base} view={view} finder={editor.finder} />

      <section class="story-curators" aria-labelledby="curators-title">
        <h2 id="curators-title">Co-curators</h2>
        {story.curators.length === 0 ? <p class="empty">Nobody else edits this story yet.</p> : null}
        <ul>
          {story.curators.map((curator) => (
            <li>
              {curator.displayName} (@{curator.handle}){' '}
              {editor.canManage ? (
                <form method="post" action={`${base}/curators/${curator.userId}/remove`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="link-button" aria-label={`Remove @${curator.handle} as co-curator`}>
                    Remove
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {editor.canManage ? (
          <form method="post" action={`${base}/curators`} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            <label for="curator-handle">Invite a member by handle</label>{' '}
            <input id="curator-handle" name="handle" type="text" required maxLength={120} placeholder="@handle" />{' '}
            <button type="submit" class="button button-small button-secondary">
              Invite
            </button>
          </form>
        ) : null}
      </section>

      <details class="story-ranking">
        <summary>How the automatic draft chose its posts</summary>
        <p>{RANKING_EXPLANATION}</p>
        <p>“Other conversation” holds the best-received posts that answer no question; “Links shared” lists the web addresses found in the most posts (a boost shares a link again).</p>
      </details>

      {editor.canManage ? (
        <form method="post" action={`${base}/delete`} class="story-delete">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button button-small button-secondary" data-confirm="Delete this story for good?">
            Delete story
          </button>
        </form>
      ) : null}
      <script src="/assets/build/story-editor.js" defer></script>
    </article>
  );
}

function EditorSection({ ctx, base, section, view, first, last, focus }: { ctx: PageContext; base: string; section: ViewSection; view: StoryView; first: boolean; last: boolean; focus: string | null }) {
  const id = String(section.id);
  const anchor = `edit-section-${id}`;
  return (
    <li class="story-editor-section" id={anchor} data-section-id={id}>
      <div class="story-editor-section-head">
        <span class="drag-handle" data-drag-handle aria-hidden="true" title="Drag to move the section">
          ⠿
        </span>
        <OpForm ctx={ctx} base={base} op="rename-section" fields={{ section: id }} anchor={anchor}>
          <label for={`heading-${id}`} class="visually-hidden">
            Section heading
          </label>
          <input id={`heading-${id}`} name="heading" type="text" required maxLength={200} value={section.heading} class="story-heading-input" data-field="heading" />{' '}
          <button type="submit" class="button button-small button-secondary">
            Rename
          </button>
        </OpForm>
        <MoveButtons ctx={ctx} base={base} op="move-section" target={{ section: id }} what={`section “${section.heading}”`} first={first} last={last} anchor={anchor} focus={focus} keyOf={`move-section-${id}`} />
        <OpForm ctx={ctx} base={base} op="remove-section" fields={{ section: id }}>
          <button type="submit" class="link-button" data-confirm="Remove this section and its items?" aria-label={`Remove section “${section.heading}”`}>
            Remove section
          </button>
        </OpForm>
      </div>
      <ol class="story-editor-items" data-items>
        {section.items.map((item) => (
          <EditorItem ctx={ctx} base={base} item={item} view={view} focus={focus} />
        ))}
      </ol>
      {section.items.length === 0 ? <p class="empty">No items yet: add posts below, or text.</p> : null}
      <OpForm ctx={ctx} base={base} op="add-text" fields={{ section: id }} class="story-add-text" anchor={anchor}>
        <label for={`add-text-${id}`}>Add your own text to “{section.heading}” (Markdown)</label>
        <textarea id={`add-text-${id}`} name="text" rows={2} required maxLength={10000} />
        <button type="submit" class="button button-small button-secondary">
          Add text
        </button>
      </OpForm>
    </li>
  );
}

function itemLabel(item: ViewItem): string {
  return item.kind === 'post' ? `post by ${item.post.authorDisplayName}` : 'text';
}

function EditorItem({ ctx, base, item, view, focus }: { ctx: PageContext; base: string; item: ViewItem; view: StoryView; focus: string | null }) {
  const id = String(item.id);
  const anchor = `edit-item-${id}`;
  const label = itemLabel(item);
  return (
    <li class={`story-editor-item story-editor-item-${item.kind}`} id={anchor} data-item-id={id} data-item-kind={item.kind}>
      <div class="story-editor-item-tools">
        <span class="drag-handle" data-drag-handle aria-hidden="true" title="Drag to move">
          ⠿
        </span>
        <MoveButtons ctx={ctx} base={base} op="move-item" target={{ item: id }} what={label} anchor={anchor} focus={focus} keyOf={`move-item-${id}`} />
        <OpForm ctx={ctx} base={base} op="remove-item" fields={{ item: id }}>
          <button type="submit" class="link-button" aria-label={`Remove ${label}`}>
            Remove
          </button>
        </OpForm>
      </div>
      {item.kind === 'post' ? (
        <StoryItem item={item} view={view} readerZone={ctx.readerZone} />
      ) : (
        <OpForm ctx={ctx} base={base} op="edit-text" fields={{ item: id }} class="story-edit-text" anchor={anchor}>
          <label for={`text-${id}`} class="visually-hidden">
            Text (Markdown)
          </label>
          <textarea id={`text-${id}`} name="text" rows={3} required maxLength={10000} data-field="text">
            {item.text}
          </textarea>
          <button type="submit" class="button button-small button-secondary">
            Save text
          </button>
          <div class="story-text-preview markdown" aria-label="Preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(item.text) }} />
        </OpForm>
      )}
    </li>
  );
}

function MoveButtons(props: { ctx: PageContext; base: string; op: string; target: Record<string, string>; what: string; first?: boolean; last?: boolean; anchor: string; focus: string | null; keyOf: string }) {
  const { ctx, base, op, target, what, first, last, anchor, focus, keyOf } = props;
  return (
    <span class="move-buttons">
      <OpForm ctx={ctx} base={base} op={op} fields={{ ...target, direction: 'up' }} anchor={anchor}>
        <button type="submit" class="button button-small button-secondary" aria-label={`Move ${what} up`} disabled={first} autofocus={focus === `${keyOf}-up`} data-move="up">
          ↑ Up
        </button>
      </OpForm>
      <OpForm ctx={ctx} base={base} op={op} fields={{ ...target, direction: 'down' }} anchor={anchor}>
        <button type="submit" class="button button-small button-secondary" aria-label={`Move ${what} down`} disabled={last} autofocus={focus === `${keyOf}-down`} data-move="down">
          ↓ Down
        </button>
      </OpForm>
    </span>
  );
}

