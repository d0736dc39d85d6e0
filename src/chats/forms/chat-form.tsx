import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../../web/components/forms.tsx';
import type { ChatFormValues, FormField } from './chat-form.parse.ts';
import type { FormProblem } from './chat-form.errors.ts';
import { NumberField, RadioGroup, SelectField, TextAreaField } from './form-controls.tsx';
import { TimeZoneSelect } from './time-zone-select.tsx';

export interface ChatFormView {
  mode: 'create' | 'edit';
  values: ChatFormValues;
  /** Edit mode: the chat's current slug (the form may change it). */
  slug?: string;
  title?: string;
  problem?: FormProblem | null;
}

const KINDS = [
  { value: 'online', label: 'Online' },
  { value: 'in_person', label: 'In person' },
  { value: 'hybrid', label: 'Hybrid (in person and online)' },
];

const STATUSES = [
  { value: 'draft', label: 'Draft — only you, the hosts and admins can see it' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'live', label: 'Live' },
  { value: 'ended', label: 'Ended' },
];

const REPEATS = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'weekly', label: 'Weekly (every N weeks)' },
  { value: 'monthly', label: 'Monthly, on the same weekday (e.g. second Tuesday)' },
];

const ORDINALS = [
  { value: '', label: 'As on the first date' },
  { value: '1', label: 'First' },
  { value: '2', label: 'Second' },
  { value: '3', label: 'Third' },
  { value: '4', label: 'Fourth' },
  { value: '-1', label: 'Last' },
];

export function ChatFormPage({ ctx, view }: { ctx: PageContext; view: ChatFormView }) {
  const v = view.values;
  const error = (field: FormField) => (view.problem?.field === field ? view.problem.message : undefined);
  const summary = view.problem ? (view.problem.field ? 'Please correct the marked field.' : view.problem.message) : null;
  const action = view.mode === 'create' ? '/chats/new' : `/chats/${view.slug}/edit`;
  return (
    <section class="chat-form-page">
      <h1>{view.mode === 'create' ? 'Schedule a chat' : `Edit “${view.title}”`}</h1>
      <ErrorSummary message={summary} />
      <form method="post" action={action} class="stack chat-form" data-timezone-field="">
        <CsrfField token={ctx.csrfToken} />
        <Field label="Title" name="title" value={v.title} required maxLength={200} error={error('title')} />
        <Field
          label="Hashtags"
          name="hashtags"
          value={v.hashtags}
          required
          hint="One or more, separated by spaces or commas, e.g. #musesocial #museumchat. The first is the chat’s main tag."
          error={error('hashtags')}
        />

        <fieldset class="form-section">
          <legend>When</legend>
          <TimeZoneSelect
            label="Time zone"
            value={v.timeZone}
            emptyLabel="Choose a time zone…"
            required
            hint="The start and end below are wall-clock times in this zone. Readers see them converted to their own."
            error={error('timeZone')}
          />
          <div class="field-row">
            <Field label="Starts" name="startsAt" type="datetime-local" value={v.startsAt} required hint="e.g. 2026-03-10T15:00" error={error('startsAt')} />
            <Field label="Ends" name="endsAt" type="datetime-local" value={v.endsAt} required hint="Must be after the start." error={error('endsAt')} />
          </div>
        </fieldset>

        <RadioGroup legend="Format" name="kind" value={v.kind || 'online'} options={KINDS} error={error('kind')} />
        <fieldset class="form-section venue-fields">
          <legend>Venue</legend>
          <p class="hint">Required for in-person and hybrid chats.</p>
          <Field label="Venue name" name="venueName" value={v.venueName} maxLength={200} error={error('venueName')} />
          <Field label="Address" name="venueAddress" value={v.venueAddress} maxLength={500} error={error('venueAddress')} />
          <TextAreaField label="Notes for people coming" name="venueNotes" value={v.venueNotes} rows={2} hint="Entrance, accessibility, Wi-Fi…" error={error('venueNotes')} />
        </fieldset>

        <TextAreaField
          label="Background"
          name="background"
          value={v.background}
          rows={6}
          hint="Markdown: **bold**, _italic_, [link text](https://…), lists with -. HTML is shown as text."
          error={error('background')}
        />
        <TextAreaField
          label="Hosts"
          name="hosts"
          value={v.hosts}
          rows={2}
          hint="One per line or separated by commas: @handle for accounts here, @name@server for the fediverse, @name for elsewhere."
          error={error('hosts')}
        />
        <TextAreaField
          label="Questions"
          name="questions"
          value={v.questions}
          rows={6}
          hint={
            <>
              One question per line; they are numbered Q1, Q2… in order. To plan when a question goes out, start the line with the minutes after the start:{' '}
              <code>+15 What do you post?</code> or <code>[15] What do you post?</code>
            </>
          }
          error={error('questions')}
        />
        <TextAreaField
          label="Links"
          name="links"
          value={v.links}
          rows={3}
          hint={
            <>
              One per line: <code>Label | https://…</code> (e.g. an archive elsewhere).
            </>
          }
          error={error('links')}
        />
        <SelectField label="Status" name="status" value={v.status || 'scheduled'} options={STATUSES} error={error('status')} />

        {view.mode === 'create' ? (
          <div class="form-section repeat-fields">
            <RadioGroup legend="Repeat" name="repeat" value={v.repeat || 'none'} options={REPEATS} error={error('repeat')} />
            <div class="field-row repeat-options">
              <NumberField label="Every (weeks or months)" name="repeatInterval" value={v.repeatInterval} min={1} max={12} error={error('repeatInterval')} />
              <SelectField label="Which weekday of the month" name="repeatOrdinal" value={v.repeatOrdinal} options={ORDINALS} error={error('repeatOrdinal')} />
              <NumberField label="Number of dates (2–52)" name="repeatCount" value={v.repeatCount} min={2} max={52} error={error('repeatCount')} />
            </div>
            <p class="hint">Each date becomes its own chat with its own page, at the same local time; editing one date later leaves the others alone.</p>
          </div>
        ) : null}

        <Field
          label={view.mode === 'create' ? 'Web address (optional)' : 'Web address'}
          name="slug"
          value={v.slug}
          maxLength={80}
          hint={view.mode === 'create' ? 'Lower-case words joined by hyphens. Left empty, it is made from the title and date.' : 'Changing it breaks links people already shared.'}
          error={error('slug')}
        />
        <p class="form-actions">
          <button type="submit" class="button">
            {view.mode === 'create' ? 'Schedule chat' : 'Save changes'}
          </button>{' '}
          <a href={view.mode === 'create' ? '/chats' : `/chats/${view.slug}`}>Cancel</a>
        </p>
      </form>
    </section>
  );
}
