import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { appendEvents, type NewEvent } from './events.repository.ts';
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
  let events: LiveEvent[] = [];
  const result = await db.transaction().execute(async (trx) => {
    // Events are numbered last, in the transaction's final statement: numbering locks the
    // chat's counter row until the commit, and every other writer of the chat (in any
    // process) waits on that lock (see appendEvents).
    const emitted: NewEvent[] = [];
    const emit: Emit = async (chatId, type, data) => {
      emitted.push({ chatId, type, data });
    };
    const value = await work(trx, emit);
    events = await appendEvents(trx, emitted, now);
    return value;
  });
  return { result, events };
}
