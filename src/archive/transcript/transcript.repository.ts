import { authorIdsNamed } from '../../posts/author-accounts.ts';
import { ANONYMOUS_HANDLE } from '../../consent/anonymous-author.ts';
import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { DB, PostKind, PostsTable } from '../../db/schema.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { OTHER, type GroupKey } from './transcript-groups.ts';

/**
 * Every query behind transcripts and permalinks. All of them read only what
 * a transcript may show (`visible`): never a hidden or deleted post, nor a
 * boost of one (a boost carries the boosted text). Pages are index range
 * scans of posts_transcript (chat, question, time, id), see migration 0011.
 */

type Db = Kysely<DB>;
type Tables = DB & { parent: PostsTable; target: PostsTable };
type Eb = ExpressionBuilder<Tables, 'posts'>;

export interface PostSelection {
  chatId: number;
  /** Author ids to keep (an author filter), or null for everyone. */
  authorIds: number[] | null;
  type: PostKind | null;
  /** false: a boost of an archived post is folded into that post's count and not listed. */
  showBoosts: boolean;
}

export interface RootsQuery extends PostSelection {
  group: GroupKey;
  from: { createdAt: number; id: number; inclusive: boolean } | null;
  limit: number;
  /** true: only posts that start a thread in this group (replies come with their thread). */
  threaded: boolean;
}

/** Not a boost of a hidden or deleted post: a boost repeats the text it boosts. */
function boostTargetVisible(eb: Eb): Expression<SqlBool> {
  return eb.or([
    eb('posts.boostOfId', 'is', null),
    eb.not(
      eb.exists(
        eb
          .selectFrom('posts as target')
          .select('target.id')
          .whereRef('target.id', '=', 'posts.boostOfId')
          .where((inner) => inner.or([inner('target.hiddenAt', 'is not', null), inner('target.deletedAt', 'is not', null)])),
      ),
    ),
  ]);
}

/**
 * Posts of the selection that a transcript may show; exports read through
 * it too. `drivenBy: 'other'` is for queries that find their rows through
 * another index (replies of, boosts of, by id): the chat test is then
 * written `+chat_id`, which SQLite's planner (without statistics) would
 * otherwise prefer and scan the whole chat with. Same result on both
 * databases.
 */
export function selected(eb: Eb, selection: PostSelection, drivenBy: 'chat' | 'other' = 'chat'): Expression<SqlBool> {
  const chat = drivenBy === 'chat' ? eb('posts.chatId', '=', selection.chatId) : eb(sql<number>`+${sql.ref('posts.chatId')}`, '=', selection.chatId);
  const terms: Expression<SqlBool>[] = [chat, eb('posts.hiddenAt', 'is', null), eb('posts.deletedAt', 'is', null)];
  if (!selection.showBoosts) terms.push(eb.or([eb('posts.kind', '!=', 'boost'), eb('posts.boostOfId', 'is', null)]));
  if (selection.authorIds) terms.push(eb('posts.authorId', 'in', selection.authorIds));
  if (selection.type) terms.push(eb('posts.kind', '=', selection.type));
  // Last, so cheaper terms have already dropped folded boosts before it looks their target up.
  terms.push(boostTargetVisible(eb));
  return eb.and(terms);
}

/** Answers and conversation of a group; the question posts themselves are its heads. */
function inGroup(eb: Eb, group: GroupKey): Expression<SqlBool> {
  return eb.and([eb('posts.questionNumber', 'is', null), group === OTHER ? eb('posts.answersQuestion', 'is', null) : eb('posts.answersQuestion', '=', group)]);
}

function parentInGroup(eb: ExpressionBuilder<Tables, 'posts' | 'parent'>, group: GroupKey): Expression<SqlBool> {
  return eb.and([eb('parent.questionNumber', 'is', null), group === OTHER ? eb('parent.answersQuestion', 'is', null) : eb('parent.answersQuestion', '=', group)]);
}

function views(db: Db) {
  return db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .selectAll('posts')
    .select(['authors.handle as authorHandle', 'authors.displayName as authorDisplayName', 'authors.network as authorNetwork']);
}

/**
 * A group's top-level posts from a position on, forward (`>`, `>=`) or
 * backward (`<`, `<=`): a row-value comparison, which both databases turn
 * into an index range start.
 */
function rootsCondition(query: Omit<RootsQuery, 'from' | 'limit'>, at: { createdAt: number; id: number } | null, op: '>' | '>=' | '<' | '<=') {
  return (eb: Eb): Expression<SqlBool> => {
    const terms = [selected(eb, query), inGroup(eb, query.group)];
    if (query.threaded) terms.push(startsThread(eb, query.group));
    if (at) terms.push(eb(eb.refTuple('posts.createdAt', 'posts.id'), op, eb.tuple(at.createdAt, at.id)));
    return eb.and(terms);
  };
}

