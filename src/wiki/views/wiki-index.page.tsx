import type { PageContext } from '../../web/context.ts';
import { LocalTime } from '../../web/components/time.tsx';
import type { WikiPageListItem } from '../wiki.repository.ts';
import { ProtectedBadge, WIKI_ZONE } from './wiki-meta.tsx';

export function WikiIndexPage({ ctx, pages, canCreate }: { ctx: PageContext; pages: WikiPageListItem[]; canCreate: boolean }) {
  return (
    <>
      <header class="wiki-index-header">
        <h1>Wiki</h1>
        {canCreate ? (
          <a class="button" href="/wiki/new">
            New page
          </a>
        ) : null}
      </header>
      <p class="lead">Resources, guides and notes the community writes together. Every change is kept in each page’s history.</p>
      {!ctx.user ? (
        <p class="hint">
          <a href="/login?next=%2Fwiki">Sign in</a> or <a href="/signup">join</a> to edit pages.
        </p>
      ) : null}
      <h2 class="section-heading">Recently changed</h2>
      {pages.length === 0 ? (
        <p class="empty">No pages yet.</p>
      ) : (
        <ul class="wiki-index">
          {pages.map((page) => (
            <li>
              <a class="wiki-index-title" href={`/wiki/${page.slug}`}>
                {page.title}
              </a>{' '}
              {page.protected ? <ProtectedBadge /> : null}
              <span class="wiki-meta">
                Revision {page.revision}, <LocalTime at={page.updatedAt} zone={WIKI_ZONE} readerZone={ctx.readerZone} />
                {page.authorHandle ? <> by @{page.authorHandle}</> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
