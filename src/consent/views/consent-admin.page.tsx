import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../../web/components/forms.tsx';
import { RadioGroup, SelectField, TextAreaField } from '../../chats/forms/form-controls.tsx';
import { LocalTime } from '../../web/components/time.tsx';
import { plural } from '../../web/plural.ts';
import type { ConsentOverview, PendingRequestView } from '../consent.service.ts';
import { MODE_LABEL, MODE_OPTIONS, NETWORK_OPTIONS } from './consent-labels.ts';

export interface ForgetFormState {
  values: { author?: string; network?: string; mode?: string; requestedBy?: string; reason?: string };
  errors: Record<string, string>;
}

/** `/admin/consent`: requests from members, forgetting any author, and the log. */
export function ConsentAdminPage({ ctx, overview, form, notice }: { ctx: PageContext; overview: ConsentOverview; form: ForgetFormState; notice: string | null }) {
  return (
    <>
      <h1>Consent: removing people’s posts</h1>
      <p class="lead">
        Anyone may ask to leave the archives. Removing deletes their posts everywhere (transcripts, search, exports, the live replay); anonymising keeps the words and
        drops the name. Both are final and logged.
      </p>
      {notice ? (
        <div class="notice notice-info" role="status">
          {notice}
        </div>
      ) : null}
      <section aria-labelledby="consent-pending">
        <h2 id="consent-pending">Requests waiting ({overview.pending.length})</h2>
        {overview.pending.length === 0 ? <p class="empty">No one is waiting.</p> : <ul class="consent-requests">{overview.pending.map((r) => <PendingRequest ctx={ctx} request={r} />)}</ul>}
      </section>
      <section aria-labelledby="consent-forget">
        <h2 id="consent-forget">Forget an author</h2>
        <p>For people who asked another way (e-mail, in person), or whose posts came in an import.</p>
        <ErrorSummary message={Object.keys(form.errors).length > 0 ? 'Please correct the marked fields.' : null} />
        <form method="post" action="/admin/consent/forget" class="stack narrow">
          <CsrfField token={ctx.csrfToken} />
          <Field label="Author" name="author" value={form.values.author ?? ''} required error={form.errors.author} hint="dana, @kim@museum.social, dana.bsky.social, or a profile address" />
          <SelectField label="Network" name="network" value={form.values.network ?? 'any'} options={NETWORK_OPTIONS} error={form.errors.network} />
          <RadioGroup legend="What to do" name="mode" value={form.values.mode ?? 'remove'} options={MODE_OPTIONS} error={form.errors.mode} />
          <Field label="Who asked, and how" name="requestedBy" value={form.values.requestedBy ?? ''} required error={form.errors.requestedBy} hint="For the log, e.g. “Dana Okafor, by e-mail on 3 May”" />
          <TextAreaField label="Notes (optional)" name="reason" value={form.values.reason ?? ''} error={form.errors.reason} rows={3} />
          <button type="submit" class="button">
            Review before forgetting
          </button>
        </form>
      </section>
      <section aria-labelledby="consent-log">
        <h2 id="consent-log">Log</h2>
        {overview.log.length === 0 ? (
          <p class="empty">Nothing has been removed yet.</p>
        ) : (
          <div class="table-scroll">
            <table class="consent-log">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Author</th>
                  <th scope="col">Done</th>
                  <th scope="col">Posts</th>
                  <th scope="col">Asked by</th>
                  <th scope="col">Carried out by</th>
                </tr>
              </thead>
              <tbody>
                {overview.log.map((entry) => (
                  <tr>
                    <td>
                      <LocalTime at={entry.createdAt} zone="UTC" readerZone={ctx.readerZone} />
                    </td>
                    <td>
                      @{entry.authorHandle} ({entry.authorNetwork})
                    </td>
                    <td>{entry.mode === 'remove' ? 'removed' : 'anonymised'}</td>
                    <td>
                      {entry.postCount}
                      {entry.boostCount > 0 ? ` (+${plural(entry.boostCount, 'boost')} by others)` : ''}
                    </td>
                    <td>{entry.requestedBy}</td>
                    <td>
                      {entry.performedBy} ({entry.via})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function PendingRequest({ ctx, request }: { ctx: PageContext; request: PendingRequestView }) {
  const posts = request.authors.reduce((sum, a) => sum + a.posts, 0);
  const headingId = `request-${request.id}`;
  return (
    <li class="consent-request">
      <h3 id={headingId}>
        @{request.handle}, <LocalTime at={request.createdAt} zone="UTC" readerZone={ctx.readerZone} style="date" />
      </h3>
      <p>
        Asks to: <strong>{MODE_LABEL[request.mode].toLowerCase()}</strong>. Archived: {posts} {posts === 1 ? 'post' : 'posts'}
        {request.authors.length > 0 ? ` (${request.authors.map((a) => `@${a.handle} on ${a.network}`).join(', ')})` : ''}.
      </p>
      {request.reason ? <blockquote class="consent-reason">{request.reason}</blockquote> : null}
      <div class="consent-actions">
        <form method="post" action={`/admin/consent/requests/${request.id}`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="action" value="carry-out" />
          <fieldset class="radio-group">
            <legend>Carry out for @{request.handle}</legend>
            <div class="radio-options">
              {(['remove', 'anonymise'] as const).map((mode) => (
                <label class="radio-option">
                  <input type="radio" name="mode" value={mode} checked={mode === request.mode} /> {MODE_LABEL[mode]}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" class="button">
            Carry out
          </button>
        </form>
        <form method="post" action={`/admin/consent/requests/${request.id}`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="action" value="decline" />
          <div class="field">
            <label for={`decline-note-${request.id}`}>Why decline @{request.handle}’s request?</label>
            <textarea id={`decline-note-${request.id}`} name="note" rows={2} maxLength={2000} required></textarea>
          </div>
          <button type="submit" class="button button-secondary">
            Decline
          </button>
        </form>
      </div>
    </li>
  );
}