/** One page of a group's top-level posts, in time order. */
export async function groupRoots(db: Db, chatSlug: string, query: RootsQuery): Promise<PostView[]> {
  const rows = await views(db)
    .where(rootsCondition(query, query.from, query.from?.inclusive ? '>=' : '>'))
    .orderBy('posts.createdAt')
    .orderBy('posts.id')
    .limit(query.limit)
    .execute();
  return withHashtags(db, chatSlug, rows);
}

/**
 * Where the top-level posts before a position start, newest first: the
 * previous page's start. Positions only (no rows, no hashtags), read down
 * the same index backwards. `before.inclusive` keeps the post at `before`.
 */
export async function rootPositionsBefore(
  db: Db,
  query: Omit<RootsQuery, 'from'> & { before: { createdAt: number; id: number; inclusive: boolean } | null },
): Promise<{ createdAt: number; id: number }[]> {
  return db
    .selectFrom('posts')
    .select(['posts.createdAt', 'posts.id'])
    .where(rootsCondition(query, query.before, query.before?.inclusive ? '<=' : '<'))
    .orderBy('posts.createdAt', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(query.limit)
    .execute();
}

/**
 * Only a parent shown in the same group nests a post; a reply straight to
 * the question is one of its answers, so the question is no parent.
 *
 * Written as `no parent OR NOT EXISTS (parent by id)` rather than an anti
 * join: inside an OR, PostgreSQL cannot turn the subquery into a join, so it
 * looks each parent up by primary key whatever its statistics say. As a
 * join, a chat that grew faster than autovacuum's ANALYZE (a live chat, a
 * fresh import) was planned as a nested loop over every post of the group
 * for every post: 3,000 posts took 3.3 s instead of 2 ms.
 */
function startsThread(eb: Eb, group: GroupKey): Expression<SqlBool> {
  const parentId = eb.fn.coalesce('posts.replyToId', 'posts.boostOfId');
  return eb.or([
    eb(parentId, 'is', null),
    eb.not(
      eb.exists(
        eb
          .selectFrom('posts as parent')
          .select('parent.id')
          .where((inner) => inner.and([inner('parent.id', '=', parentId), inner('parent.hiddenAt', 'is', null), inner('parent.deletedAt', 'is', null), parentInGroup(inner, group)])),
      ),
    ),
  ]);
}

export interface DescendantsQuery extends PostSelection {
  /** Keep to this group (a transcript section), or follow threads anywhere (a permalink). */
  group: GroupKey | null;
  rootIds: number[];
  /** Stop after this many: a page stays bounded even under a 10,000-reply thread. */
  cap: number;
}

/** Replies (and, when shown, boosts) under some posts, level by level. */
export async function threadDescendants(db: Db, chatSlug: string, query: DescendantsQuery): Promise<PostView[]> {
  const found: PostView[] = [];
  let frontier = query.rootIds;
  while (frontier.length > 0 && found.length < query.cap) {
    const parents = frontier.slice(0, 1000);
    let q = views(db)
      .where((eb) => selected(eb, { ...query, authorIds: null, type: null }, 'other'))
      .where((eb) => {
        const children = eb('posts.replyToId', 'in', parents);
        return query.showBoosts ? eb.or([children, eb.and([eb('posts.kind', '=', 'boost'), eb('posts.boostOfId', 'in', parents)])]) : children;
      });
    if (query.group !== null) {
      const group = query.group;
      q = q.where((eb) => inGroup(eb, group));
    }
    const rows = await q.orderBy('posts.createdAt').orderBy('posts.id').limit(Math.min(query.cap - found.length, 1_000_000)).execute();
    found.push(...(await withHashtags(db, chatSlug, rows)));
    frontier = [...frontier.slice(1000), ...rows.filter((r) => r.kind !== 'boost').map((r) => r.id)];
  }
  return found;
}

/** The posts that released question N (normally one). */
export async function questionHeads(db: Db, chatSlug: string, selection: PostSelection, number: number): Promise<PostView[]> {
  const rows = await views(db)
    .where((eb) => selected(eb, selection))
    .where('posts.questionNumber', '=', number)
    .orderBy('posts.createdAt')
    .orderBy('posts.id')
    .limit(5)
    .execute();
  return withHashtags(db, chatSlug, rows);
}

/**
 * Posts per group under a filter: the transcript's table of contents.
 * Answers and conversation are counted per `answers_question` alone, the
 * order of posts_transcript, so SQLite streams the groups off the index
 * instead of sorting every post of the chat into a temporary B-tree (9 ms
 * → 2.5 ms for 15,000 posts); the few question posts are counted apart,
 * from posts_chat_question_post. One statement, one round trip.
 */
export async function groupCounts(db: Db, selection: PostSelection): Promise<Map<GroupKey, number>> {
  const answers = db
    .selectFrom('posts')
    .select((eb) => ['posts.answersQuestion as answersQuestion', sql<number | null>`null`.as('questionNumber'), eb.fn.countAll<number>().as('n')])
    .where((eb) => selected(eb, selection))
    .where('posts.questionNumber', 'is', null)
    .groupBy('posts.answersQuestion');
  const questions = db
    .selectFrom('posts')
    .select((eb) => [sql<number | null>`null`.as('answersQuestion'), 'posts.questionNumber as questionNumber', eb.fn.countAll<number>().as('n')])
    .where((eb) => selected(eb, selection))
    .where('posts.questionNumber', 'is not', null)
    .groupBy('posts.questionNumber');
  const rows = await answers.unionAll(questions).execute();
  const counts = new Map<GroupKey, number>();
  for (const row of rows) {
    const key: GroupKey = row.questionNumber ?? row.answersQuestion ?? OTHER;
    counts.set(key, (counts.get(key) ?? 0) + Number(row.n));
  }
  return counts;
}

/** Boosts of archived posts a selection that folds them leaves out: each is in its post's boost count instead. */
export async function foldedBoostCount(db: Db, selection: PostSelection): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => selected(eb, { ...selection, showBoosts: true, type: 'boost' }))
    .where('posts.boostOfId', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A post a transcript may show, by id, in this chat. */
export async function findVisiblePost(db: Db, chatSlug: string, chatId: number, id: number): Promise<PostView | undefined> {
  const rows = await views(db)
    .where((eb) => selected(eb, { chatId, authorIds: null, type: null, showBoosts: true }, 'other'))
    .where('posts.id', '=', id)
    .execute();
  return (await withHashtags(db, chatSlug, rows))[0];
}

/** Who wrote the posts some posts reply to or quote (for "in reply to @dana"), visible ones only. */
export async function authorsOfPosts(db: Db, ids: number[]): Promise<Map<number, { handle: string; network: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.authorId')
    .select(['posts.id', 'authors.handle', 'authors.network'])
    .where('posts.id', 'in', ids)
    .where('posts.hiddenAt', 'is', null)
    .where('posts.deletedAt', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id, { handle: r.handle, network: r.network }]));
}

