import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/components/forms.tsx';
import type { WikiPage, WikiRevisionSummary } from '../wiki.repository.ts';
import { AuthorName, RevisionTime } from './wiki-meta.tsx';

/**
 * Every revision, newest first. The compare radios belong to a GET form
 * outside the table (through the `form` attribute), so each row can hold
 * its own POST form for restoring: forms cannot nest.
 */
export function WikiHistoryPage({ ctx, page, revisions, canEdit }: { ctx: PageContext; page: WikiPage; revisions: WikiRevisionSummary[]; canEdit: boolean }) {
  const current = page.current.number;
  const defaultFrom = Math.max(1, current - 1);
  const compare = 'compare-revisions';
  return (
    <section class="wiki-history">
      <p class="wiki-breadcrumb">
        <a href="/wiki">Wiki</a> › <a href={`/wiki/${page.slug}`}>{page.title}</a>
      </p>
      <h1>History of “{page.title}”</h1>
      <p class="lead">
        {revisions.length === 1 ? 'One revision' : `${revisions.length} revisions`}. Pick two to compare{canEdit ? ', or restore an older one: restoring saves a copy of it as a new revision' : ''}.
      </p>
      <form method="get" action={`/wiki/${page.slug}/diff`} id={compare} class="wiki-compare-form">
        <button type="submit" class="button-small">
          Compare selected revisions
        </button>
      </form>
      <div class="table-scroll">
        <table class="wiki-revisions">
          <caption class="visually-hidden">Revisions of {page.title}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Revision</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Summary</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((revision) => (
              <tr aria-current={revision.number === current ? 'true' : undefined}>
                <td>
                  <input
                    type="radio"
                    form={compare}
                    name="from"
                    value={String(revision.number)}
                    id={`from-${revision.number}`}
                    checked={revision.number === defaultFrom}
                    aria-label={`Compare from revision ${revision.number}`}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    form={compare}
                    name="to"
                    value={String(revision.number)}
                    id={`to-${revision.number}`}
                    checked={revision.number === current}
                    aria-label={`Compare to revision ${revision.number}`}
                  />
                </td>
                <th scope="row">
                  <a href={`/wiki/${page.slug}/revisions/${revision.number}`}>{revision.number}</a>
                  {revision.number === current ? <span class="wiki-current"> (current)</span> : null}
                </th>
                <td>
                  <RevisionTime revision={revision} ctx={ctx} />
                </td>
                <td>
                  <AuthorName revision={revision} />
                </td>
                <td>
                  {revision.summary || <span class="hint">No summary</span>}
                  {revision.restoredFrom !== null && !revision.summary.includes('Restored') ? <span class="hint"> (restored from {revision.restoredFrom})</span> : null}
                </td>
                <td class="wiki-row-actions">
                  {revision.number > 1 ? (
                    <a href={`/wiki/${page.slug}/diff?from=${revision.number - 1}&to=${revision.number}`}>
                      Changes<span class="visually-hidden"> in revision {revision.number}</span>
                    </a>
                  ) : null}
                  {canEdit && revision.number !== current ? (
                    <form method="post" action={`/wiki/${page.slug}/restore`} class="inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <input type="hidden" name="revision" value={String(revision.number)} />
                      <button type="submit" class="button-small button-secondary">
                        Restore<span class="visually-hidden"> revision {revision.number}</span>
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
