import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { DB, Network } from '../db/schema.ts';
import type { AuthorTarget } from './author-target.ts';
import { ANONYMOUS_HANDLE, ANONYMOUS_NAME } from './anonymous-author.ts';
import { authorIdsNamed } from '../posts/author-accounts.ts';
import { POST_CARRYING_EVENTS, type StoredEvent } from './event-scrub.ts';
import { ownAddressScrubber } from './own-addresses.ts';
import { mastodonPlaces } from './mastodon-places.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** IN lists stay well under both databases' parameter limits. */
const CHUNK = 500;

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export interface AuthorSummary {
  id: number;
  network: Network;
  handle: string;
  displayName: string;
  userId: number | null;
  /** The account's id on its network, when the source gave one. */
  sourceUserId: string | null;
  /** Every stored post, hidden and deleted ones included: all of them go. */
  posts: number;
}

const AUTHOR_COLUMNS = ['id', 'network', 'handle', 'displayName', 'userId', 'sourceUserId'] as const;

/**
 * Authors with this handle (on the network asked, or any), never the
 * anonymous ones; a `did:…` names a Bluesky account whatever its handle.
 * With each, the other names its account was archived under
 * (author-accounts.ts).
 */
export async function findAuthors(db: Executor, target: AuthorTarget): Promise<AuthorSummary[]> {
  const ids = await authorIdsNamed(db, [target.handle], { network: target.network, except: ANONYMOUS_HANDLE });
  return authorsByIds(db, ids);
}

/** The same authors with their current counts (read again inside the removal's transaction). */
export async function authorsByIds(db: Executor, ids: number[]): Promise<AuthorSummary[]> {
  if (ids.length === 0) return [];
  return withCounts(db, await db.selectFrom('authors').select(AUTHOR_COLUMNS).where('id', 'in', ids).orderBy('network').orderBy('id').execute());
}

/** The author rows of a member's account (their local posts, and imports linked to them). */
export async function authorsOfUser(db: Executor, userId: number): Promise<AuthorSummary[]> {
  const rows = await db.selectFrom('authors').select(AUTHOR_COLUMNS).where('userId', '=', userId).where('handle', '!=', ANONYMOUS_HANDLE).orderBy('network').execute();
  return withCounts(db, rows);
}

async function withCounts(db: Executor, rows: Array<Omit<AuthorSummary, 'posts'>>): Promise<AuthorSummary[]> {
  if (rows.length === 0) return [];
  const counts = await db
    .selectFrom('posts')
    .select(['authorId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('authorId', 'in', rows.map((r) => r.id))
    .groupBy('authorId')
    .execute();
  const byAuthor = new Map(counts.map((c) => [Number(c.authorId), Number(c.n)]));
  return rows.map((row) => ({ ...row, id: Number(row.id), userId: row.userId === null ? null : Number(row.userId), posts: byAuthor.get(Number(row.id)) ?? 0 }));
}

/** Only the posts of one chat that came from archives (not ones posted here): what an import just brought back. */
export interface ImportedScope {
  chatId: number;
}

function inScope<Q extends SelectQueryBuilder<DB, 'posts', object>>(query: Q, scope: ImportedScope | undefined): Q {
  return scope ? (query.where('chatId', '=', scope.chatId).where('sourceId', 'is not', null) as Q) : query;
}

interface PostRef {
  id: number;
  authorId: number;
  chatId: number;
  kind: string;
  replyToId: number | null;
  boostOfId: number | null;
  deletedAt: number | null;
}

const refColumns = ['id', 'authorId', 'chatId', 'kind', 'replyToId', 'boostOfId', 'deletedAt'] as const;
const toRef = (row: PostRef): PostRef => ({
  ...row,
  id: Number(row.id),
  authorId: Number(row.authorId),
  chatId: Number(row.chatId),
  replyToId: row.replyToId === null ? null : Number(row.replyToId),
  boostOfId: row.boostOfId === null ? null : Number(row.boostOfId),
});

export interface Removal {
  /** The authors' own posts. */
  postIds: number[];
  /** Other people's boosts of those posts: a boost repeats the text, so it goes too. */
  boostIds: number[];
  /** Per forgotten author: how many of those boosts were of their posts. */
  boostsByAuthor: Map<number, number>;
  chatIds: number[];
  /** Every removed post (own and boosts) by chat. */
  removedByChat: Map<number, number[]>;
}

function byChat(posts: Array<{ id: number; chatId: number }>): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const post of posts) map.set(post.chatId, [...(map.get(post.chatId) ?? []), post.id]);
  return map;
}

/**
 * Deletes every post of these authors, and others' boosts of them, inside
 * the caller's transaction. Counts on the posts that stay are corrected
 * (a removed reply no longer counts as a reply, a removed boost as a
 * boost); replies and quotes by others stay, pointing at nothing.
 */
