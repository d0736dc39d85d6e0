import type { PageContext } from '../../web/context.ts';
import type { User } from '../../db/schema.ts';
import { CsrfField } from '../../web/components/forms.tsx';
import { RadioGroup, TextAreaField } from '../../chats/forms/form-controls.tsx';
import { LocalTime } from '../../web/components/time.tsx';
import type { ConsentRequestRow } from '../consent-log.repository.ts';
import { MODE_LABEL, MODE_OPTIONS } from './consent-labels.ts';
import { REASON_MAX } from '../consent.service.ts';

export interface ConsentFormState {
  values: { mode?: string; reason?: string };
  errors: Record<string, string>;
}

/** On a member's own profile: ask for their posts to leave the archives, or see that they asked. */
export function ConsentRequestSection(props: { ctx: PageContext; user: User; pending: ConsentRequestRow | null; form?: ConsentFormState; standalone?: boolean }) {
  const { ctx, user, pending, form } = props;
  const Heading = props.standalone ? 'h1' : 'h2';
  return (
    <section aria-labelledby="consent" class="consent-section">
      <Heading id="consent">Remove my posts from the archives</Heading>
      {pending ? (
        <p class="notice notice-info" role="status">
          You asked on <LocalTime at={pending.createdAt} zone="UTC" readerZone={ctx.readerZone} style="date" /> to {MODE_LABEL[pending.mode].toLowerCase()}. An admin will
          carry it out; the request stays here until then.
        </p>
      ) : (
        <form method="post" action={`/@${user.handle}/consent-request`} class="stack narrow">
          <CsrfField token={ctx.csrfToken} />
          <p>
            Your posts in every chat’s transcript, in search and in exports can be removed, or kept without your name. An admin carries out the request and it is
            logged.
          </p>
          <RadioGroup legend="What should happen" name="mode" value={form?.values.mode ?? 'remove'} options={MODE_OPTIONS} error={form?.errors.mode} />
          <TextAreaField label="Anything the admins should know (optional)" name="reason" value={form?.values.reason ?? ''} error={form?.errors.reason} maxLength={REASON_MAX} rows={3} hint="For example other accounts of yours whose imported posts should go too." />
          <button type="submit" class="button button-secondary">
            Ask to remove my posts
          </button>
        </form>
      )}
    </section>
  );
}
