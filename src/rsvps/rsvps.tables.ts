import type { Generated } from 'kysely';

/**
 * Row types of the RSVP tables (registered in db/schema.ts `DB`). Kept with
 * the feature so the statuses and their meaning live next to the rules.
 */

export type PlaceMode = 'first_come' | 'application';

/**
 * One status per (chat, member). Online answers: `going`, `interested`.
 * In-person places: `confirmed` (first come, got a place), `accepted` (an
 * organizer gave the place), `waitlisted`, `applied` (waiting for a
 * decision), `declined`. `cancelled` is kept rather than deleted so the
 * list shows who dropped out.
 */
export type RsvpStatus = 'going' | 'interested' | 'confirmed' | 'accepted' | 'waitlisted' | 'applied' | 'declined' | 'cancelled';

export interface ChatPlacesTable {
  chatId: number;
  /** null: as many places as people ask for. */
  capacity: number | null;
  mode: PlaceMode;
  applicationQuestion: string | null;
  /** 0 stops new requests for places; existing ones stay. */
  open: number;
  createdAt: number;
  updatedAt: number;
}

export interface RsvpsTable {
  id: Generated<number>;
  chatId: number;
  userId: number;
  status: RsvpStatus;
  /** The member's answer to the application question. */
  answer: string | null;
  /** When the member joined the waitlist: the waitlist's order. Set only while waitlisted. */
  waitlistedAt: number | null;
  /** The organizer who last decided; null for the member's own actions and automatic promotion. */
  decidedBy: number | null;
  decidedAt: number | null;
  createdAt: number;
  updatedAt: number;
}
