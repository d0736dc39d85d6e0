import type { PageContext } from '../../web/context.ts';
import type { User } from '../../db/schema.ts';
import type { ConsentRequestRow } from '../consent-log.repository.ts';
import { ErrorSummary } from '../../web/components/forms.tsx';
import { ConsentRequestSection, type ConsentFormState } from './consent-request-form.tsx';

/** The request form on a page of its own: where it comes back with errors, and a link for people without a session on the profile. */
export function ConsentRequestPage({ ctx, user, pending, form }: { ctx: PageContext; user: User; pending: ConsentRequestRow | null; form: ConsentFormState }) {
  const own = ctx.user?.id === user.id;
  return (
    <>
      <p class="wiki-breadcrumb">
        <a href={`/@${user.handle}`}>{user.displayName}</a>
      </p>
      <ErrorSummary message={Object.keys(form.errors).length > 0 ? 'Please correct the marked field.' : null} />
      {own ? (
        <ConsentRequestSection ctx={ctx} user={user} pending={pending} form={form} standalone />
      ) : (
        <>
          <h1>Remove posts from the archives</h1>
          <p>Only @{user.handle} can ask for their own posts to be removed. Sign in as @{user.handle}, or write to the admins if you cannot.</p>
        </>
      )}
    </>
  );
}
