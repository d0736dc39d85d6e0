import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Records a like; false when this account had already liked the post. */
export async function addLike(db: Executor, postId: number, userId: number, now: number): Promise<boolean> {
  const result = await db.insertInto('postLikes').values({ postId, userId, createdAt: now }).onConflict((oc) => oc.columns(['postId', 'userId']).doNothing()).executeTakeFirst();
  const added = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  if (added) await db.updateTable('posts').set((eb) => ({ likeCount: eb('likeCount', '+', 1) })).where('id', '=', postId).execute();
  return added;
}

export async function removeLike(db: Executor, postId: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('postLikes').where('postId', '=', postId).where('userId', '=', userId).executeTakeFirst();
  const removed = Number(result.numDeletedRows) === 1;
  if (removed) await db.updateTable('posts').set((eb) => ({ likeCount: eb('likeCount', '-', 1) })).where('id', '=', postId).execute();
  return removed;
}

/** This author's boost of that post, if any (a boost is a post of kind `boost`). */
export async function findBoost(db: Executor, postId: number, authorId: number): Promise<number | null> {
  const row = await db.selectFrom('posts').select('id').where('boostOfId', '=', postId).where('authorId', '=', authorId).where('deletedAt', 'is', null).executeTakeFirst();
  return row?.id ?? null;
}

export async function bumpBoostCount(db: Executor, postId: number, delta: 1 | -1): Promise<void> {
  await db.updateTable('posts').set((eb) => ({ boostCount: eb('boostCount', '+', delta) })).where('id', '=', postId).execute();
}

export async function updatePostText(db: Executor, postId: number, text: string, hashtags: string[], now: number): Promise<void> {
  await db.updateTable('posts').set({ text, editedAt: now }).where('id', '=', postId).execute();
  await db.deleteFrom('postHashtags').where('postId', '=', postId).execute();
  if (hashtags.length > 0) await db.insertInto('postHashtags').values(hashtags.map((tag) => ({ postId, tag }))).execute();
}

export async function markPostDeleted(db: Executor, postId: number, now: number): Promise<void> {
  await db.updateTable('posts').set({ deletedAt: now }).where('id', '=', postId).execute();
}
