import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB, User } from '../db/schema.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { getVisibleChat } from '../chats/chats.service.ts';
import { chatForRsvp, mayManageAttendees } from './rsvp-access.ts';
import { arrangeAttendees, type Attendee } from './attendee-list.ts';
import { inPlacesLock } from './places-lock.ts';
import { fillFreePlaces } from './promotion.ts';
import { cancelOutcome, checkAnswer, checkResponse, holdsPlace, onlineOutcome, placeRequestOutcome, type PlaceSettings, type RsvpResponse } from './rsvp-rules.ts';
import { countTakenPlaces, findRsvp, listRsvps, saveRsvp, type RsvpRow } from './rsvps.repository.ts';
import { loadMine, loadSummary, type MyRsvp, type RsvpSummary } from './rsvp-summary.ts';

/** A member's own side of RSVPs: answering, asking for a place, cancelling. */

export interface RsvpInput {
  response: RsvpResponse;
  answer?: string | null;
}

export interface RsvpState {
  summary: RsvpSummary;
  mine: MyRsvp | null;
}

export async function rsvpState(db: Kysely<DB>, chat: ChatDetails, user: User | null): Promise<RsvpState> {
  return { summary: await loadSummary(db, chat), mine: await loadMine(db, chat, user) };
}

/** GET /rsvps: counts and the reader's own RSVP for everyone; the whole list for those who manage attendees. */
export async function readRsvps(db: Kysely<DB>, user: User | null, slug: string): Promise<RsvpState & { canManage: boolean; attendees: Attendee[] }> {
  const chat = await getVisibleChat(db, slug, user);
  const canManage = mayManageAttendees(user, chat);
  const attendees = canManage ? arrangeAttendees(await listRsvps(db, chat.id)) : [];
  return { ...(await rsvpState(db, chat, user)), canManage, attendees };
}

export async function respond(database: Database, user: User | null, slug: string, input: RsvpInput, now = Date.now()): Promise<RsvpState> {
  const { chat, member } = await chatForRsvp(database.db, slug, user, now);
  checkResponse(chat.kind, input.response);

  await inPlacesLock(database, chat, now, async (trx, settings) => {
    const current = (await findRsvp(trx, chat.id, member.id)) ?? null;
    // checkResponse has refused places on online chats, so settings are there when a place is asked for.
    if (input.response === 'place') return requestPlace(trx, chat.id, member.id, current, settings!, input.answer, now);
    const next = onlineOutcome(current?.status ?? null, input.response);
    if (!next) return;
    await saveRsvp(trx, chat.id, member.id, { status: next, answer: null, waitlistedAt: null, decidedBy: null, decidedAt: null }, now);
    // Following a hybrid chat online instead of coming gives the place back.
    if (settings && holdsPlace(current?.status ?? null)) await fillFreePlaces(trx, chat.id, settings, now);
  });
  return rsvpState(database.db, chat, member);
}

async function requestPlace(
  trx: Transaction<DB>,
  chatId: number,
  userId: number,
  current: RsvpRow | null,
  settings: PlaceSettings,
  rawAnswer: string | null | undefined,
  now: number,
): Promise<void> {
  const next = placeRequestOutcome(current?.status ?? null, { ...settings, taken: await countTakenPlaces(trx, chatId) });
  if (next) {
    const answer = checkAnswer(rawAnswer, settings.question);
    await saveRsvp(trx, chatId, userId, { status: next, answer, waitlistedAt: next === 'waitlisted' ? now : null, decidedBy: null, decidedAt: null }, now);
  } else if (current?.status === 'applied' && rawAnswer !== undefined) {
    // Still undecided: the applicant may improve their answer.
    const answer = checkAnswer(rawAnswer, settings.question);
    await saveRsvp(trx, chatId, userId, { status: 'applied', answer, waitlistedAt: null, decidedBy: current.decidedBy, decidedAt: current.decidedAt }, now);
  }
}

export async function cancelRsvp(database: Database, user: User | null, slug: string, now = Date.now()): Promise<RsvpState> {
  const { chat, member } = await chatForRsvp(database.db, slug, user, now);
  await inPlacesLock(database, chat, now, async (trx, settings) => {
    const current = await findRsvp(trx, chat.id, member.id);
    if (!current || !cancelOutcome(current.status)) return;
    await saveRsvp(trx, chat.id, member.id, { status: 'cancelled', answer: current.answer, waitlistedAt: null, decidedBy: null, decidedAt: null }, now);
    if (settings && holdsPlace(current.status)) await fillFreePlaces(trx, chat.id, settings, now);
  });
  return rsvpState(database.db, chat, member);
}
