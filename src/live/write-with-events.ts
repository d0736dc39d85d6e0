import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { appendEvent } from './events.repository.ts';
import type { LiveEvent, LiveEventType } from './live-event.ts';

export type Emit = (chatId: number, type: LiveEventType, data: unknown) => Promise<void>;

/**
 * Runs a write and records the live events it causes in the same
 * transaction. The caller publishes `events` only after this resolves,
 * i.e. after commit (Outline's afterCommit pattern).
 */
export async function writeWithEvents<T>(
  db: Kysely<DB>,
  now: number,
  work: (trx: Transaction<DB>, emit: Emit) => Promise<T>,
): Promise<{ result: T; events: LiveEvent[] }> {
  const events: LiveEvent[] = [];
  const result = await db.transaction().execute(async (trx) => {
    const emit: Emit = async (chatId, type, data) => {
      events.push(await appendEvent(trx, chatId, type, data, now));
    };
    return work(trx, emit);
  });
  return { result, events };
}
