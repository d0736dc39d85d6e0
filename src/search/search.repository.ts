import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../db/database.ts';
import type { ChatStatus, DB } from '../db/schema.ts';
import type { PostView } from '../posts/posts.repository.ts';
import type { SearchBackend } from './search.types.ts';
import { sqliteSearch } from './search-sqlite.ts';
import { postgresSearch } from './search-postgres.ts';

/** The one place that picks the database's search SQL. */
export function searchBackend(kind: DatabaseKind): SearchBackend {
  return kind === 'postgres' ? postgresSearch : sqliteSearch;
}


export interface ChatVisibility {
  id: number;
  slug: string;
  status: ChatStatus;
  organizerId: number | null;
  hostUserIds: number[];
}

/** What policies.viewChat needs, for the chats with these slugs. */
export async function chatsBySlugs(db: Kysely<DB>, slugs: string[]): Promise<ChatVisibility[]> {
  if (slugs.length === 0) return [];
  return withHosts(db, await db.selectFrom('chats').select(['id', 'slug', 'status', 'organizerId']).where('slug', 'in', slugs).execute());
}

/** Every draft chat (few: drafts are chats being prepared), for excluding those a reader may not see. */
export async function draftChats(db: Kysely<DB>): Promise<ChatVisibility[]> {
  return withHosts(db, await db.selectFrom('chats').select(['id', 'slug', 'status', 'organizerId']).where('status', '=', 'draft').execute());
}

async function withHosts(db: Kysely<DB>, chats: Array<Omit<ChatVisibility, 'hostUserIds'>>): Promise<ChatVisibility[]> {
  if (chats.length === 0) return [];
  const hosts = await db
    .selectFrom('chatHosts')
    .select(['chatId', 'userId'])
    .where('chatId', 'in', chats.map((c) => c.id))
    .where('userId', 'is not', null)
    .execute();
  return chats.map((chat) => ({
    ...chat,
    id: Number(chat.id),
    hostUserIds: hosts.filter((h) => Number(h.chatId) === Number(chat.id)).map((h) => Number(h.userId)),
  }));
}

export interface SearchPostView extends PostView {
  chatTitle: string;
  chatTimeZone: string;
}

/** The posts of a result page, in the order of `ids`. */
export async function postsForResults(db: Kysely<DB>, ids: number[]): Promise<SearchPostView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .innerJoin('chats', 'chats.id', 'posts.chatId')
    .select([
      'posts.id', 'posts.chatId', 'posts.authorId', 'posts.text', 'posts.kind', 'posts.createdAt', 'posts.editedAt',
      'posts.replyToId', 'posts.quoteOfId', 'posts.boostOfId', 'posts.replyToSourceId', 'posts.quoteOfSourceId', 'posts.boostOfSourceId',
      'posts.questionNumber', 'posts.answersQuestion', 'posts.sourceNetwork', 'posts.sourceId', 'posts.sourceUrl',
      'posts.likeCount', 'posts.boostCount', 'posts.replyCount', 'posts.hiddenAt', 'posts.deletedAt',
      'chats.slug as chatSlug', 'chats.title as chatTitle', 'chats.timeZone as chatTimeZone',
      'authors.handle as authorHandle', 'authors.displayName as authorDisplayName', 'authors.network as authorNetwork',
    ])
    .where('posts.id', 'in', ids)
    .execute();
  const tags = await db.selectFrom('postHashtags').select(['postId', 'tag']).where('postId', 'in', ids).orderBy('tag').execute();
  const byPost = new Map<number, string[]>();
  for (const { postId, tag } of tags) byPost.set(Number(postId), [...(byPost.get(Number(postId)) ?? []), tag]);
  const byId = new Map(rows.map((row) => [Number(row.id), { ...row, hashtags: byPost.get(Number(row.id)) ?? [] }]));
  return ids.map((id) => byId.get(id)).filter((post): post is SearchPostView => post !== undefined);
}
