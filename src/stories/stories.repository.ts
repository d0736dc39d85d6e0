import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { postViewsQuery, withHashtags, type PostView } from '../posts/posts.repository.ts';
import type { DocSection } from './story-document.ts';
import type { StoryRow, StoryStatus } from './stories.tables.ts';
import type { DraftPost } from './draft-ranking.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface StoryCurator {
  userId: number;
  handle: string;
  displayName: string;
}

export interface StoryRecord extends StoryRow {
  /** Slugs of the story's chats, main chat first. */
  chatSlugs: string[];
  curators: StoryCurator[];
}

export async function insertStory(
  db: Kysely<DB>,
  story: { title: string; introduction: string; status: StoryStatus; createdBy: number; now: number },
  chatIds: number[],
  sections: DocSection[],
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('stories')
      .values({ title: story.title, introduction: story.introduction, status: story.status, createdBy: story.createdBy, createdAt: story.now, updatedAt: story.now, publishedAt: story.status === 'published' ? story.now : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('storyChats').values(chatIds.map((chatId, position) => ({ storyId: id, chatId, position }))).execute();
    await writeDocument(trx, id, sections);
    return id;
  });
}

export async function findStory(db: Db, id: number): Promise<StoryRecord | undefined> {
  const story = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!story) return undefined;
  const [chats, curators] = await Promise.all([
    db.selectFrom('storyChats').innerJoin('chats', 'chats.id', 'storyChats.chatId').select('chats.slug').where('storyChats.storyId', '=', id).orderBy('storyChats.position').execute(),
    db
      .selectFrom('storyCurators')
      .innerJoin('users', 'users.id', 'storyCurators.userId')
      .select(['users.id as userId', 'users.handle', 'users.displayName'])
      .where('storyCurators.storyId', '=', id)
      .orderBy('storyCurators.createdAt')
      .execute(),
  ]);
  return { ...story, chatSlugs: chats.map((c) => c.slug), curators };
}

/** Stories of some chats (or all), newest first. Visibility is decided by the service. */
export async function listStoryIds(db: Kysely<DB>, filter: { chatId?: number; limit: number }): Promise<number[]> {
  let query = db.selectFrom('stories').select('stories.id').orderBy('stories.updatedAt', 'desc').orderBy('stories.id', 'desc').limit(filter.limit);
  if (filter.chatId !== undefined) {
    const chatId = filter.chatId;
    query = query.where((eb) => eb.exists(eb.selectFrom('storyChats').select('storyChats.storyId').whereRef('storyChats.storyId', '=', 'stories.id').where('storyChats.chatId', '=', chatId)));
  }
  return (await query.execute()).map((r) => r.id);
}

/** The stored structure, every item included (also those whose posts are hidden now). */
export async function loadDocument(db: Db, storyId: number): Promise<DocSection[]> {
  const [sections, items] = await Promise.all([
    db.selectFrom('storySections').select(['id', 'heading']).where('storyId', '=', storyId).orderBy('position').orderBy('id').execute(),
    db.selectFrom('storyItems').select(['id', 'sectionId', 'kind', 'postId', 'text']).where('storyId', '=', storyId).orderBy('position').orderBy('id').execute(),
  ]);
  const bySection = new Map(sections.map((s) => [s.id, { id: s.id as number | null, heading: s.heading, items: [] as DocSection['items'] }]));
  for (const item of items) bySection.get(item.sectionId)?.items.push({ id: item.id, kind: item.kind, postId: item.postId, text: item.text });
  return [...bySection.values()];
}

/**
 * Saves a whole document by id, in one transaction: rows kept by id are
 * updated in place (so ids in an open editor stay valid), new ones
 * inserted, the rest deleted. Ids must already be checked to belong here.
 */
export async function saveDocument(
  db: Kysely<DB>,
  storyId: number,
  sections: DocSection[],
  story: { title?: string; introduction?: string; status?: StoryStatus; publishedAt?: number | null; now: number; /** The version the change was made on. */ base: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { now, base, ...fields } = story;
    // updated_at is the story's version: it must move on with every save, even within one millisecond.
    const result = await trx
      .updateTable('stories')
      .set({ ...fields, updatedAt: Math.max(now, base + 1) })
      .where('id', '=', storyId)
      .where('updatedAt', '=', base)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await writeDocument(trx, storyId, sections);
    return true;
  });
}

