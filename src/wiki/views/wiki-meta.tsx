import type { PageContext } from '../../web/context.ts';
import { LocalTime } from '../../web/components/time.tsx';
import type { WikiRevisionSummary } from '../wiki.repository.ts';

/**
 * The wiki belongs to no organizer, so times fall back to UTC on the server;
 * the client script rewrites them into the reader's zone.
 */
export const WIKI_ZONE = 'UTC';

export function AuthorName({ revision }: { revision: WikiRevisionSummary }) {
  if (revision.authorHandle === null) return <span>a former member</span>;
  return <a href={`/@${revision.authorHandle}`}>@{revision.authorHandle}</a>;
}

export function RevisionTime({ revision, ctx }: { revision: WikiRevisionSummary; ctx: PageContext }) {
  return <LocalTime at={revision.createdAt} zone={WIKI_ZONE} readerZone={ctx.readerZone} />;
}

/** "Revision 3, saved Tue 3 Mar 2026, 3:00 PM by @dana" */
export function RevisionLine({ revision, ctx, href }: { revision: WikiRevisionSummary; ctx: PageContext; href?: string }) {
  return (
    <>
      {href ? <a href={href}>Revision {revision.number}</a> : <>Revision {revision.number}</>}, saved <RevisionTime revision={revision} ctx={ctx} /> by <AuthorName revision={revision} />
      {revision.restoredFrom !== null ? ` (restored from revision ${revision.restoredFrom})` : ''}
    </>
  );
}

export function ProtectedBadge() {
  return (
    <span class="badge wiki-badge-protected" title="Only organizers, moderators and admins can edit this page">
      Protected
    </span>
  );
}
