import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ConsentLogTable, ConsentMode, ConsentRequestsTable } from './consent.tables.ts';

/** Members' requests and the log of what was done (consent_requests, consent_log). */

type Executor = Kysely<DB> | Transaction<DB>;

export type ConsentLogRow = Selectable<ConsentLogTable>;
export type ConsentRequestRow = Selectable<ConsentRequestsTable>;

export async function insertLog(trx: Transaction<DB>, rows: Array<Insertable<ConsentLogTable>>): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await trx.insertInto('consentLog').values(rows).returning('id').execute();
  return inserted.map((row) => Number(row.id));
}

export function logEntries(db: Executor, ids: number[]): Promise<ConsentLogRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('consentLog').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export function recentLog(db: Executor, limit: number): Promise<ConsentLogRow[]> {
  return db.selectFrom('consentLog').selectAll().orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function insertRequest(db: Executor, row: { userId: number; handle: string; mode: ConsentMode; reason: string; createdAt: number }): Promise<ConsentRequestRow> {
  return db.insertInto('consentRequests').values({ ...row, status: 'pending', decidedAt: null, decidedBy: null, note: null }).returningAll().executeTakeFirstOrThrow();
}

/** A pending request's mode and reason, as the member now wants them; undefined once an admin has decided it. */
export function changePendingRequest(db: Executor, id: number, change: { mode: ConsentMode; reason: string }): Promise<ConsentRequestRow | undefined> {
  return db.updateTable('consentRequests').set(change).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst();
}

export function pendingRequestOf(db: Executor, userId: number): Promise<ConsentRequestRow | undefined> {
  return db.selectFrom('consentRequests').selectAll().where('userId', '=', userId).where('status', '=', 'pending').orderBy('id', 'desc').executeTakeFirst();
}

export function pendingRequests(db: Executor): Promise<ConsentRequestRow[]> {
  return db.selectFrom('consentRequests').selectAll().where('status', '=', 'pending').orderBy('createdAt').orderBy('id').execute();
}

export function findRequest(db: Executor, id: number): Promise<ConsentRequestRow | undefined> {
  return db.selectFrom('consentRequests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a pending request decided; false when someone else decided it first. */
export async function decideRequest(trx: Transaction<DB>, id: number, decision: { status: 'done' | 'declined'; by: number | null; at: number; note: string | null }): Promise<boolean> {
  const result = await trx
    .updateTable('consentRequests')
    .set({ status: decision.status, decidedBy: decision.by, decidedAt: decision.at, note: decision.note })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
