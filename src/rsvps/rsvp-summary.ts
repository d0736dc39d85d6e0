import type { Kysely } from 'kysely';
import type { ChatKind, DB, User } from '../db/schema.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { findPlaceSettings } from './places.repository.ts';
import { attendanceOf, hasPlaces, placesLeft, type Attendance, type PlaceSettings } from './rsvp-rules.ts';
import { countByStatus, findRsvp, waitlistPosition } from './rsvps.repository.ts';
import type { RsvpStatus } from './rsvps.tables.ts';

export interface PlacesSummary extends PlaceSettings {
  taken: number;
  /** null: no limit. */
  left: number | null;
  waitlisted: number;
  applied: number;
}

/** What everyone may know about a chat's RSVPs: counts, never names. */
export interface RsvpSummary {
  kind: ChatKind;
  /** null for online chats. */
  places: PlacesSummary | null;
  /** null for in-person chats. */
  online: { going: number; interested: number } | null;
}

export interface MyRsvp {
  status: RsvpStatus;
  attendance: Attendance | null;
  answer: string | null;
  waitlistPosition: number | null;
  createdAt: number;
  updatedAt: number;
}

export async function loadSummary(db: Kysely<DB>, chat: Pick<ChatDetails, 'id' | 'kind'>): Promise<RsvpSummary> {
  const counts = await countByStatus(db, chat.id);
  const count = (status: RsvpStatus) => counts[status] ?? 0;
  let places: PlacesSummary | null = null;
  if (hasPlaces(chat.kind)) {
    const settings = await findPlaceSettings(db, chat.id);
    const taken = count('confirmed') + count('accepted');
    places = { ...settings, taken, left: placesLeft({ capacity: settings.capacity, taken }), waitlisted: count('waitlisted'), applied: count('applied') };
  }
  const online = chat.kind === 'in_person' ? null : { going: count('going'), interested: count('interested') };
  return { kind: chat.kind, places, online };
}

export async function loadMine(db: Kysely<DB>, chat: Pick<ChatDetails, 'id'>, user: User | null): Promise<MyRsvp | null> {
  if (!user) return null;
  const row = await findRsvp(db, chat.id, user.id);
  if (!row) return null;
  return {
    status: row.status,
    attendance: attendanceOf(row.status),
    answer: row.answer,
    waitlistPosition: row.status === 'waitlisted' ? await waitlistPosition(db, row) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