async function writeDocument(trx: Transaction<DB>, storyId: number, sections: DocSection[]): Promise<void> {
  const keepSections = sections.flatMap((s) => (s.id === null ? [] : [s.id]));
  const keepItems = sections.flatMap((s) => s.items.flatMap((i) => (i.id === null ? [] : [i.id])));
  let dropItems = trx.deleteFrom('storyItems').where('storyId', '=', storyId);
  if (keepItems.length > 0) dropItems = dropItems.where('id', 'not in', keepItems);
  await dropItems.execute();
  let dropSections = trx.deleteFrom('storySections').where('storyId', '=', storyId);
  if (keepSections.length > 0) dropSections = dropSections.where('id', 'not in', keepSections);
  await dropSections.execute();

  for (const [position, section] of sections.entries()) {
    let sectionId = section.id;
    if (sectionId === null) {
      sectionId = (await trx.insertInto('storySections').values({ storyId, position, heading: section.heading }).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      await trx.updateTable('storySections').set({ position, heading: section.heading }).where('id', '=', sectionId).where('storyId', '=', storyId).execute();
    }
    const fresh = [];
    for (const [itemPosition, item] of section.items.entries()) {
      if (item.id === null) fresh.push({ storyId, sectionId, position: itemPosition, kind: item.kind, postId: item.postId, text: item.text });
      else await trx.updateTable('storyItems').set({ sectionId, position: itemPosition, text: item.text }).where('id', '=', item.id).where('storyId', '=', storyId).execute();
    }
    if (fresh.length > 0) await trx.insertInto('storyItems').values(fresh).execute();
  }
}

export async function deleteStoryRow(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('stories').where('id', '=', id).execute();
}

export async function addCurator(db: Kysely<DB>, storyId: number, userId: number, addedBy: number, now: number): Promise<void> {
  await db.insertInto('storyCurators').values({ storyId, userId, addedBy, createdAt: now }).onConflict((oc) => oc.columns(['storyId', 'userId']).doNothing()).execute();
}

export async function removeCurator(db: Kysely<DB>, storyId: number, userId: number): Promise<void> {
  await db.deleteFrom('storyCurators').where('storyId', '=', storyId).where('userId', '=', userId).execute();
}

/**
 * The posts of a story's items that readers may see: not hidden, not
 * deleted (forgotten posts are gone with their rows). One query for the
 * whole story, so a 200-item story costs the same few queries as a small one.
 */
export async function visiblePostsOfStory(db: Kysely<DB>, storyId: number): Promise<Map<number, PostView>> {
  const rows = await postViewsQuery(db)
    .innerJoin('storyItems', 'storyItems.postId', 'posts.id')
    .where('storyItems.storyId', '=', storyId)
    .where('posts.hiddenAt', 'is', null)
    .where('posts.deletedAt', 'is', null)
    .execute();
  return new Map((await withHashtags(db, rows)).map((post) => [post.id, post]));
}

/** Which of these posts belong to the chats and are not deleted; with their hidden flag. */
export async function postsInChats(db: Db, chatIds: number[], postIds: number[]): Promise<Map<number, { hidden: boolean }>> {
  if (postIds.length === 0 || chatIds.length === 0) return new Map();
  const rows = await db.selectFrom('posts').select(['id', 'hiddenAt']).where('id', 'in', postIds).where('chatId', 'in', chatIds).where('deletedAt', 'is', null).execute();
  return new Map(rows.map((r) => [r.id, { hidden: r.hiddenAt !== null }]));
}

/** Everything the draft ranking reads, for one chat's visible posts. */
export function draftPosts(db: Kysely<DB>, chatId: number): Promise<DraftPost[]> {
  return db
    .selectFrom('posts')
    .select(['id', 'authorId', 'kind', 'replyToId', 'boostOfId', 'questionNumber', 'answersQuestion', 'replyCount', 'boostCount', 'likeCount', 'createdAt', 'text'])
    .where('chatId', '=', chatId)
    .where('hiddenAt', 'is', null)
    .where('deletedAt', 'is', null)
    .execute();
}

export interface PostSearch {
  chatIds: number[];
  text: string | null;
  author: string | null;
  /** A question number, 'other' for posts answering none, or null for all. */
  question: number | 'other' | null;
  limit: number;
}

/** The editor's post finder: visible posts of the story's chats, boosts left out, in time order. */
export async function searchChatPosts(db: Kysely<DB>, search: PostSearch): Promise<PostView[]> {
  let query = postViewsQuery(db)
    .where('posts.chatId', 'in', search.chatIds)
    .where('posts.hiddenAt', 'is', null)
    .where('posts.deletedAt', 'is', null)
    .where('posts.kind', '!=', 'boost');
  if (search.text) {
    // Case-insensitive substring on both databases; LIKE wildcards in the query are escaped.
    const pattern = `%${search.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(${sql.ref('posts.text')}) like ${pattern} escape '\\'`);
  }
  if (search.author) query = query.where('authors.handle', '=', search.author.toLowerCase());
  if (search.question === 'other') query = query.where('posts.answersQuestion', 'is', null).where('posts.questionNumber', 'is', null);
  else if (search.question !== null) query = query.where('posts.answersQuestion', '=', search.question);
  const rows = await query.orderBy('posts.createdAt').orderBy('posts.id').limit(search.limit).execute();
  return rows.map((row) => ({ ...row, hashtags: [] }));
}
