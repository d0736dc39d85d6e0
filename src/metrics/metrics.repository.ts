import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MetricsAuthor, MetricsPost } from './figures.types.ts';
import { accountsOf, accountsOfRows } from '../posts/author-accounts.ts';

/**
 * Every query behind metrics. "Visible" is the transcript's rule: not
 * hidden, not deleted, and not a boost of a hidden or deleted post.
 */

type Db = Kysely<DB>;

/**
 * The chat's visible posts with what the figures need. One scan of the
 * chat without joins (hidden and deleted rows come too, without text, so
 * that replies and boosts of them are recognised here); the few posts
 * replied to or boosted in other chats are looked up afterwards by id.
 */
export async function postsForMetrics(db: Db, chatId: number): Promise<MetricsPost[]> {
  // Written out, without the CamelCasePlugin (aliases give the camelCase
  // names): remapping 100,000 row objects was a third of the query's time.
  const { rows } = await sql<ScannedPost>`
    select id, author_id as "authorId", kind, created_at as "createdAt", question_number as "questionNumber",
           answers_question as "answersQuestion", reply_to_id as "replyToId", boost_of_id as "boostOfId",
           case when hidden_at is null and deleted_at is null then 1 else 0 end as visible,
           case when kind = 'boost' or hidden_at is not null or deleted_at is not null then '' else text end as text
    from posts where chat_id = ${chatId}`.execute(db.withoutPlugins());

  // One pass over the driver's rows (slow to read: dictionary-mode objects) into plain ones.
  const all: MetricsPost[] = new Array(rows.length);
  const replyTo = new Array<number | null>(rows.length);
  const boostOf = new Array<number | null>(rows.length);
  const authorOf = new Map<number, number>();
  const invisible = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const post: MetricsPost = {
      id: row.id,
      authorId: row.authorId,
      kind: row.kind,
      createdAt: row.createdAt,
      questionNumber: row.questionNumber,
      answersQuestion: row.answersQuestion,
      text: row.text,
      replyToAuthorId: null,
    };
    all[i] = post;
    replyTo[i] = row.replyToId;
    boostOf[i] = row.boostOfId;
    authorOf.set(post.id, post.authorId);
    if (row.visible !== 1) invisible.add(post.id);
  }

  // Posts replied to or boosted that live in other chats.
  const elsewhere = new Set<number>();
  for (let i = 0; i < all.length; i++) {
    const r = replyTo[i]!;
    const b = boostOf[i]!;
    if (r !== null && !authorOf.has(r)) elsewhere.add(r);
    if (b !== null && !authorOf.has(b)) elsewhere.add(b);
  }
  const ids = [...elsewhere];
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await db.selectFrom('posts').select(['id', 'authorId', 'hiddenAt', 'deletedAt']).where('id', 'in', ids.slice(i, i + 1000)).execute();
    for (const t of found) {
      authorOf.set(t.id, t.authorId);
      if (t.hiddenAt !== null || t.deletedAt !== null) invisible.add(t.id);
    }
  }

  const posts: MetricsPost[] = [];
  for (let i = 0; i < all.length; i++) {
    const post = all[i]!;
    if (invisible.has(post.id)) continue;
    // A boost of a hidden or deleted post repeats what was hidden: it is not counted.
    const b = boostOf[i]!;
    if (b !== null && invisible.has(b)) continue;
    const r = replyTo[i]!;
    if (r !== null && !invisible.has(r)) post.replyToAuthorId = authorOf.get(r) ?? null;
    posts.push(post);
  }
  return posts;
}

interface ScannedPost extends MetricsPost {
  replyToId: number | null;
  boostOfId: number | null;
  visible: number;
}

export async function authorsByIds(db: Db, ids: number[]): Promise<Map<number, MetricsAuthor>> {
  const rows = [];
  for (let i = 0; i < ids.length; i += 1000) {
    rows.push(...(await db.selectFrom('authors').select(['id', 'handle', 'network', 'displayName', 'followersCount', 'sourceUserId']).where('id', 'in', ids.slice(i, i + 1000)).execute()));
  }
  const accountOf = await accountsOf(db, rows);
  const authors = new Map<number, MetricsAuthor>();
  for (const { sourceUserId: _, ...row } of rows) authors.set(row.id, { ...row, accountId: accountOf.get(row.id) ?? row.id });
  return authors;
}

/**
 * A summary of everything in the chat's posts that the figures read: any
 * import, edit, hide, unhide, delete, consent removal or anonymisation
 * (which moves posts to another author) changes it.
 */
