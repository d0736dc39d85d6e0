import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { promotionCount, type PlaceSettings } from './rsvp-rules.ts';
import { countByStatus, countTakenPlaces, promoteRsvps, waitlistHead } from './rsvps.repository.ts';

/**
 * Hands free places to the head of the waitlist (first come only; see
 * promotionCount). Call it inside the places lock after anything that can
 * free a place or add one: a cancellation, a decline, a raised capacity.
 * Returns the promoted RSVP ids.
 */
export async function fillFreePlaces(trx: Transaction<DB>, chatId: number, settings: PlaceSettings, now: number): Promise<number[]> {
  const taken = await countTakenPlaces(trx, chatId);
  const waiting = (await countByStatus(trx, chatId)).waitlisted ?? 0;
  const count = promotionCount({ ...settings, taken }, waiting);
  if (count === 0) return [];
  const ids = (await waitlistHead(trx, chatId, count)).map((row) => row.id);
  await promoteRsvps(trx, ids, now);
  return ids;
}
