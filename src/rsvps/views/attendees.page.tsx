import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../../web/components/forms.tsx';
import { LocalTime } from '../../web/components/time.tsx';
import type { Attendee } from '../attendee-list.ts';
import type { PlacesSummary, RsvpSummary } from '../rsvp-summary.ts';
import { QUESTION_MAX_LENGTH, type Decision } from '../rsvp-rules.ts';
import type { RsvpStatus } from '../rsvps.tables.ts';
import { MODE_LABEL, STATUS_LABEL } from './rsvp-labels.ts';
import { TextArea } from './text-area.tsx';
import { plural } from '../../web/plural.ts';

export interface SettingsForm {
  values: { capacity: string; mode: string; question: string; open: boolean };
  fieldErrors?: Record<string, string>;
}

export interface AttendeesView {
  chat: ChatDetails;
  summary: RsvpSummary;
  attendees: Attendee[];
  /** Set when a form came back with an error. */
  error?: string | null;
  settings?: SettingsForm;
  /** A confirmation after a successful change. */
  notice?: string | null;
}

/** /chats/SLUG/attendees: place settings, the list with decisions, and the CSV export. For organizers, hosts, moderators, admins. */
export function AttendeesPage({ ctx, view }: { ctx: PageContext; view: AttendeesView }) {
  const { chat, summary } = view;
  return (
    <article>
      <p>
        <a href={`/chats/${chat.slug}`}>← {chat.title}</a>
      </p>
      <h1>Attendees</h1>
      <ErrorSummary message={view.error} />
      {view.notice ? (
        <div class="notice notice-success" role="status">
          {view.notice}
        </div>
      ) : null}
      <SummaryLine summary={summary} />
      {summary.places ? (
        <SettingsSection ctx={ctx} chat={chat} places={summary.places} form={view.settings} />
      ) : (
        <p class="hint">This chat is online only, so it has no places to hand out; members answer going or interested.</p>
      )}
      <section aria-labelledby="attendee-list">
        <div class="section-heading">
          <h2 id="attendee-list">Who answered ({view.attendees.length})</h2>
          <a href={`/chats/${chat.slug}/attendees.csv`} download>
            Download as CSV
          </a>
        </div>
        {view.attendees.length === 0 ? <p class="empty">Nobody has answered yet.</p> : <AttendeeTable ctx={ctx} chat={chat} attendees={view.attendees} />}
      </section>
    </article>
  );
}

function SummaryLine({ summary }: { summary: RsvpSummary }) {
  const parts: string[] = [];
  const { places, online } = summary;
  if (places) {
    parts.push(places.capacity === null ? `${places.taken} coming in person (no limit)` : `${places.taken} of ${plural(places.capacity, 'place', 'places')} taken`);
    parts.push(`${places.waitlisted} on the waitlist`);
    if (places.applied > 0 || places.mode === 'application') parts.push(plural(places.applied, 'request', 'requests') + ' to decide');
  }
  if (online) parts.push(`${online.going} going${places ? ' online' : ''}`, `${online.interested} interested`);
  return <p class="lead">{parts.join(' · ')}</p>;
}

function SettingsSection({ ctx, chat, places, form }: { ctx: PageContext; chat: ChatDetails; places: PlacesSummary; form: SettingsForm | undefined }) {
  const values = form?.values ?? { capacity: places.capacity === null ? '' : String(places.capacity), mode: places.mode, question: places.question ?? '', open: places.open };
  const errors = form?.fieldErrors ?? {};
  return (
    <section aria-labelledby="place-settings">
      <h2 id="place-settings">Places at the venue</h2>
      <form method="post" action={`/chats/${chat.slug}/attendees/places`} class="stack place-settings">
        <CsrfField token={ctx.csrfToken} />
        <Field
          label="Capacity"
          name="capacity"
          type="number"
          value={values.capacity}
          hint="How many people the venue takes. Empty for no limit. Lowering it takes nobody’s place away; raising it gives places to the waitlist."
          error={errors.capacity}
        />
        <fieldset class={errors.mode ? 'field field-invalid' : 'field'}>
          <legend>How places are given</legend>
          {errors.mode ? <p class="field-error">{errors.mode}</p> : null}
          {(['first_come', 'application'] as const).map((mode) => (
            <label class="choice">
              <input type="radio" name="mode" value={mode} checked={values.mode === mode} />
              <span>
                <strong>{MODE_LABEL[mode]}</strong>
                <span class="hint">
                  {mode === 'first_come'
                    ? ' — places go in order, then a waitlist; a freed place goes to the next in line automatically.'
                    : ' — people ask for a place; you accept, decline or waitlist each request.'}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <TextArea
          label="Question for people asking for a place (optional)"
          name="question"
          value={values.question}
          hint="For example: “Which museum do you work for?” Everyone asking for a place must answer it."
          error={errors.question}
          maxLength={QUESTION_MAX_LENGTH}
        />
        <label class="choice">
          <input type="checkbox" name="open" value="1" checked={values.open} />
          <span>Accept new requests for places</span>
        </label>
        <div>
          <button type="submit">Save place settings</button>
        </div>
      </form>
    </section>
  );
}

/** Which decisions make sense from each status (the service enforces the same). */
const ACTIONS: Partial<Record<RsvpStatus, Decision[]>> = {
  applied: ['accept', 'waitlist', 'decline'],
  waitlisted: ['accept', 'decline'],
  declined: ['accept', 'waitlist'],
  confirmed: ['decline'],
  accepted: ['decline'],
};

const DECISION_LABEL: Record<Decision, string> = { accept: 'Accept', decline: 'Decline', waitlist: 'Waitlist' };

function AttendeeTable({ ctx, chat, attendees }: { ctx: PageContext; chat: ChatDetails; attendees: Attendee[] }) {
  return (
    <div class="attendees-scroll">
      <table class="attendees">
        <caption class="visually-hidden">People who answered, with their status and the decisions you can take</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Status</th>
            <th scope="col">Answer</th>
            <th scope="col">Since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {attendees.map((a) => (
            <tr>
              <th scope="row">
                <a href={`/@${a.handle}`}>@{a.handle}</a>
                <span class="hint attendee-name">{a.displayName}</span>
              </th>
              <td>
                <span class={`badge rsvp-badge rsvp-${a.status}`}>{STATUS_LABEL[a.status]}</span>
                {a.waitlistPosition !== null ? <span class="hint"> #{a.waitlistPosition}</span> : null}
                {a.decidedByHandle ? <span class="hint attendee-decider">by @{a.decidedByHandle}</span> : null}
              </td>
              <td class="attendee-answer">{a.answer ?? ''}</td>
              <td>
                <LocalTime at={a.updatedAt} zone={chat.timeZone} readerZone={ctx.readerZone} />
              </td>
              <td>
                {(ACTIONS[a.status] ?? []).length > 0 ? (
                  <form method="post" action={`/chats/${chat.slug}/attendees/${a.handle}/decision`} class="decision-buttons">
                    <CsrfField token={ctx.csrfToken} />
                    {(ACTIONS[a.status] ?? []).map((decision) => (
                      <button type="submit" name="decision" value={decision} class={decision === 'accept' ? 'button-small' : 'button-small button-secondary'}>
                        {DECISION_LABEL[decision]}
                        <span class="visually-hidden"> @{a.handle}</span>
                      </button>
                    ))}
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
