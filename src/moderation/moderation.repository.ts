import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export async function setPostHidden(db: Executor, postId: number, hiddenAt: number | null): Promise<void> {
  await db.updateTable('posts').set({ hiddenAt }).where('id', '=', postId).execute();
}

export async function setPostDeleted(db: Executor, postId: number, deletedAt: number): Promise<void> {
  await db.updateTable('posts').set({ deletedAt }).where('id', '=', postId).execute();
}

export async function setUserBanned(db: Executor, userId: number, bannedAt: number | null): Promise<void> {
  await db.updateTable('users').set({ bannedAt }).where('id', '=', userId).execute();
}
