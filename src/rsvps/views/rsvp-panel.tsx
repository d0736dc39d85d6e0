import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary } from '../../web/components/forms.tsx';
import type { RsvpPanelView } from '../rsvp-panel.ts';
import type { MyRsvp, PlacesSummary, RsvpSummary } from '../rsvp-summary.ts';
import { ANSWER_MAX_LENGTH } from '../rsvp-rules.ts';
import { plural } from '../../web/plural.ts';
import { TextArea } from './text-area.tsx';

/** The chat page's RSVP section: counts, the reader's own status and what they can do next. Plain forms, no script needed. */
export function RsvpPanel({ ctx, chat, view }: { ctx: PageContext; chat: ChatDetails; view: RsvpPanelView }) {
  const { summary, mine } = view;
  return (
    <section class="rsvp-panel" id="rsvp" aria-labelledby="rsvp-heading">
      <h2 id="rsvp-heading">{summary.places ? 'Places and RSVPs' : 'RSVP'}</h2>
      <ErrorSummary message={view.form?.error} />
      <Counts summary={summary} />
      {summary.places ? <PlacesRule places={summary.places} /> : null}
      {mine ? <MyStatus mine={mine} summary={summary} /> : null}
      {view.canRsvp ? (
        <Actions ctx={ctx} chat={chat} view={view} />
      ) : ctx.user ? (
        <p class="hint">{view.closedReason}</p>
      ) : (
        <p>
          <a href={`/login?next=${encodeURIComponent(`/chats/${chat.slug}`)}`}>Sign in</a> to RSVP.
        </p>
      )}
      {view.canManage ? (
        <p>
          <a href={`/chats/${chat.slug}/attendees`}>Manage attendees and places</a>
        </p>
      ) : null}
    </section>
  );
}

function Counts({ summary }: { summary: RsvpSummary }) {
  const { places, online } = summary;
  return (
    <ul class="rsvp-stats">
      {places && places.left !== null ? (
        <li>
          <strong>{places.left}</strong> of {plural(places.capacity ?? 0, 'place', 'places')} left
        </li>
      ) : null}
      {places && places.left === null ? (
        <li>
          <strong>{places.taken}</strong> coming in person
        </li>
      ) : null}
      {places && (places.waitlisted > 0 || places.left === 0) ? (
        <li>
          <strong>{places.waitlisted}</strong> on the waitlist
        </li>
      ) : null}
      {places && places.mode === 'application' ? (
        <li>
          <strong>{places.applied}</strong> {places.applied === 1 ? 'application' : 'applications'} waiting
        </li>
      ) : null}
      {online ? (
        <>
          <li>
            <strong>{online.going}</strong> going{places ? ' online' : ''}
          </li>
          <li>
            <strong>{online.interested}</strong> interested
          </li>
        </>
      ) : null}
    </ul>
  );
}

function PlacesRule({ places }: { places: PlacesSummary }) {
  if (!places.open) return <p class="hint">Requests for places at the venue are closed.</p>;
  return (
    <p class="hint">
      {places.mode === 'first_come'
        ? 'Places at the venue go first come, first served. When they are gone you can join the waitlist; a freed place goes to the next person on it automatically.'
        : 'Places at the venue are given by application: the organizers read the requests and choose.'}
    </p>
  );
}

function statusSentence(mine: MyRsvp, summary: RsvpSummary): string | null {
  const hybrid = summary.kind === 'hybrid';
  switch (mine.status) {
    case 'confirmed':
      return 'You have a place at the venue.';
    case 'accepted':
      return 'Your request was accepted: you have a place at the venue.';
    case 'waitlisted':
      return `You are number ${mine.waitlistPosition} on the waitlist. ${
        summary.places?.mode === 'first_come' ? 'You will get a place automatically if one frees up.' : 'The organizers may still offer you a place.'
      }`;
    case 'applied':
      return 'You asked for a place; the organizers have not decided yet.';
    case 'declined':
      return 'The organizers declined your request for a place.';
    case 'going':
      return hybrid ? 'You are following this chat online.' : 'You are going.';
    case 'interested':
      return 'You are interested.';
    case 'cancelled':
      return 'You cancelled your RSVP.';
  }
}

function MyStatus({ mine, summary }: { mine: MyRsvp; summary: RsvpSummary }) {
  const tone = mine.status === 'declined' || mine.status === 'cancelled' ? 'notice' : mine.status === 'waitlisted' || mine.status === 'applied' ? 'notice notice-info' : 'notice notice-success';
  return (
    <div class={`${tone} rsvp-status`} role="status">
      <p>
        <strong>Your RSVP:</strong> {statusSentence(mine, summary)}
      </p>
      {mine.answer ? <p class="hint">Your answer: {mine.answer}</p> : null}
    </div>
  );
}

const CANCEL_LABEL: Partial<Record<MyRsvp['status'], string>> = {
  confirmed: 'Cancel my place',
  accepted: 'Cancel my place',
  waitlisted: 'Leave the waitlist',
  applied: 'Withdraw my request',
  going: 'Cancel RSVP',
  interested: 'Cancel RSVP',
};

function Actions({ ctx, chat, view }: { ctx: PageContext; chat: ChatDetails; view: RsvpPanelView }) {
  const { summary, mine } = view;
  const status = mine?.status ?? null;
  const claimsPlace = status === 'confirmed' || status === 'accepted' || status === 'waitlisted' || status === 'applied';
  // Someone with a claim on a place is only offered "follow online instead", whose wording says the place goes.
  const onlineChoices = summary.online ? (claimsPlace ? (['going'] as const) : (['going', 'interested'] as const).filter((r) => r !== status)) : [];
  const canAskForPlace = summary.places !== null && summary.places.open && !claimsPlace && status !== 'declined';
  const cancelLabel = status ? CANCEL_LABEL[status] : undefined;
  const action = `/chats/${chat.slug}/rsvp`;
  return (
    <div class="rsvp-actions">
      {canAskForPlace && summary.places ? <PlaceForm ctx={ctx} action={action} places={summary.places} view={view} /> : null}
      {onlineChoices.length > 0 && status !== 'declined' ? (
        <form method="post" action={action} class="rsvp-buttons">
          <CsrfField token={ctx.csrfToken} />
          {onlineChoices.map((response) => (
            <button type="submit" name="response" value={response} class={summary.places ? 'button-secondary' : undefined}>
              {response === 'going' ? (summary.places ? 'Follow online instead' : 'Going') : 'Interested'}
            </button>
          ))}
        </form>
      ) : null}
      {cancelLabel ? (
        <form method="post" action={`${action}/cancel`} class="rsvp-buttons">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button-secondary">
            {cancelLabel}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function PlaceForm({ ctx, action, places, view }: { ctx: PageContext; action: string; places: PlacesSummary; view: RsvpPanelView }) {
  const label = places.mode === 'application' ? 'Request a place' : places.left === 0 ? 'Join the waitlist' : 'Take a place';
  return (
    <form method="post" action={action} class="stack rsvp-place-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="response" value="place" />
      {places.question ? (
        <TextArea
          label={places.question}
          name="answer"
          value={view.form?.answer}
          hint="The organizers read your answer with your request."
          error={view.form?.fieldErrors?.answer}
          maxLength={ANSWER_MAX_LENGTH}
          required
        />
      ) : null}
      <div>
        <button type="submit">{label}</button>
      </div>
    </form>
  );
}
