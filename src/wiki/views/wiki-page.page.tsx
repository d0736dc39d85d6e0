import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/components/forms.tsx';
import type { RenderedWiki } from '../wiki-content.ts';
import type { WikiPage, WikiRevision } from '../wiki.repository.ts';
import { WikiBody } from './wiki-body.tsx';
import { ProtectedBadge, RevisionLine } from './wiki-meta.tsx';

export interface WikiPageView {
  page: WikiPage;
  /** The revision shown: the current one, or an older one at /wiki/SLUG/revisions/N. */
  revision: WikiRevision;
  content: RenderedWiki;
  canEdit: boolean;
  canProtect: boolean;
  /** Set after a save or restore, for the confirmation notice. */
  notice?: string | null;
}

export function WikiPageScreen({ ctx, view }: { ctx: PageContext; view: WikiPageView }) {
  const { page, revision } = view;
  const isCurrent = revision.number === page.current.number;
  return (
    <article class="wiki-page">
      <p class="wiki-breadcrumb">
        <a href="/wiki">Wiki</a>
      </p>
      {view.notice ? (
        <div class="notice notice-info" role="status">
          {view.notice}
        </div>
      ) : null}
      {isCurrent ? null : <OldRevisionNotice page={page} revision={revision} canEdit={view.canEdit} ctx={ctx} />}
      <header class="wiki-header">
        <h1>{revision.title}</h1>
        <p class="wiki-meta">
          <RevisionLine revision={revision} ctx={ctx} />
          {page.protected ? (
            <>
              {' '}
              <ProtectedBadge />
            </>
          ) : null}
        </p>
        <nav class="wiki-actions" aria-label="Page actions">
          {view.canEdit && isCurrent ? (
            <a class="button button-small" href={`/wiki/${page.slug}/edit`}>
              Edit
            </a>
          ) : null}
          <a class="button button-small button-secondary" href={`/wiki/${page.slug}/history`}>
            History
          </a>
          {isCurrent && page.current.number > 1 ? (
            <a href={`/wiki/${page.slug}/diff?from=${page.current.number - 1}&to=${page.current.number}`}>Last change</a>
          ) : null}
        </nav>
      </header>
      <WikiBody content={view.content} ctx={ctx} />
      {isCurrent && (!view.canEdit || view.canProtect) ? (
        <footer class="wiki-footer">
          {view.canEdit ? null : <EditHint page={page} ctx={ctx} />}
          {view.canProtect ? <ProtectForm page={page} ctx={ctx} /> : null}
        </footer>
      ) : null}
    </article>
  );
}

function OldRevisionNotice({ page, revision, canEdit, ctx }: { page: WikiPage; revision: WikiRevision; canEdit: boolean; ctx: PageContext }) {
  return (
    <div class="notice notice-info wiki-old-notice">
      <p>
        You are reading revision {revision.number} of {page.current.number}, an older version of this page.{' '}
        <a href={`/wiki/${page.slug}`}>Read the current version</a> or{' '}
        <a href={`/wiki/${page.slug}/diff?from=${revision.number}&to=${page.current.number}`}>see what changed since</a>.
      </p>
      {canEdit ? (
        <form method="post" action={`/wiki/${page.slug}/restore`} class="inline-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="revision" value={String(revision.number)} />
          <button type="submit" class="button-small">
            Restore revision {revision.number}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function EditHint({ page, ctx }: { page: WikiPage; ctx: PageContext }) {
  if (page.protected) return <p class="hint">This page is protected: only organizers, moderators and admins can edit it.</p>;
  if (!ctx.user) {
    return (
      <p class="hint">
        Members can edit this page. <a href={`/login?next=${encodeURIComponent(`/wiki/${page.slug}/edit`)}`}>Sign in</a> or{' '}
        <a href="/signup">join</a> to add to it.
      </p>
    );
  }
  return <p class="hint">Your account cannot edit the wiki.</p>;
}

function ProtectForm({ page, ctx }: { page: WikiPage; ctx: PageContext }) {
  return (
    <form method="post" action={`/wiki/${page.slug}/protect`} class="wiki-protect">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="protected" value={page.protected ? '0' : '1'} />
      <button type="submit" class="button-small button-secondary">
        {page.protected ? 'Remove protection' : 'Protect page'}
      </button>{' '}
      <span class="hint">
        {page.protected ? 'Members cannot edit it now.' : 'Protected pages can be edited only by organizers, moderators and admins.'}
      </span>
    </form>
  );
}