/** Boosts of a post, first ones first, with their total. */
export async function boostsOf(db: Db, chatSlug: string, chatId: number, postId: number, limit: number): Promise<{ boosts: PostView[]; total: number }> {
  const selection = { chatId, authorIds: null, type: null, showBoosts: true };
  const [rows, count] = await Promise.all([
    views(db).where((eb) => selected(eb, selection, 'other')).where('posts.kind', '=', 'boost').where('posts.boostOfId', '=', postId).orderBy('posts.createdAt').orderBy('posts.id').limit(limit).execute(),
    db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => selected(eb, selection, 'other'))
      .where('posts.kind', '=', 'boost')
      .where('posts.boostOfId', '=', postId)
      .executeTakeFirstOrThrow(),
  ]);
  return { boosts: await withHashtags(db, chatSlug, rows), total: Number(count.n) };
}

/**
 * The authors a reader means by a handle, as search's from: finds them: on
 * any network, with the account's other names, and a bare name (`kim`)
 * finding `kim@museum.social` when nobody is called just that.
 */
export function authorIdsByHandle(db: Db, handle: string): Promise<number[]> {
  return authorIdsNamed(db, [handle], { anyServer: true, except: ANONYMOUS_HANDLE });
}

async function withHashtags(db: Db, chatSlug: string, rows: Omit<PostView, 'chatSlug' | 'hashtags'>[]): Promise<PostView[]> {
  if (rows.length === 0) return [];
  const tags = await db.selectFrom('postHashtags').select(['postId', 'tag']).where('postId', 'in', rows.map((r) => r.id)).orderBy('postId').orderBy('tag').execute();
  const byPost = new Map<number, string[]>();
  for (const { postId, tag } of tags) {
    const list = byPost.get(postId);
    if (list) list.push(tag);
    else byPost.set(postId, [tag]);
  }
  return rows.map((row) => ({ ...row, chatSlug, hashtags: byPost.get(row.id) ?? [] }));
}
