import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { RsvpStatus, RsvpsTable } from './rsvps.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type RsvpRow = Selectable<RsvpsTable>;

/** An RSVP with the names a list or export shows. */
export interface RsvpView extends RsvpRow {
  handle: string;
  displayName: string;
  decidedByHandle: string | null;
}

export interface RsvpChange {
  status: RsvpStatus;
  answer: string | null;
  waitlistedAt: number | null;
  decidedBy: number | null;
  decidedAt: number | null;
}

export function findRsvp(db: Db, chatId: number, userId: number): Promise<RsvpRow | undefined> {
  return db.selectFrom('rsvps').selectAll().where('chatId', '=', chatId).where('userId', '=', userId).executeTakeFirst();
}

/** Writes the member's one row for the chat: inserted the first time, updated after (the unique key decides). */
export async function saveRsvp(db: Db, chatId: number, userId: number, change: RsvpChange, now: number): Promise<void> {
  await db
    .insertInto('rsvps')
    .values({ chatId, userId, ...change, createdAt: now, updatedAt: now })
    .onConflict((oc) => oc.columns(['chatId', 'userId']).doUpdateSet({ ...change, updatedAt: now }))
    .execute();
}

export async function countByStatus(db: Db, chatId: number): Promise<Partial<Record<RsvpStatus, number>>> {
  const rows = await db
    .selectFrom('rsvps')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('chatId', '=', chatId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function countTakenPlaces(db: Db, chatId: number): Promise<number> {
  const row = await db
    .selectFrom('rsvps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chatId', '=', chatId)
    .where('status', 'in', ['confirmed', 'accepted'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The first `limit` people on the waitlist, in the order they joined it. */
export function waitlistHead(db: Db, chatId: number, limit: number): Promise<RsvpRow[]> {
  return db
    .selectFrom('rsvps')
    .selectAll()
    .where('chatId', '=', chatId)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlistedAt')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Gives the waitlisted rows a place; automatic, so no organizer is recorded. */
export async function promoteRsvps(db: Db, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('rsvps')
    .set({ status: 'confirmed', waitlistedAt: null, decidedBy: null, decidedAt: now, updatedAt: now })
    .where('id', 'in', ids)
    .where('status', '=', 'waitlisted')
    .execute();
}

/** 1 for the head of the waitlist. */
export async function waitlistPosition(db: Db, row: Pick<RsvpRow, 'chatId' | 'id' | 'waitlistedAt'>): Promise<number> {
  const at = row.waitlistedAt ?? 0;
  const ahead = await db
    .selectFrom('rsvps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chatId', '=', row.chatId)
    .where('status', '=', 'waitlisted')
    .where((eb) => eb.or([eb('waitlistedAt', '<', at), eb.and([eb('waitlistedAt', '=', at), eb('id', '<', row.id)])]))
    .executeTakeFirstOrThrow();
  return Number(ahead.n) + 1;
}

function viewQuery(db: Db) {
  return db
    .selectFrom('rsvps')
    .innerJoin('users as member', 'member.id', 'rsvps.userId')
    .leftJoin('users as decider', 'decider.id', 'rsvps.decidedBy')
    .selectAll('rsvps')
    .select(['member.handle as handle', 'member.displayName as displayName', 'decider.handle as decidedByHandle']);
}

/** Every RSVP of the chat, oldest first. */
export function listRsvps(db: Db, chatId: number): Promise<RsvpView[]> {
  return viewQuery(db).where('rsvps.chatId', '=', chatId).orderBy('rsvps.createdAt').orderBy('rsvps.id').execute();
}
