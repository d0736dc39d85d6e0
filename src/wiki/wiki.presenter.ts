import type { WikiPage, WikiRevisionSummary } from './wiki.repository.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const authorOf = (r: WikiRevisionSummary) => (r.authorHandle === null ? null : { handle: r.authorHandle, displayName: r.authorName ?? r.authorHandle });

/** The one JSON shape of a wiki page. */
export function presentWikiPage(page: WikiPage, baseUrl: string) {
  return {
    slug: page.slug,
    title: page.title,
    body: page.current.body,
    revision: page.current.number,
    protected: page.protected === 1,
    updatedBy: authorOf(page.current),
    createdAt: iso(page.createdAt),
    updatedAt: iso(page.updatedAt),
    url: `${baseUrl}/wiki/${page.slug}`,
    historyUrl: `${baseUrl}/wiki/${page.slug}/history`,
  };
}

export function presentWikiRevision(slug: string, revision: WikiRevisionSummary, baseUrl: string) {
  return {
    number: revision.number,
    title: revision.title,
    summary: revision.summary,
    author: authorOf(revision),
    createdAt: iso(revision.createdAt),
    restoredFrom: revision.restoredFrom,
    url: `${baseUrl}/wiki/${slug}/revisions/${revision.number}`,
  };
}
