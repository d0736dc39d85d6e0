import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DatabaseKind } from '../db/database.ts';
import { DEFAULT_PLACES, type PlaceSettings } from './rsvp-rules.ts';
import type { ChatPlacesTable } from './rsvps.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;

function toSettings(row: Selectable<ChatPlacesTable> | undefined): PlaceSettings {
  if (!row) return { ...DEFAULT_PLACES };
  return { capacity: row.capacity, mode: row.mode, question: row.applicationQuestion, open: row.open === 1 };
}

/** The chat's place settings, or the defaults when nobody has set any. */
export async function findPlaceSettings(db: Db, chatId: number): Promise<PlaceSettings> {
  return toSettings(await db.selectFrom('chatPlaces').selectAll().where('chatId', '=', chatId).executeTakeFirst());
}

/**
 * Creates the chat's places row if needed and locks it until the
 * transaction ends, so reading "how many places are taken" and writing the
 * next RSVP cannot interleave with another request for the same chat.
 * PostgreSQL: `select … for update` on the row (a concurrent first insert
 * waits on the primary key, then finds the row). SQLite has no row locks and
 * no FOR UPDATE: Kysely runs one transaction at a time on our single
 * connection, and SQLite itself serializes writers.
 */
export async function lockPlaces(trx: Transaction<DB>, kind: DatabaseKind, chatId: number, now: number): Promise<PlaceSettings> {
  await trx
    .insertInto('chatPlaces')
    .values({ chatId, capacity: null, mode: 'first_come', applicationQuestion: null, open: 1, createdAt: now, updatedAt: now })
    .onConflict((oc) => oc.column('chatId').doNothing())
    .execute();
  const query = trx.selectFrom('chatPlaces').selectAll().where('chatId', '=', chatId);
  return toSettings(await (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst());
}

export async function savePlaceSettings(trx: Db, chatId: number, settings: PlaceSettings, now: number): Promise<void> {
  await trx
    .updateTable('chatPlaces')
    .set({ capacity: settings.capacity, mode: settings.mode, applicationQuestion: settings.question, open: settings.open ? 1 : 0, updatedAt: now })
    .where('chatId', '=', chatId)
    .execute();
}