export async function removePostsOf(trx: Transaction<DB>, authorIds: number[], scope?: ImportedScope): Promise<Removal> {
  if (authorIds.length === 0) return { postIds: [], boostIds: [], boostsByAuthor: new Map(), chatIds: [], removedByChat: new Map() };
  const own = (await inScope(trx.selectFrom('posts').select(refColumns).where('authorId', 'in', authorIds), scope).execute()).map(toRef);
  const ownIds = new Set(own.map((p) => p.id));
  const boosts: PostRef[] = [];
  for (const ids of chunks([...ownIds])) {
    const rows = await trx.selectFrom('posts').select(refColumns).where('boostOfId', 'in', ids).where('authorId', 'not in', authorIds).execute();
    boosts.push(...rows.map(toRef));
  }
  const removed = [...own, ...boosts];
  const removedIds = new Set(removed.map((p) => p.id));

  const replies = new Map<number, number>();
  const boostsOf = new Map<number, number>();
  for (const post of removed) {
    if (post.replyToId !== null && !removedIds.has(post.replyToId)) replies.set(post.replyToId, (replies.get(post.replyToId) ?? 0) + 1);
    // A deleted boost was already taken off its original's count when it was deleted.
    if (post.kind === 'boost' && post.boostOfId !== null && !removedIds.has(post.boostOfId) && post.deletedAt === null) {
      boostsOf.set(post.boostOfId, (boostsOf.get(post.boostOfId) ?? 0) + 1);
    }
  }
  await lowerCounts(trx, 'replyCount', replies);
  await lowerCounts(trx, 'boostCount', boostsOf);

  for (const ids of chunks([...removedIds])) {
    await trx.updateTable('chatQuestions').set({ postId: null }).where('postId', 'in', ids).execute();
    await trx.deleteFrom('postHashtags').where('postId', 'in', ids).execute();
    await trx.deleteFrom('postLikes').where('postId', 'in', ids).execute();
    // Foreign keys null out replies, quotes and moderation log entries pointing here.
    await trx.deleteFrom('posts').where('id', 'in', ids).execute();
  }
  const authorOf = new Map(own.map((p) => [p.id, p.authorId]));
  const boostsByAuthor = new Map<number, number>();
  for (const boost of boosts) {
    const author = authorOf.get(boost.boostOfId!)!;
    boostsByAuthor.set(author, (boostsByAuthor.get(author) ?? 0) + 1);
  }
  return { postIds: own.map((p) => p.id), boostIds: boosts.map((p) => p.id), boostsByAuthor, chatIds: [...new Set(removed.map((p) => p.chatId))], removedByChat: byChat(removed) };
}

async function lowerCounts(trx: Transaction<DB>, column: 'replyCount' | 'boostCount', deltas: Map<number, number>): Promise<void> {
  const byDelta = new Map<number, number[]>();
  for (const [postId, delta] of deltas) byDelta.set(delta, [...(byDelta.get(delta) ?? []), postId]);
  for (const [delta, postIds] of byDelta) {
    for (const ids of chunks(postIds)) {
      await trx
        .updateTable('posts')
        .set((eb) => ({ [column]: eb.case().when(column, '>', delta).then(eb(column, '-', delta)).else(0).end() }))
        .where('id', 'in', ids)
        .execute();
    }
  }
}

export interface Anonymisation {
  postIds: number[];
  chatIds: number[];
  byChat: Map<number, number[]>;
  /** Posts whose text named the account (own-addresses.ts): their new text. */
  texts: Map<number, string>;
}

/**
 * Moves the authors' posts to the "Anonymous" author of their network,
 * drops their links to the original (a URL names the account), and takes
 * the account's own addresses and @-name out of their text.
 */
export async function anonymisePostsOf(trx: Transaction<DB>, authors: Array<{ id: number } & NamedAccount>, now: number, scope?: ImportedScope): Promise<Anonymisation> {
  const postIds: number[] = [];
  const chatIds = new Set<number>();
  const moved: Array<{ id: number; chatId: number }> = [];
  const texts = new Map<number, string>();
  // One scrubber per account: its patterns are compiled once, not per post.
  const scrubbers = new Map(authors.map((a) => [a.id, ownAddressScrubber(a)]));
  for (const network of new Set(authors.map((a) => a.network))) {
    const ids = authors.filter((a) => a.network === network).map((a) => a.id);
    const rows = await inScope(trx.selectFrom('posts').select(['id', 'chatId', 'authorId', 'text']).where('authorId', 'in', ids), scope).execute();
    if (rows.length === 0) continue;
    const anonymous = await anonymousAuthorId(trx, network, now);
    for (const part of chunks(rows.map((row) => Number(row.id)))) await trx.updateTable('posts').set({ authorId: anonymous, sourceUrl: null }).where('id', 'in', part).execute();
    for (const row of rows) {
      postIds.push(Number(row.id));
      chatIds.add(Number(row.chatId));
      moved.push({ id: Number(row.id), chatId: Number(row.chatId) });
      const text = scrubbers.get(Number(row.authorId))!(row.text);
      if (text !== row.text) texts.set(Number(row.id), text);
    }
  }
  // Few posts name their own author: one statement each (the search index follows the text).
  for (const [id, text] of texts) await trx.updateTable('posts').set({ text }).where('id', '=', id).execute();
  return { postIds, chatIds: [...chatIds], byChat: byChat(moved), texts };
}

