import type { PageContext } from '../../web/context.ts';

/** /wiki/SLUG for a page nobody has written yet: where "new page" links lead. */
export function WikiMissingPage({ ctx, slug, title, canCreate }: { ctx: PageContext; slug: string; title: string; canCreate: boolean }) {
  const createHref = `/wiki/new?title=${encodeURIComponent(title)}`;
  return (
    <section class="wiki-missing">
      <p class="wiki-breadcrumb">
        <a href="/wiki">Wiki</a>
      </p>
      <h1>“{title}” has not been written yet</h1>
      <p class="lead">There is no wiki page at /wiki/{slug}.</p>
      {canCreate ? (
        <p>
          <a class="button" href={createHref}>
            Create “{title}”
          </a>
        </p>
      ) : ctx.user ? (
        <p>Your account cannot edit the wiki.</p>
      ) : (
        <p>
          <a href={`/login?next=${encodeURIComponent(createHref)}`}>Sign in</a> or <a href="/signup">join</a> to create it.
        </p>
      )}
      <p>
        <a href="/wiki">All wiki pages</a>
      </p>
    </section>
  );
}
