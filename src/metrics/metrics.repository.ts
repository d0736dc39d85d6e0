import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MetricsAuthor, MetricsPost } from './figures.types.ts';

/**
 * Every query behind metrics. "Visible" is the transcript's rule: not
 * hidden, not deleted, and not a boost of a hidden or deleted post.
 */

type Db = Kysely<DB>;

/** The chat's visible posts with what the figures need, in one scan of the chat. */
export async function postsForMetrics(db: Db, chatId: number): Promise<MetricsPost[]> {
  const rows = await db
    .selectFrom('posts')
    .leftJoin('posts as parent', (join) =>
      join.onRef('parent.id', '=', 'posts.replyToId').on('parent.hiddenAt', 'is', null).on('parent.deletedAt', 'is', null),
    )
    .leftJoin('posts as boosted', 'boosted.id', 'posts.boostOfId')
    .select([
      'posts.id',
      'posts.authorId',
      'posts.kind',
      'posts.createdAt',
      'posts.questionNumber',
      'posts.answersQuestion',
      // Boosts repeat another post's words: not read, not sent.
      sql<string>`case when ${sql.ref('posts.kind')} = 'boost' then '' else ${sql.ref('posts.text')} end`.as('text'),
      'parent.authorId as replyToAuthorId',
    ])
    .where('posts.chatId', '=', chatId)
    .where('posts.hiddenAt', 'is', null)
    .where('posts.deletedAt', 'is', null)
    .where((eb) => eb.or([eb('posts.boostOfId', 'is', null), eb.and([eb('boosted.hiddenAt', 'is', null), eb('boosted.deletedAt', 'is', null)])]))
    .execute();
  return rows as MetricsPost[];
}

export async function authorsByIds(db: Db, ids: number[]): Promise<Map<number, MetricsAuthor>> {
  const authors = new Map<number, MetricsAuthor>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('authors')
      .select(['id', 'handle', 'network', 'displayName', 'followersCount'])
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const row of rows) authors.set(row.id, row);
  }
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

export async function cachedFigures(db: Db, chatId: number): Promise<{ fingerprint: string; figures: string } | undefined> {
  return db.selectFrom('metricsCache').select(['fingerprint', 'figures']).where('chatId', '=', chatId).executeTakeFirst();
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
export async function authorsSeenIn(db: Db, authorIds: number[], chatIds: number[]): Promise<Set<number>> {
  const seen = new Set<number>();
  if (authorIds.length === 0 || chatIds.length === 0) return seen;
  for (let i = 0; i < authorIds.length; i += 1000) {
    const rows = await db
      .selectFrom('posts')
      .select('authorId')
      .distinct()
      .where('authorId', 'in', authorIds.slice(i, i + 1000))
      .where('chatId', 'in', chatIds)
      .where('hiddenAt', 'is', null)
      .where('deletedAt', 'is', null)
      .execute();
    for (const row of rows) seen.add(row.authorId);
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
