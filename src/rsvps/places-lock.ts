import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { lockPlaces } from './places.repository.ts';
import { hasPlaces, type PlaceSettings } from './rsvp-rules.ts';

/**
 * Runs `work` in one transaction holding the chat's places lock, so every
 * RSVP change of a chat with places sees the counts the previous one left
 * (two people cannot both take the last place) and nothing is half-saved.
 * Online chats have no places to protect: `settings` is null and the
 * (chat, user) unique key is enough.
 */
export function inPlacesLock<T>(
  database: Database,
  chat: Pick<ChatDetails, 'id' | 'kind'>,
  now: number,
  work: (trx: Transaction<DB>, settings: PlaceSettings | null) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    const settings = hasPlaces(chat.kind) ? await lockPlaces(trx, database.kind, chat.id, now) : null;
    return work(trx, settings);
  });
}
