import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { questionText } from './qa-threading.ts';

export interface ReleasedQuestion {
  number: number;
  postId: number;
  releasedAt: number;
  text: string;
}

/**
 * A host's imported `Qn` post releases question n, as the host console
 * does live: the first one found is the question's post. A question the
 * chat did not list is added with the post's words, so an imported chat
 * gets its questions from its own archive.
 */
export async function recordQuestions(trx: Kysely<DB>, chatId: number, questions: ReleasedQuestion[]): Promise<void> {
  const first = new Map<number, ReleasedQuestion>();
  for (const q of questions) if (!first.has(q.number)) first.set(q.number, q);
  for (const q of first.values()) {
    const updated = await trx
      .updateTable('chatQuestions')
      .set({ releasedAt: q.releasedAt, postId: q.postId })
      .where('chatId', '=', chatId)
      .where('number', '=', q.number)
      .where('postId', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) continue;
    await trx
      .insertInto('chatQuestions')
      .values({ chatId, number: q.number, text: questionText(q.text), offsetMinutes: null, releasedAt: q.releasedAt, postId: q.postId })
      .onConflict((oc) => oc.columns(['chatId', 'number']).doNothing())
      .execute();
  }
}
