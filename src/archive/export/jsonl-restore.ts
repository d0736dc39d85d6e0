import fs from 'node:fs';
import readline from 'node:readline';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB, Network } from '../../db/schema.ts';
import { recordQuestions, type ReleasedQuestion } from '../import/pipeline/questions.repository.ts';
import { musesocialJsonl, type MusesocialImportedPost } from './musesocial-jsonl.ts';

/** Posts compared per query. */
const BATCH = 500;

interface Kept {
  network: Network;
  sourceId: string;
  questionNumber: number | null;
  answersQuestion: number | null;
  editedAt: number | null;
}

/**
 * After a file of our own JSON Lines is imported: the posts take the
 * question fields and edit time the file says, not the ones the import
 * derived from hosts and `A1` markers (the chat here may list no hosts, and
 * a question released from the host console carries no marker). So an
 * exported chat comes back as it was. Reads the file a second time,
 * streaming; only posts of this chat that differ are written. Lines the
 * import rejected are skipped here too. Returns how many posts changed.
 */
export async function restoreJsonlFields(database: Database, chatId: number, path: string): Promise<number> {
  const lines = readline.createInterface({ input: fs.createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let batch: Kept[] = [];
  let changed = 0;
  for await (const line of lines) {
    const post = postOf(line);
    if (!post) continue;
    batch.push(post);
    if (batch.length === BATCH) {
      changed += await restoreBatch(database.db, chatId, batch);
      batch = [];
    }
  }
  if (batch.length > 0) changed += await restoreBatch(database.db, chatId, batch);
  return changed;
}

function postOf(line: string): Kept | null {
  if (line.trim() === '') return null;
  let record: unknown;
  try {
    record = JSON.parse(line.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  const result = musesocialJsonl.parseRecord(record);
  if (result.kind !== 'posts') return null;
  const post = result.posts[0] as MusesocialImportedPost | undefined;
  if (!post) return null;
  return { network: post.network, sourceId: post.sourceId, questionNumber: post.questionNumber, answersQuestion: post.answersQuestion, editedAt: post.editedAt };
}

async function restoreBatch(db: Kysely<DB>, chatId: number, batch: Kept[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    const questions: ReleasedQuestion[] = [];
    const noLongerQuestions: number[] = [];
    for (const network of new Set(batch.map((p) => p.network))) {
      const wanted = new Map(batch.filter((p) => p.network === network).map((p) => [p.sourceId, p]));
      const rows = await trx
        .selectFrom('posts')
        .select(['id', 'sourceId', 'questionNumber', 'answersQuestion', 'editedAt', 'createdAt', 'text'])
        .where('chatId', '=', chatId)
        .where('sourceNetwork', '=', network)
        .where('sourceId', 'in', [...wanted.keys()])
        .execute();
      for (const row of rows) {
        const kept = wanted.get(row.sourceId!)!;
        if (row.questionNumber === kept.questionNumber && row.answersQuestion === kept.answersQuestion && row.editedAt === kept.editedAt) continue;
        await trx
          .updateTable('posts')
          .set({ questionNumber: kept.questionNumber, answersQuestion: kept.answersQuestion, editedAt: kept.editedAt })
          .where('id', '=', row.id)
          .execute();
        changed++;
        if (kept.questionNumber !== null && row.questionNumber !== kept.questionNumber) {
          questions.push({ number: kept.questionNumber, postId: Number(row.id), releasedAt: Number(row.createdAt), text: row.text });
        }
        if (row.questionNumber !== null && row.questionNumber !== kept.questionNumber) noLongerQuestions.push(Number(row.id));
      }
    }
    // A host's `Q1` the import took for a question, which the original archive did not.
    if (noLongerQuestions.length > 0) {
      await trx.updateTable('chatQuestions').set({ postId: null, releasedAt: null }).where('chatId', '=', chatId).where('postId', 'in', noLongerQuestions).execute();
    }
    if (questions.length > 0) await recordQuestions(trx, chatId, questions);
    return changed;
  });
}
