import { attendanceOf, type Attendance } from './rsvp-rules.ts';
import type { RsvpStatus } from './rsvps.tables.ts';
import type { RsvpView } from './rsvps.repository.ts';

export interface Attendee extends RsvpView {
  attendance: Attendance | null;
  /** 1 for the head of the waitlist; null when not waitlisted. */
  waitlistPosition: number | null;
}

/** The order organizers read the list in: who is coming, who waits for a decision, who waits for a place, then the rest. */
const GROUP_ORDER: RsvpStatus[] = ['confirmed', 'accepted', 'applied', 'waitlisted', 'going', 'interested', 'declined', 'cancelled'];

export function arrangeAttendees(rows: RsvpView[]): Attendee[] {
  const waitlist = rows
    .filter((r) => r.status === 'waitlisted')
    .sort((a, b) => (a.waitlistedAt ?? 0) - (b.waitlistedAt ?? 0) || a.id - b.id);
  const positions = new Map(waitlist.map((r, index) => [r.id, index + 1]));
  const rank = (r: RsvpView) => GROUP_ORDER.indexOf(r.status);
  return rows
    .map((r) => ({ ...r, attendance: attendanceOf(r.status), waitlistPosition: positions.get(r.id) ?? null }))
    .sort((a, b) => rank(a) - rank(b) || (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0) || a.createdAt - b.createdAt || a.id - b.id);
}
