import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../../../web/components/forms.tsx';
import { LocalTime } from '../../../web/components/time.tsx';
import type { ImportOutcome, ImportReport } from '../import.service.ts';
import { MAX_ICS_BYTES } from '../import.schema.ts';
import { ScrollingTable } from '../../../web/components/tables.tsx';
import { plural } from '../../../web/plural.ts';

export interface ImportFormState {
  hashtag: string;
  error?: string | null;
  fieldErrors?: { file?: string; hashtag?: string };
}

export function ImportFormPage({ ctx, form }: { ctx: PageContext; form: ImportFormState }) {
  const fileError = form.fieldErrors?.file;
  return (
    <section class="narrow">
      <h1>Import chats from a calendar</h1>
      <p class="lead">Upload an .ics file exported from Google Calendar, Outlook, Apple Calendar or Meetup: each event becomes a chat that you organize.</p>
      <ErrorSummary message={form.error} />
      <form method="post" action="/chats/import" enctype="multipart/form-data" class="stack">
        <CsrfField token={ctx.csrfToken} />
        <div class={fileError ? 'field field-invalid' : 'field'}>
          <label for="field-file">Calendar file (.ics)</label>
          <p class="hint" id="field-file-hint">
            At most {Math.round(MAX_ICS_BYTES / 1024 / 1024)} MB. Importing the same file again only adds events that are new.
          </p>
          {fileError ? (
            <p class="field-error" id="field-file-error">
              {fileError}
            </p>
          ) : null}
          <input
            id="field-file"
            name="file"
            type="file"
            accept=".ics,text/calendar"
            required
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={fileError ? 'field-file-hint field-file-error' : 'field-file-hint'}
          />
        </div>
        <Field
          label="Hashtag for imported chats"
          name="hashtag"
          value={form.hashtag}
          hint="Given to events whose title and description have no #hashtag; needed when there are such events."
          error={form.fieldErrors?.hashtag ?? null}
          maxLength={61}
        />
        <button type="submit" class="button">
          Import
        </button>
      </form>
      <h2>What gets imported</h2>
      <ul>
        <li>Each event becomes a scheduled chat in the event’s own time zone, with its title, description and place.</li>
        <li>A recurring event becomes one chat: its first occurrence. Changes to later occurrences are skipped.</li>
        <li>All-day and cancelled events are skipped, and so are events imported before.</li>
        <li>Events that cannot be read are listed with the line of the file where the problem is.</li>
      </ul>
    </section>
  );
}

const OUTCOME_LABEL = { created: 'Created', skipped: 'Skipped', rejected: 'Rejected' } as const;

export function ImportReportPage({ ctx, report }: { ctx: PageContext; report: ImportReport }) {
  return (
    <section>
      <h1>Import finished</h1>
      <p class={report.created > 0 ? 'notice notice-success' : 'notice notice-info'} role="status">
        Created {plural(report.created, 'chat')}, skipped {plural(report.skipped, 'event')}, rejected {plural(report.rejected, 'event')}.
      </p>
      <h2 id="import-events">Events in the file</h2>
      <ScrollingTable labelledBy="import-events" class="import-report" columns={['Line', 'Event', 'Result', 'Details']}>
        {report.events.map((event) => (
          <ReportRow ctx={ctx} event={event} />
        ))}
      </ScrollingTable>
      <p class="import-actions">
        <a href="/chats">See upcoming chats</a> · <a href="/chats/import">Import another file</a>
      </p>
    </section>
  );
}

function ReportRow({ ctx, event }: { ctx: PageContext; event: ImportOutcome }) {
  const title = event.title || '(no title)';
  return (
    <tr>
      <td>{event.line}</td>
      <td>
        {event.chat ? <a href={`/chats/${event.chat.slug}`}>{title}</a> : title}
        {event.chat ? (
          <>
            <br />
            <LocalTime at={event.chat.startsAt} zone={event.chat.timeZone} readerZone={ctx.readerZone} />
          </>
        ) : null}
      </td>
      <td>
        <span class={`badge badge-${event.outcome}`}>{OUTCOME_LABEL[event.outcome]}</span>
      </td>
      <td>{[event.reason, ...event.notes].filter(Boolean).join('; ')}</td>
    </tr>
  );
}
