import type { Kysely } from 'kysely';
import type { DB, Network } from '../../db/schema.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { selected } from '../transcript/transcript.repository.ts';
import { isAnonymised } from './post-origin.ts';

/**
 * Posts for exports: every post a transcript may show (boosts included),
 * in time order, a page at a time by position, so a 100,000-post chat is
 * never in memory at once.
 */
export interface ExportPost extends PostView {
  authorSourceUserId: string | null;
  authorFollowers: number | null;
  authorProfileUrl: string | null;
}

/** What an export says about a post another post replies to, quotes or boosts. */
export interface ReferencedPost {
  id: number;
  /** false for a hidden or deleted post: its id may be named (the reply still is one), its author may not. */
  shown: boolean;
  chatSlug: string;
  sourceNetwork: Network | null;
  sourceId: string | null;
  authorHandle: string;
  authorSourceUserId: string | null;
  /** By the "Anonymous" author (consent), hidden or not: its source id must not be named (post-origin.ts). */
  anonymised: boolean;
}

export interface ExportBatch {
  posts: ExportPost[];
  referenced: Map<number, ReferencedPost>;
}

type Db = Kysely<DB>;

export async function* exportBatches(db: Db, chat: { id: number; slug: string }, batchSize = 1000): AsyncGenerator<ExportBatch> {
  let after: { createdAt: number; id: number } | null = null;
  for (;;) {
    let query = db
      .selectFrom('posts')
      .innerJoin('authors', 'authors.id', 'posts.authorId')
      .selectAll('posts')
      .select([
        'authors.handle as authorHandle',
        'authors.displayName as authorDisplayName',
        'authors.network as authorNetwork',
        'authors.sourceUserId as authorSourceUserId',
        'authors.followersCount as authorFollowers',
        'authors.profileUrl as authorProfileUrl',
      ])
      .where((eb) => selected(eb, { chatId: chat.id, authorIds: null, type: null, showBoosts: true }));
    if (after) {
      const { createdAt, id } = after;
      query = query.where((eb) => eb(eb.refTuple('posts.createdAt', 'posts.id'), '>', eb.tuple(createdAt, id)));
    }
    const rows = await query.orderBy('posts.createdAt').orderBy('posts.id').limit(batchSize).execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const refIds = [...new Set(rows.flatMap((r) => [r.replyToId, r.quoteOfId, r.boostOfId]).filter((id): id is number => id !== null))];
    const [tags, referenced] = await Promise.all([db.selectFrom('postHashtags').select(['postId', 'tag']).where('postId', 'in', ids).orderBy('postId').orderBy('tag').execute(), referencedPosts(db, refIds)]);
    const byPost = new Map<number, string[]>();
    for (const { postId, tag } of tags) byPost.set(postId, [...(byPost.get(postId) ?? []), tag]);
    yield { posts: rows.map((row) => ({ ...row, chatSlug: chat.slug, hashtags: byPost.get(row.id) ?? [] })), referenced };
    if (rows.length < batchSize) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

async function referencedPosts(db: Db, ids: number[]): Promise<Map<number, ReferencedPost>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .innerJoin('chats', 'chats.id', 'posts.chatId')
    .select(['posts.id', 'chats.slug as chatSlug', 'posts.sourceNetwork', 'posts.sourceId', 'posts.hiddenAt', 'posts.deletedAt', 'authors.handle as authorHandle', 'authors.sourceUserId as authorSourceUserId'])
    .where('posts.id', 'in', ids)
    .execute();
  return new Map(
    rows.map(({ hiddenAt, deletedAt, ...r }) => {
      const shown = hiddenAt === null && deletedAt === null;
      return [r.id, { ...r, shown, anonymised: isAnonymised(r), authorHandle: shown ? r.authorHandle : '', authorSourceUserId: shown ? r.authorSourceUserId : null }];
    }),
  );
}

/** How many posts an export of this chat will write (for progress). */
export async function countExportPosts(db: Db, chatId: number): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => selected(eb, { chatId, authorIds: null, type: null, showBoosts: true }))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
