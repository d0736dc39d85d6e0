import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { executeFinalStatement, literal } from '../db/pg-final-statement.ts';
import type { LiveEvent, LiveEventType } from './live-event.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface NewEvent {
  chatId: number;
  type: LiveEventType;
  data: unknown;
}

/**
 * Records events inside the caller's transaction and returns them, in the
 * order given, with their sequence numbers. Publish them only after that
 * transaction commits.
 *
 * Numbering bumps the chat's counter row, which locks it until the commit:
 * every other writer of the chat (in any process) waits for that. So this
 * must be the transaction's LAST statement. On PostgreSQL it is sent
 * together with the COMMIT (src/db/pg-final-statement.ts): one statement
 * per chat numbers and inserts all of the chat's events, and the lock is
 * held only while the server runs it and commits, never across a round
 * trip to the app. On SQLite (one writer at a time anyway) it is a plain
 * upsert and insert per event.
 */
export async function appendEvents(trx: Transaction<DB>, events: NewEvent[], now: number): Promise<LiveEvent[]> {
  if (events.length === 0) return [];
  const stored = events.map((e) => ({ chatId: e.chatId, type: e.type, payload: JSON.stringify(e.data), seq: 0 }));
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await numberOnPostgres(trx, stored, now);
  else for (const event of stored) event.seq = await numberOne(trx, event, now);
  return stored;
}

/** One event; see appendEvents (the same rule: the transaction's last statement). */
export async function appendEvent(trx: Transaction<DB>, chatId: number, type: LiveEventType, data: unknown, now: number): Promise<LiveEvent> {
  return (await appendEvents(trx, [{ chatId, type, data }], now))[0]!;
}

async function numberOne(trx: Transaction<DB>, event: LiveEvent, now: number): Promise<number> {
  const { lastSeq } = await trx
    .insertInto('chatEventCounters')
    .values({ chatId: event.chatId, lastSeq: 1 })
    .onConflict((oc) => oc.column('chatId').doUpdateSet((eb) => ({ lastSeq: eb(eb.ref('chatEventCounters.lastSeq'), '+', 1) })))
    .returning('lastSeq')
    .executeTakeFirstOrThrow();
  await trx.insertInto('chatEvents').values({ chatId: event.chatId, seq: lastSeq, type: event.type, payload: event.payload, createdAt: now }).execute();
  return lastSeq;
}

/**
 * Per chat, in chat id order (two writers touching the same chats lock
 * their counters in the same order, so cannot deadlock), one statement
 * that moves the counter by the chat's number of events and inserts them
 * numbered from where it was; all of them go out with the COMMIT.
 */
async function numberOnPostgres(trx: Transaction<DB>, events: LiveEvent[], now: number): Promise<void> {
  const byChat = new Map<number, LiveEvent[]>();
  for (const event of events) {
    const list = byChat.get(event.chatId);
    if (list) list.push(event);
    else byChat.set(event.chatId, [event]);
  }
  const chats = [...byChat.keys()].sort((a, b) => a - b);
  const statements = chats.map((chatId) => {
    const list = byChat.get(chatId)!;
    const n = list.length;
    const rows = list.map((e, i) => `(${i + 1}, ${literal(e.type)}, ${literal(e.payload)})`).join(', ');
    return `with counter as (
  insert into chat_event_counters as c (chat_id, last_seq) values (${literal(chatId)}, ${n})
  on conflict (chat_id) do update set last_seq = c.last_seq + ${n}
  returning last_seq
)
insert into chat_events (chat_id, seq, type, payload, created_at)
select ${literal(chatId)}, counter.last_seq - ${n} + e.n, e.type, e.payload, ${literal(now)}
from counter cross join (values ${rows}) as e(n, type, payload)
returning chat_id as chat, seq`;
  });
  const rows = await executeFinalStatement<{ chat: number; seq: number }>(trx, statements.join(';\n'));
  for (const chatId of chats) {
    // A chat's events were numbered consecutively in the order given.
    const first = Math.min(...rows.filter((r) => Number(r.chat) === chatId).map((r) => Number(r.seq)));
    byChat.get(chatId)!.forEach((event, i) => (event.seq = first + i));
  }
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
