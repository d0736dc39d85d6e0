import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { LiveEvent, LiveEventType } from './live-event.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Records an event inside the caller's transaction and returns it with its
 * sequence number. Publish it only after that transaction commits.
 */
export async function appendEvent(trx: Transaction<DB>, chatId: number, type: LiveEventType, data: unknown, now: number): Promise<LiveEvent> {
  const { lastSeq } = await trx
    .insertInto('chatEventCounters')
    .values({ chatId, lastSeq: 1 })
    .onConflict((oc) => oc.column('chatId').doUpdateSet((eb) => ({ lastSeq: eb(eb.ref('chatEventCounters.lastSeq'), '+', 1) })))
    .returning('lastSeq')
    .executeTakeFirstOrThrow();
  const payload = JSON.stringify(data);
  await trx.insertInto('chatEvents').values({ chatId, seq: lastSeq, type, payload, createdAt: now }).execute();
  return { chatId, seq: lastSeq, type, payload };
}

/** Events after `afterSeq`, oldest first, for resuming viewers. */
export async function eventsAfter(db: Executor, chatId: number, afterSeq: number, limit: number, beforeSeq?: number): Promise<LiveEvent[]> {
  let query = db.selectFrom('chatEvents').select(['chatId', 'seq', 'type', 'payload']).where('chatId', '=', chatId).where('seq', '>', afterSeq);
  if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
  const rows = await query.orderBy('seq').limit(limit).execute();
  return rows.map((row) => ({ ...row, type: row.type as LiveEventType }));
}

export async function lastEventSeq(db: Executor, chatId: number): Promise<number> {
  const row = await db.selectFrom('chatEventCounters').select('lastSeq').where('chatId', '=', chatId).executeTakeFirst();
  return row?.lastSeq ?? 0;
}
