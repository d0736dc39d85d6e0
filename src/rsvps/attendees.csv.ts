import { stringify } from 'csv-stringify/sync';
import type { Attendee } from './attendee-list.ts';
import { presentAttendee } from './rsvp.presenter.ts';
import { STATUS_LABEL } from './views/rsvp-labels.ts';

const COLUMNS = [
  { key: 'handle', header: 'handle' },
  { key: 'displayName', header: 'display_name' },
  { key: 'status', header: 'status' },
  { key: 'statusLabel', header: 'status_label' },
  { key: 'attendance', header: 'attendance' },
  { key: 'waitlistPosition', header: 'waitlist_position' },
  { key: 'answer', header: 'answer' },
  { key: 'createdAt', header: 'created_at' },
  { key: 'updatedAt', header: 'updated_at' },
  { key: 'decidedBy', header: 'decided_by' },
  { key: 'decidedAt', header: 'decided_at' },
];

/**
 * The attendee list as CSV, in the API's shape (one presenter for both).
 * Names and answers are typed by members: a cell starting with = + - @
 * would run as a formula in a spreadsheet, so csv-stringify's
 * `escape_formulas` prefixes those with a quote.
 */
export function attendeesCsv(attendees: Attendee[]): string {
  const records = attendees.map((a) => ({ ...presentAttendee(a), statusLabel: STATUS_LABEL[a.status] }));
  return stringify(records, { header: true, columns: COLUMNS, escape_formulas: true, bom: true });
}
