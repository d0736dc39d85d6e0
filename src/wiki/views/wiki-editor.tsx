import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../../web/components/forms.tsx';
import type { TextDiff } from '../wiki-diff.ts';
import type { WikiPage } from '../wiki.repository.ts';
import { DiffLegend, DiffView } from './diff-view.tsx';
import { TextareaField } from './textarea-field.tsx';
import { WikiSyntaxHelp } from './wiki-syntax-help.tsx';
import { AuthorName, RevisionTime } from './wiki-meta.tsx';
import { BODY_MAX, SUMMARY_MAX, TITLE_MAX } from '../wiki-input.ts';

export interface EditorState {
  values: { title: string; body: string; summary: string };
  /** Present when editing an existing page: the revision the text started from. */
  baseRevision?: number;
  error?: string | null;
  fieldErrors?: Record<string, string>;
  /** The page moved on while this person was editing. */
  conflict?: { current: WikiPage; diff: TextDiff } | null;
}

export function WikiEditor({ ctx, action, state, submitLabel, cancelHref }: { ctx: PageContext; action: string; state: EditorState; submitLabel: string; cancelHref: string }) {
  const errors = state.fieldErrors ?? {};
  return (
    <>
      <ErrorSummary message={state.error} />
      {state.conflict ? <ConflictPanel current={state.conflict.current} diff={state.conflict.diff} ctx={ctx} /> : null}
      <form method="post" action={action} class="stack wiki-editor">
        <CsrfField token={ctx.csrfToken} />
        {state.baseRevision !== undefined ? <input type="hidden" name="baseRevision" value={String(state.baseRevision)} /> : null}
        <Field label="Title" name="title" value={state.values.title} required maxLength={TITLE_MAX} error={errors.title} />
        <TextareaField
          label={state.conflict ? 'Your text (merge the current version into it, then save)' : 'Page text'}
          name="body"
          value={state.values.body}
          rows={18}
          required
          hint={`Markdown, up to ${BODY_MAX.toLocaleString('en')} characters. See the formatting help below.`}
          describedBy="wiki-syntax"
          error={errors.body}
        />
        <WikiSyntaxHelp id="wiki-syntax" />
        <Field
          label="Summary of your change (optional)"
          name="summary"
          value={state.values.summary}
          maxLength={SUMMARY_MAX}
          hint="Shown in the page’s history, e.g. “Added the 2026 conference links”."
          error={errors.summary}
        />
        <p class="form-actions">
          <button type="submit" class="button">
            {submitLabel}
          </button>{' '}
          <a href={cancelHref}>Cancel</a>
        </p>
      </form>
    </>
  );
}

/** What someone needs to merge: who saved what since, the differences, and the current text to copy from. */
function ConflictPanel({ current, diff, ctx }: { current: WikiPage; diff: TextDiff; ctx: PageContext }) {
  const revision = current.current;
  return (
    <section class="wiki-conflict" aria-labelledby="conflict-heading">
      <div class="notice notice-error" role="alert">
        <h2 id="conflict-heading">Edit conflict: your changes are not saved yet</h2>
        <p>
          While you were editing, <AuthorName revision={revision} /> saved revision {revision.number} (<RevisionTime revision={revision} ctx={ctx} />
          ). Nothing was lost: your text is still in the editor below. Compare it with the current version, merge what you want to keep, and save again.
        </p>
      </div>
      <h3>Differences between the current version and your text</h3>
      <p class="hint">Lines marked − are only in the current version; lines marked + are only in your text.</p>
      <DiffLegend />
      <DiffView diff={diff} label={`Changes from revision ${revision.number} to your text`} />
      <TextareaField label={`Current text (revision ${revision.number}), to copy from`} name="current" id="current-text" value={revision.body} rows={10} readOnly />
    </section>
  );
}
