import type { Kysely, Transaction } from 'kysely';
import type { DB, ModerationAction } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface LiveSettings {
  slowModeSeconds: number;
  pinnedQuestion: number | null;
}

export async function liveSettings(db: Executor, chatId: number): Promise<LiveSettings> {
  const row = await db.selectFrom('chatLiveSettings').select(['slowModeSeconds', 'pinnedQuestion']).where('chatId', '=', chatId).executeTakeFirst();
  return row ?? { slowModeSeconds: 0, pinnedQuestion: null };
}

export async function saveLiveSettings(db: Executor, chatId: number, changes: Partial<LiveSettings>, now: number): Promise<void> {
  const current = await liveSettings(db, chatId);
  const next = { ...current, ...changes };
  await db
    .insertInto('chatLiveSettings')
    .values({ chatId, slowModeSeconds: next.slowModeSeconds, pinnedQuestion: next.pinnedQuestion, updatedAt: now })
    .onConflict((oc) => oc.column('chatId').doUpdateSet({ slowModeSeconds: next.slowModeSeconds, pinnedQuestion: next.pinnedQuestion, updatedAt: now }))
    .execute();
}

export async function isMuted(db: Executor, chatId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('chatMutes').select('userId').where('chatId', '=', chatId).where('userId', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function addMute(db: Executor, chatId: number, userId: number, mutedBy: number, now: number): Promise<void> {
  await db.insertInto('chatMutes').values({ chatId, userId, mutedBy, createdAt: now }).onConflict((oc) => oc.columns(['chatId', 'userId']).doNothing()).execute();
}

export async function removeMute(db: Executor, chatId: number, userId: number): Promise<void> {
  await db.deleteFrom('chatMutes').where('chatId', '=', chatId).where('userId', '=', userId).execute();
}

export async function mutedHandles(db: Executor, chatId: number): Promise<string[]> {
  const rows = await db.selectFrom('chatMutes').innerJoin('users', 'users.id', 'chatMutes.userId').select('users.handle').where('chatMutes.chatId', '=', chatId).orderBy('users.handle').execute();
  return rows.map((r) => r.handle);
}

/** When this account last posted in this chat (for slow mode). */
export async function lastPostAt(db: Executor, chatId: number, userId: number): Promise<number | null> {
  const row = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .select((eb) => eb.fn.max('posts.createdAt').as('at'))
    .where('posts.chatId', '=', chatId)
    .where('authors.userId', '=', userId)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

export async function logModeration(
  db: Executor,
  entry: { chatId: number | null; actorId: number; action: ModerationAction; targetUserId?: number | null; targetPostId?: number | null; detail?: string | null; now: number },
): Promise<void> {
  await db
    .insertInto('moderationActions')
    .values({
      chatId: entry.chatId,
      actorId: entry.actorId,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      targetPostId: entry.targetPostId ?? null,
      detail: entry.detail ?? null,
      createdAt: entry.now,
    })
    .execute();
}

export async function moderationLog(db: Executor, chatId: number, limit = 200) {
  return db
    .selectFrom('moderationActions')
    .leftJoin('users as actor', 'actor.id', 'moderationActions.actorId')
    .leftJoin('users as target', 'target.id', 'moderationActions.targetUserId')
    .select([
      'moderationActions.id',
      'moderationActions.action',
      'moderationActions.targetPostId',
      'moderationActions.detail',
      'moderationActions.createdAt',
      'actor.handle as actorHandle',
      'target.handle as targetHandle',
    ])
    .where('moderationActions.chatId', '=', chatId)
    .orderBy('moderationActions.id', 'desc')
    .limit(limit)
    .execute();
}

/** Marks a question released, unless another host or process already did. */
export async function markQuestionReleased(db: Executor, chatId: number, number: number, postId: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('chatQuestions')
    .set({ releasedAt: now, postId })
    .where('chatId', '=', chatId)
    .where('number', '=', number)
    .where('releasedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Questions planned for release by now in chats that are running, oldest first. */
export async function dueQuestions(db: Executor, now: number) {
  const rows = await db
    .selectFrom('chatQuestions')
    .innerJoin('chats', 'chats.id', 'chatQuestions.chatId')
    .select(['chats.slug', 'chats.id as chatId', 'chats.startsAt', 'chatQuestions.number', 'chatQuestions.offsetMinutes'])
    .where('chatQuestions.releasedAt', 'is', null)
    .where('chatQuestions.offsetMinutes', 'is not', null)
    .where('chats.status', 'in', ['scheduled', 'live'])
    .where('chats.startsAt', '<=', now)
    .where('chats.endsAt', '>', now)
    .orderBy('chats.id')
    .orderBy('chatQuestions.number')
    .execute();
  return rows.filter((r) => r.startsAt + (r.offsetMinutes ?? 0) * 60_000 <= now);
}

export async function setChatStatus(db: Executor, chatId: number, status: 'live' | 'ended', now: number): Promise<void> {
  await db.updateTable('chats').set({ status, updatedAt: now }).where('id', '=', chatId).execute();
}
