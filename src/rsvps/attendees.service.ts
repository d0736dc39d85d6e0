import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB, User } from '../db/schema.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { getVisibleChat } from '../chats/chats.service.ts';
import { findUserByHandle } from '../accounts/users.repository.ts';
import { chatForManaging } from './rsvp-access.ts';
import { inPlacesLock } from './places-lock.ts';
import { fillFreePlaces } from './promotion.ts';
import { savePlaceSettings } from './places.repository.ts';
import { checkPlaceSettings, type PlaceSettingsInput } from './place-settings.ts';
import { decisionOutcome, hasPlaces, holdsPlace, type Decision } from './rsvp-rules.ts';
import { countTakenPlaces, findRsvp, listRsvps, saveRsvp } from './rsvps.repository.ts';
import { loadSummary, type PlacesSummary, type RsvpSummary } from './rsvp-summary.ts';
import { arrangeAttendees, type Attendee } from './attendee-list.ts';

/** The organizers' side: place settings, the attendee list and decisions. */

const onlineOnly = () => new AppError('not_found', 'This chat is online only: it has no in-person places');

/** Anyone who can see the chat can see its place settings and counts (never names). */
export async function getPlaces(db: Kysely<DB>, slug: string, viewer: User | null): Promise<{ chat: ChatDetails; places: PlacesSummary }> {
  const chat = await getVisibleChat(db, slug, viewer);
  const { places } = await loadSummary(db, chat);
  if (!places) throw onlineOnly();
  return { chat, places };
}

export async function updatePlaces(database: Database, user: User | null, slug: string, input: PlaceSettingsInput, now = Date.now()): Promise<RsvpSummary> {
  const { chat } = await chatForManaging(database.db, slug, user);
  if (!hasPlaces(chat.kind)) throw conflict('kind', 'this chat is online only: make it in person or hybrid to offer places');
  const settings = checkPlaceSettings(input);
  await inPlacesLock(database, chat, now, async (trx) => {
    await savePlaceSettings(trx, chat.id, settings, now);
    // A raised capacity (or a switch to first come) hands places to the waitlist;
    // a lowered one takes no place away from anybody.
    await fillFreePlaces(trx, chat.id, settings, now);
  });
  return loadSummary(database.db, chat);
}

export interface AttendeeList {
  chat: ChatDetails;
  summary: RsvpSummary;
  attendees: Attendee[];
}

export async function listAttendees(db: Kysely<DB>, user: User | null, slug: string): Promise<AttendeeList> {
  const { chat } = await chatForManaging(db, slug, user);
  return { chat, summary: await loadSummary(db, chat), attendees: arrangeAttendees(await listRsvps(db, chat.id)) };
}

export async function decide(
  database: Database,
  user: User | null,
  slug: string,
  handle: string,
  decision: Decision,
  now = Date.now(),
): Promise<{ summary: RsvpSummary; attendee: Attendee }> {
  const { chat, manager } = await chatForManaging(database.db, slug, user);
  if (!hasPlaces(chat.kind)) throw conflict('decision', 'this chat is online only: there are no places to decide on');
  const member = await findUserByHandle(database.db, handle.trim().replace(/^@/, ''));
  if (!member) throw notFound(`@${handle.replace(/^@/, '')}`);

  // Checked above: the chat has places, so the lock hands over its settings.
  await inPlacesLock(database, chat, now, async (trx, settings) => {
    const current = await findRsvp(trx, chat.id, member.id);
    const next = decisionOutcome(current?.status ?? null, decision, { ...settings!, taken: await countTakenPlaces(trx, chat.id) });
    if (!current || next === current.status) return;
    await saveRsvp(
      trx,
      chat.id,
      member.id,
      { status: next, answer: current.answer, waitlistedAt: next === 'waitlisted' ? now : null, decidedBy: manager.id, decidedAt: now },
      now,
    );
    if (holdsPlace(current.status) && !holdsPlace(next)) await fillFreePlaces(trx, chat.id, settings!, now);
  });

  const attendee = arrangeAttendees(await listRsvps(database.db, chat.id)).find((a) => a.userId === member.id);
  // decisionOutcome refused members without an RSVP, so the row exists.
  if (!attendee) throw notFound(`@${member.handle}'s RSVP`);
  return { summary: await loadSummary(database.db, chat), attendee };
}