export async function postsFingerprint(db: Db, chatId: number): Promise<string> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('id').as('maxId'),
      eb.fn.sum<number>('authorId').as('authors'),
      eb.fn.count<number>('editedAt').as('edits'),
      eb.fn.max('editedAt').as('lastEdit'),
      eb.fn.count<number>('hiddenAt').as('hidden'),
      eb.fn.max('hiddenAt').as('lastHide'),
      eb.fn.count<number>('deletedAt').as('deleted'),
      eb.fn.max('deletedAt').as('lastDelete'),
      eb.fn.count<number>('replyToId').as('linked'),
      eb.fn.sum<number>(eb.fn.coalesce('answersQuestion', sql.lit(0))).as('answers'),
    ])
    .where('chatId', '=', chatId)
    .executeTakeFirstOrThrow();
  const followers = await db
    .selectFrom('authors')
    .select((eb) => [eb.fn.sum<number>(eb.fn.coalesce('followersCount', sql.lit(-1))).as('sum')])
    .where('id', 'in', (eb) => eb.selectFrom('posts').select('authorId').distinct().where('chatId', '=', chatId))
    .executeTakeFirstOrThrow();
  return [...Object.values(row), followers.sum].map((v) => (v === null ? '' : String(Number(v)))).join(':');
}

/** The cached figures (JSON) when they were computed for this fingerprint; a stale row is not read. */
export async function cachedFigures(db: Db, chatId: number, fingerprint: string): Promise<string | undefined> {
  const row = await db.selectFrom('metricsCache').select('figures').where('chatId', '=', chatId).where('fingerprint', '=', fingerprint).executeTakeFirst();
  return row?.figures;
}

export async function storeFigures(db: Db, chatId: number, fingerprint: string, figures: string, now: number): Promise<void> {
  await db
    .insertInto('metricsCache')
    .values({ chatId, fingerprint, figures, computedAt: now })
    .onConflict((oc) => oc.column('chatId').doUpdateSet({ fingerprint, figures, computedAt: now }))
    .execute();
}

export interface ChatSummaryRow {
  id: number;
  slug: string;
  title: string;
  startsAt: number;
  seriesKey: string | null;
}

/** Chats that are not drafts and share one of these hashtags, oldest first. */
export async function chatsWithTags(db: Db, tags: string[], options: { before?: number; excludeId?: number; until?: number; limit?: number } = {}): Promise<ChatSummaryRow[]> {
  if (tags.length === 0) return [];
  let query = db
    .selectFrom('chats')
    .select(['chats.id', 'chats.slug', 'chats.title', 'chats.startsAt', 'chats.seriesKey'])
    .where('chats.status', '!=', 'draft')
    .where((eb) => eb.exists(eb.selectFrom('chatHashtags').select('chatHashtags.chatId').whereRef('chatHashtags.chatId', '=', 'chats.id').where('chatHashtags.tag', 'in', tags)));
  if (options.before !== undefined) query = query.where('chats.startsAt', '<', options.before);
  if (options.until !== undefined) query = query.where('chats.startsAt', '<=', options.until);
  if (options.excludeId !== undefined) query = query.where('chats.id', '!=', options.excludeId);
  const rows = await query.orderBy('chats.startsAt', 'desc').orderBy('chats.id', 'desc').limit(options.limit ?? 10_000).execute();
  return rows.reverse();
}

/** The latest earlier date of a series. */
export async function previousInSeries(db: Db, seriesKey: string, before: number): Promise<ChatSummaryRow | undefined> {
  return db
    .selectFrom('chats')
    .select(['id', 'slug', 'title', 'startsAt', 'seriesKey'])
    .where('seriesKey', '=', seriesKey)
    .where('status', '!=', 'draft')
    .where('startsAt', '<', before)
    .orderBy('startsAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every non-draft chat that has started by `until`, oldest first (the community view without a tag). */
export async function startedChats(db: Db, until: number, limit: number): Promise<ChatSummaryRow[]> {
  const rows = await db
    .selectFrom('chats')
    .select(['id', 'slug', 'title', 'startsAt', 'seriesKey'])
    .where('status', '!=', 'draft')
    .where('startsAt', '<=', until)
    .where((eb) => eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.chatId', '=', 'chats.id')))
    .orderBy('startsAt', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Of these authors, the ones with a visible post in any of these chats. */
/** Which of these accounts (participantIds) posted, under any of their rows, in any of these chats. */
export async function authorsSeenIn(db: Db, accountIds: number[], chatIds: number[]): Promise<Set<number>> {
  const seen = new Set<number>();
  if (accountIds.length === 0 || chatIds.length === 0) return seen;
  const accountOf = await accountsOfRows(db, accountIds);
  const rowIds = [...accountOf.keys()];
  for (let i = 0; i < rowIds.length; i += 1000) {
    const rows = await db
      .selectFrom('posts')
      .select('authorId')
      .distinct()
      .where('authorId', 'in', rowIds.slice(i, i + 1000))
      .where('chatId', 'in', chatIds)
      .where('hiddenAt', 'is', null)
      .where('deletedAt', 'is', null)
      .execute();
    for (const row of rows) seen.add(accountOf.get(row.authorId)!);
  }
  return seen;
}

export async function chatHashtagsOf(db: Db, chatIds: number[]): Promise<Map<number, string[]>> {
  const tags = new Map<number, string[]>();
  if (chatIds.length === 0) return tags;
  const rows = await db.selectFrom('chatHashtags').select(['chatId', 'tag']).where('chatId', 'in', chatIds).orderBy('position').execute();
  for (const row of rows) tags.set(row.chatId, [...(tags.get(row.chatId) ?? []), row.tag]);
  return tags;
}
