import { iso } from '../chats/chat.presenter.ts';
import type { Attendee } from './attendee-list.ts';
import type { MyRsvp, PlacesSummary, RsvpSummary } from './rsvp-summary.ts';

/** The JSON shapes of RSVPs, shared by the API and the CSV export's column choice. */

export function presentPlaces(places: PlacesSummary) {
  const { capacity, mode, question, open, taken, left, waitlisted, applied } = places;
  return { capacity, mode, question, open, taken, left, waitlisted, applied };
}

export function presentSummary(summary: RsvpSummary) {
  return { kind: summary.kind, places: summary.places && presentPlaces(summary.places), online: summary.online };
}

export function presentMine(mine: MyRsvp | null) {
  if (!mine) return null;
  return {
    status: mine.status,
    attendance: mine.attendance,
    answer: mine.answer,
    waitlistPosition: mine.waitlistPosition,
    createdAt: iso(mine.createdAt),
    updatedAt: iso(mine.updatedAt),
  };
}

export function presentAttendee(attendee: Attendee) {
  return {
    handle: attendee.handle,
    displayName: attendee.displayName,
    status: attendee.status,
    attendance: attendee.attendance,
    answer: attendee.answer,
    waitlistPosition: attendee.waitlistPosition,
    createdAt: iso(attendee.createdAt),
    updatedAt: iso(attendee.updatedAt),
    decidedBy: attendee.decidedByHandle,
    decidedAt: attendee.decidedAt === null ? null : iso(attendee.decidedAt),
  };
}