/** An account as the consent log and author rows name it. */
export interface NamedAccount {
  network: Network;
  handle: string;
  sourceUserId: string | null;
}

/**
 * How the source ids of an account's posts begin, lower-case: a Mastodon
 * status URI or address (`https://server/users/name/…`, `https://server/@name/…`,
 * on the server of the handle and on that of the account URI), a Bluesky
 * at:// URI (by DID, or by handle). Tweet ids are bare numbers: nothing
 * in them to match.
 */
export function sourceIdPrefixes(account: NamedAccount): string[] {
  const handle = account.handle.toLowerCase();
  const userId = account.sourceUserId?.toLowerCase() ?? null;
  if (account.network === 'bluesky') return [...new Set([handle, ...(userId?.startsWith('did:') ? [userId] : [])])].map((name) => `at://${name}/`);
  if (account.network !== 'mastodon') return [];
  const prefixes = mastodonPlaces(handle, userId).flatMap(({ host, name }) => [`https://${host}/users/${name}/`, `https://${host}/@${name}/`]);
  if (userId && URL.parse(userId)?.host) prefixes.push(`${userId.replace(/\/$/, '')}/`);
  return [...new Set(prefixes)];
}

const REFERENCES = [
  ['replyToSourceId', 'replyToId'],
  ['quoteOfSourceId', 'quoteOfId'],
  ['boostOfSourceId', 'boostOfId'],
] as const;

/**
 * Other people's replies, quotes and boosts of these accounts' posts that
 * were never archived keep the id the source gave, and on Mastodon and
 * Bluesky that id names the account: it goes (the post stays a reply, to
 * nothing known). References to archived posts keep theirs, for imports
 * to link by; exports name an anonymised target by its permalink instead
 * (post-origin.ts).
 */
export async function forgetReferencesTo(trx: Transaction<DB>, accounts: NamedAccount[], scope?: ImportedScope): Promise<void> {
  for (const network of new Set(accounts.map((a) => a.network))) {
    const prefixes = [...new Set(accounts.filter((a) => a.network === network).flatMap(sourceIdPrefixes))];
    for (const part of chunks(prefixes)) {
      for (const [column, link] of REFERENCES) {
        let query = trx
          .updateTable('posts')
          .set({ [column]: null })
          .where('sourceNetwork', '=', network)
          .where(link, 'is', null)
          // substr rather than LIKE: `_` and `%` are common in names, and PostgreSQL's LIKE is case-sensitive.
          .where((eb) => eb.or(part.map((prefix) => eb(eb.fn('substr', [eb.fn('lower', [eb.ref(column)]), eb.lit(1), eb.lit([...prefix].length)]), '=', prefix))));
        if (scope) query = query.where('chatId', '=', scope.chatId);
        await query.execute();
      }
    }
  }
}

async function anonymousAuthorId(trx: Transaction<DB>, network: Network, now: number): Promise<number> {
  await trx
    .insertInto('authors')
    .values({ network, handle: ANONYMOUS_HANDLE, displayName: ANONYMOUS_NAME, userId: null, sourceUserId: null, followersCount: null, profileUrl: null, createdAt: now })
    .onConflict((oc) => oc.columns(['network', 'handle']).doNothing())
    .execute();
  const row = await trx.selectFrom('authors').select('id').where('network', '=', network).where('handle', '=', ANONYMOUS_HANDLE).executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A chat's cached metrics name its most active posters: they are computed again without the forgotten. */
export async function dropCachedFigures(trx: Transaction<DB>, chatIds: number[]): Promise<void> {
  for (const ids of chunks(chatIds)) await trx.deleteFrom('metricsCache').where('chatId', 'in', ids).execute();
}

export async function deleteAuthors(trx: Transaction<DB>, ids: number[]): Promise<void> {
  if (ids.length > 0) await trx.deleteFrom('authors').where('id', 'in', ids).execute();
}

/**
 * Rewrites the stored live events of these chats that `rewrite` changes,
 * a page at a time (JSON is read here rather than with each database's
 * JSON functions, so both run the same code). Returns how many changed.
 */
export async function rewriteEvents(trx: Transaction<DB>, chatIds: number[], rewrite: (event: StoredEvent) => StoredEvent | null): Promise<number> {
  let changed = 0;
  for (const chatId of chatIds) {
    let after = 0;
    for (;;) {
      const page = await trx
        .selectFrom('chatEvents')
        .select(['id', 'type', 'payload'])
        .where('chatId', '=', chatId)
        .where('type', 'in', POST_CARRYING_EVENTS)
        .where('id', '>', after)
        .orderBy('id')
        .limit(1000)
        .execute();
      for (const event of page) {
        const replacement = rewrite(event);
        if (replacement) {
          await trx.updateTable('chatEvents').set(replacement).where('id', '=', event.id).execute();
          changed++;
        }
      }
      if (page.length < 1000) break;
      after = Number(page.at(-1)!.id);
    }
  }
  return changed;
}
