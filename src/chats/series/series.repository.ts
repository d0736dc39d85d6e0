import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, NewChat, SeriesTable } from '../../db/schema.ts';
import { insertChatIn, type ChatChildren } from '../chats.repository.ts';

export type SeriesRow = Selectable<SeriesTable>;
export type NewSeries = Insertable<SeriesTable>;
export interface NewOccurrence {
  chat: NewChat;
  children: ChatChildren;
}

export function findSeriesByKey(db: Kysely<DB>, key: string): Promise<SeriesRow | undefined> {
  return db.selectFrom('series').selectAll().where('key', '=', key).executeTakeFirst();
}

/** The rule and all its first dates, or nothing at all. */
export async function insertSeries(db: Kysely<DB>, series: NewSeries, occurrences: NewOccurrence[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('series').values(series).execute();
    for (const occurrence of occurrences) await insertChatIn(trx, occurrence.chat, occurrence.children);
  });
}

/**
 * Adds dates after the ones generated so far. The count is compared and
 * bumped in the same statement, so two extensions racing cannot both
 * produce "the next" dates: the loser gets false and nothing is written.
 */
export async function appendOccurrences(db: Kysely<DB>, seriesId: number, expectedCount: number, occurrences: NewOccurrence[], now: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('series')
      .set({ generatedCount: expectedCount + occurrences.length, updatedAt: now })
      .where('id', '=', seriesId)
      .where('generatedCount', '=', expectedCount)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    for (const occurrence of occurrences) await insertChatIn(trx, occurrence.chat, occurrence.children);
    return true;
  });
}
