import type { PlaceMode, RsvpStatus } from '../rsvps.tables.ts';

/** Words for statuses, shared by the panel, the attendee list and the CSV export. */
export const STATUS_LABEL: Record<RsvpStatus, string> = {
  going: 'Going online',
  interested: 'Interested',
  confirmed: 'Has a place',
  accepted: 'Accepted',
  waitlisted: 'Waitlisted',
  applied: 'Applied',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

export const MODE_LABEL: Record<PlaceMode, string> = {
  first_come: 'First come, first served',
  application: 'By application',
};

