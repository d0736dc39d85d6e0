import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { PostBatch } from './post-batch.ts';
import { keysOf } from './batch-keys.ts';

/**
 * Our JSONL export names a post made here, and an anonymised post, by its
 * permalink (export/post-origin.ts): the one has no source id, the other
 * must not show it. Imported back into a server that has it, such a post
 * is the post of that number in the chat of that slug — when its time and
 * text are the same too, so that a permalink of another server's chat of
 * the same name and a post of the same number is not taken for it. Without
 * this, importing a chat's own export again stored every live post twice.
 */
const PERMALINK = /\/chats\/([^/?#]+)\/posts\/(\d{1,15})$/;

export interface OwnPost {
  /** The batch's key of the post (network + the permalink). */
  key: string;
  id: number;
  chatId: number;
  questionNumber: number | null;
  answersQuestion: number | null;
}

/** The posts of a transaction's batches that name, by permalink, a post this server has; `open(key)` says which are still unaccounted for. One query. */
export async function findOwnPermalinks(trx: Kysely<DB>, batches: PostBatch[], open: (key: string) => boolean): Promise<OwnPost[]> {
  const named = new Map<number, { key: string; slug: string; createdAt: number; text: string }>();
  for (const batch of batches) {
    const keys = keysOf(batch).post;
    for (let i = 0; i < batch.size; i++) {
      const match = PERMALINK.exec(batch.sourceId[i]!);
      if (!match || !open(keys[i]!)) continue;
      named.set(Number(match[2]), { key: keys[i]!, slug: decodeURIComponent(match[1]!), createdAt: batch.createdAt[i]!, text: batch.text[i]! });
    }
  }
  if (named.size === 0) return [];
  const rows = await trx
    .selectFrom('posts')
    .innerJoin('chats', 'chats.id', 'posts.chatId')
    .select(['posts.id', 'posts.chatId', 'chats.slug', 'posts.createdAt', 'posts.text', 'posts.questionNumber', 'posts.answersQuestion'])
    .where('posts.id', 'in', [...named.keys()])
    .execute();
  const found: OwnPost[] = [];
  for (const row of rows) {
    const wanted = named.get(Number(row.id));
    if (!wanted || wanted.slug !== row.slug || wanted.createdAt !== Number(row.createdAt) || wanted.text !== row.text) continue;
    found.push({ key: wanted.key, id: Number(row.id), chatId: Number(row.chatId), questionNumber: row.questionNumber, answersQuestion: row.answersQuestion });
  }
  return found;
}
