import type { ChatKind } from '../db/schema.ts';
import { conflict, invalid } from '../errors.ts';
import type { PlaceMode, RsvpStatus } from './rsvps.tables.ts';

/**
 * The RSVP rules as pure functions, so each can be tested on its own. The
 * service feeds them what it read under the chat's places lock and writes
 * back what they decide.
 *
 * A chat's kind decides what a member can answer: online chats take
 * `going` / `interested`; in-person chats take a request for a place;
 * hybrid chats take either, because their people either come to the venue
 * (a place, counted against the capacity) or follow online (no limit).
 */

export type RsvpResponse = 'going' | 'interested' | 'place';
export type Decision = 'accept' | 'decline' | 'waitlist';
export type Attendance = 'in_person' | 'online';

export interface PlaceSettings {
  /** null: no limit. */
  capacity: number | null;
  mode: PlaceMode;
  question: string | null;
  open: boolean;
}

export const DEFAULT_PLACES: PlaceSettings = { capacity: null, mode: 'first_come', question: null, open: true };

/** Settings plus how many places are taken right now (read under the lock). */
export interface PlaceState extends PlaceSettings {
  taken: number;
}

export const ANSWER_MAX_LENGTH = 2000;
export const QUESTION_MAX_LENGTH = 1000;

const ONLINE: ReadonlySet<RsvpStatus> = new Set(['going', 'interested']);
const HOLDERS: ReadonlySet<RsvpStatus> = new Set(['confirmed', 'accepted']);
/** Statuses that are a live claim on a place: asking for it again changes nothing. */
const CLAIMS: ReadonlySet<RsvpStatus> = new Set(['confirmed', 'accepted', 'waitlisted', 'applied']);

export const hasPlaces = (kind: ChatKind): boolean => kind !== 'online';
export const holdsPlace = (status: RsvpStatus | null): boolean => status !== null && HOLDERS.has(status);

export function attendanceOf(status: RsvpStatus | null): Attendance | null {
  if (status === null || status === 'cancelled') return null;
  return ONLINE.has(status) ? 'online' : 'in_person';
}

/** Places still free, or null when there is no limit. Never negative: a lowered capacity evicts nobody. */
export function placesLeft(state: { capacity: number | null; taken: number }): number | null {
  return state.capacity === null ? null : Math.max(0, state.capacity - state.taken);
}

export function checkResponse(kind: ChatKind, response: RsvpResponse): void {
  if (kind === 'online' && response === 'place') throw invalid('response', 'this chat is online only: answer "going" or "interested"');
  if (kind === 'in_person' && response !== 'place') throw invalid('response', 'this chat happens in person only: ask for a place ("place")');
}

/** Trims the answer; required when the organizers ask a question. */
export function checkAnswer(answer: string | null | undefined, question: string | null): string | null {
  const text = answer?.trim() ?? '';
  if (text.length > ANSWER_MAX_LENGTH) throw invalid('answer', `must be at most ${ANSWER_MAX_LENGTH} characters`);
  if (question !== null && text === '') throw invalid('answer', `please answer the organizers’ question: ${question}`);
  return text === '' ? null : text;
}

/** The declined stay declined until an organizer changes their mind; members cannot undo it. */
function refuseIfDeclined(current: RsvpStatus | null): void {
  if (current === 'declined') throw conflict('response', 'the organizers declined your request for a place; contact them to change it');
}

/** What a request for a place becomes; null when the member already has a claim on one. */
export function placeRequestOutcome(current: RsvpStatus | null, state: PlaceState): 'confirmed' | 'waitlisted' | 'applied' | null {
  if (current !== null && CLAIMS.has(current)) return null;
  refuseIfDeclined(current);
  if (!state.open) throw conflict('response', 'requests for places are closed');
  if (state.mode === 'application') return 'applied';
  return placesLeft(state) === 0 ? 'waitlisted' : 'confirmed';
}

/** Going / interested online; null when nothing changes. Gives up any place the member had (the service refills it). */
export function onlineOutcome(current: RsvpStatus | null, response: 'going' | 'interested'): 'going' | 'interested' | null {
  if (current === response) return null;
  refuseIfDeclined(current);
  return response;
}

/** Cancelling; null when there is nothing to cancel. A declined request is the organizers' record and stays. */
export function cancelOutcome(current: RsvpStatus | null): 'cancelled' | null {
  if (current === null || current === 'cancelled' || current === 'declined') return null;
  return 'cancelled';
}

/** An organizer's decision on someone's place. Returns the new status (possibly the same). */
export function decisionOutcome(current: RsvpStatus | null, decision: Decision, state: PlaceState): RsvpStatus {
  if (current === null || current === 'cancelled' || ONLINE.has(current)) {
    throw conflict('decision', 'this member has not asked for a place');
  }
  switch (decision) {
    case 'accept':
      if (holdsPlace(current)) return current;
      if (placesLeft(state) === 0) {
        throw conflict('decision', `no places left (${state.taken} of ${state.capacity} taken): put them on the waitlist or raise the capacity`);
      }
      return 'accepted';
    case 'decline':
      return 'declined';
    case 'waitlist':
      // Moving a holder to the waitlist would hand their place to the next in
      // line (or straight back to them); declining says what is meant.
      if (holdsPlace(current)) throw conflict('decision', 'this member already has a place: decline to release it');
      return 'waitlisted';
  }
}

/**
 * How many people at the head of the waitlist get a place now. Only first
 * come promotes by itself; with applications the organizers pick from the
 * waitlist (it is shown in order).
 */
export function promotionCount(state: PlaceState, waitlisted: number): number {
  if (state.mode !== 'first_come') return 0;
  const left = placesLeft(state);
  return left === null ? waitlisted : Math.min(left, waitlisted);
}
