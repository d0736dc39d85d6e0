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
    // Events are numbered last, just before the commit: numbering locks the
    // chat's counter row until then, and every other writer of the chat (in
    // any process) waits on that lock.
    const emitted: Array<Parameters<Emit>> = [];
    const emit: Emit = async (...args) => {
      emitted.push(args);
    };
    const value = await work(trx, emit);
    for (const [chatId, type, data] of emitted) events.push(await appendEvent(trx, chatId, type, data, now));
    return value;
  });
  return { result, events };
}
