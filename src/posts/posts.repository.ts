import type { Kysely, Transaction } from 'kysely';
import type { DB, NewPost, PostRow, Network } from '../db/schema.ts';

export interface PostView extends PostRow {
  chatSlug: string;
  authorHandle: string;
  authorDisplayName: string;
  authorNetwork: Network;
  hashtags: string[];
}

/** The author row for a local account, created on its first post. */
export async function localAuthorId(db: Kysely<DB>, user: { id: number; handle: string; displayName: string }, now: number): Promise<number> {
  const existing = await db.selectFrom('authors').select(['id', 'displayName']).where('network', '=', 'local').where('handle', '=', user.handle).executeTakeFirst();
  if (existing) {
    if (existing.displayName !== user.displayName) {
      await db.updateTable('authors').set({ displayName: user.displayName }).where('id', '=', existing.id).execute();
    }
    return existing.id;
  }
  const row = await db
    .insertInto('authors')
    .values({ network: 'local', handle: user.handle, displayName: user.displayName, userId: user.id, createdAt: now, profileUrl: null, sourceUserId: null, followersCount: null })
    .onConflict((oc) => oc.columns(['network', 'handle']).doUpdateSet({ userId: user.id }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Stores a post with its hashtags and bumps the parent's reply count, atomically. */
export async function insertPost(db: Kysely<DB>, post: NewPost, hashtags: string[]): Promise<number> {
  return db.transaction().execute((trx) => insertPostIn(trx, post, hashtags));
}

/** The same, inside the caller's transaction (when more must commit with the post). */
export async function insertPostIn(trx: Transaction<DB>, post: NewPost, hashtags: string[]): Promise<number> {
  return (await insertPostRowIn(trx, post, hashtags)).id;
}

/** insertPostIn returning the stored row (defaults included), for callers that would otherwise read it back. */
export async function insertPostRowIn(trx: Transaction<DB>, post: NewPost, hashtags: string[]): Promise<PostRow> {
  const row = await trx.insertInto('posts').values(post).returningAll().executeTakeFirstOrThrow();
  if (hashtags.length > 0) await trx.insertInto('postHashtags').values(hashtags.map((tag) => ({ postId: row.id, tag }))).execute();
  if (post.replyToId) {
    await trx.updateTable('posts').set((eb) => ({ replyCount: eb('replyCount', '+', 1) })).where('id', '=', post.replyToId).execute();
  }
  return row;
}

export async function findPost(db: Kysely<DB> | Transaction<DB>, id: number): Promise<PostView | undefined> {
  const [post] = await selectViews(db, { ids: [id] });
  return post;
}

export interface PostPageFilter {
  chatId: number;
  limit: number;
  after?: { createdAt: number; id: number };
  includeHidden: boolean;
}

/** Posts of a chat in time order (ties by id), a page at a time. */
export function listChatPosts(db: Kysely<DB>, filter: PostPageFilter): Promise<PostView[]> {
  return selectViews(db, { page: filter });
}

/** Posts with what a PostView shows of their author and chat; callers add filters and then withHashtags(). */
export function postViewsQuery(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .innerJoin('chats', 'chats.id', 'posts.chatId')
    .selectAll('posts')
    .select(['chats.slug as chatSlug', 'authors.handle as authorHandle', 'authors.displayName as authorDisplayName', 'authors.network as authorNetwork']);
}

/** Completes rows of postViewsQuery() into PostViews: one query for all their hashtags. */
export async function withHashtags<Row extends { id: number }>(db: Kysely<DB> | Transaction<DB>, rows: Row[]): Promise<Array<Row & { hashtags: string[] }>> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.id))];
  const tags = await db.selectFrom('postHashtags').select(['postId', 'tag']).where('postId', 'in', ids).orderBy('postId').orderBy('tag').execute();
  const byPost = new Map<number, string[]>();
  for (const { postId, tag } of tags) {
    const list = byPost.get(postId);
    if (list) list.push(tag);
    else byPost.set(postId, [tag]);
  }
  return rows.map((row) => ({ ...row, hashtags: byPost.get(row.id) ?? [] }));
}

async function selectViews(db: Kysely<DB> | Transaction<DB>, by: { ids?: number[]; page?: PostPageFilter }): Promise<PostView[]> {
  let query = postViewsQuery(db).where('posts.deletedAt', 'is', null);
  if (by.ids) query = query.where('posts.id', 'in', by.ids);
  if (by.page) {
    const page = by.page;
    query = query.where('posts.chatId', '=', page.chatId);
    if (!page.includeHidden) query = query.where('posts.hiddenAt', 'is', null);
    if (page.after) {
      const { createdAt, id } = page.after;
      query = query.where((eb) => eb.or([eb('posts.createdAt', '>', createdAt), eb.and([eb('posts.createdAt', '=', createdAt), eb('posts.id', '>', id)])]));
    }
    query = query.orderBy('posts.createdAt', 'asc').orderBy('posts.id', 'asc').limit(page.limit);
  }
  return withHashtags(db, await query.execute());
}

export async function countChatPosts(db: Kysely<DB>, chatId: number): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chatId', '=', chatId)
    .where('deletedAt', 'is', null)
    .where('hiddenAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countPostsByUser(db: Kysely<DB>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('authors.userId', '=', userId)
    .where('posts.deletedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
