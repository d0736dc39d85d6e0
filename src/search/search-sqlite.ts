import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TextTerm } from './search-query.ts';
import { RELEVANCE_CANDIDATES, type SearchBackend, type SearchFilter, type SearchHit } from './search.types.ts';
import { and, postConditions } from './search-sql.ts';
import { badCursor, decodeCursor, encodeCursor } from './search-cursor.ts';
import { firstKeyAt, latestMillisBelow, parseKey } from './search-key.ts';
import { MATCH_CLOSE, MATCH_OPEN } from './snippet.ts';
import { choosePlan, type DriverEstimate, type SqlitePlan } from './sqlite-plan.ts';

/**
 * Search on SQLite: FTS5 over posts.text, keyed by search key so that rowid
 * order is time order (migration 0012). Every plan is a walk in time order
 * that stops once it has what it wants:
 *   fts     down the FTS index (words), checking filters row by row;
 *   driver  down one filter's time-ordered index (an author's or a chat's
 *           posts, a hashtag's keys), asking FTS about each row;
 *   keys    down all keys (no words, no selective filter).
 * Dates and cursors are key ranges every walk seeks to. Relevance walks the
 * same way to collect the newest RELEVANCE_CANDIDATES matches, then sorts
 * them by bm25.
 */

type Bounds = { from: bigint | null; to: bigint | null };
type Row = { id: number; key: string };

/** Filter counts are read up to this: beyond it a filter is not selective enough to drive. */
const DRIVER_COUNT_CAP = 20_000;
const RANGE_COUNT_CAP = 50_000;
const TEXT_COUNT_CAP = 20_000;

export const sqliteSearch: SearchBackend = {
  async search(db, request) {
    const { filter } = request;
    const relevance = request.sort === 'relevance' && filter.include.length > 0;
    const sort = relevance ? 'relevance' : 'newest';
    const bounds = await keyBounds(db, filter);
    if (!bounds) return { hits: [], sort };
    if (relevance) {
      const after = request.cursor ? decodeRankCursor(request.cursor) : null;
      const plan = await planFor(db, filter, bounds, RELEVANCE_CANDIDATES);
      const rows = await ranked(db, filter, plan, bounds, request.limit + 1, after);
      return { hits: rows.map((row) => hit(row, ['sr', row.rank, row.key])), sort };
    }
    if (request.cursor) {
      const [text] = decodeCursor(request.cursor, 'sk', 's') as [string];
      const after = parseKey(text);
      if (after === null) throw badCursor();
      if (bounds.to === null || after < bounds.to) bounds.to = after;
    }
    const plan = await planFor(db, filter, bounds, request.limit + 1);
    const rows = await newest(db, filter, plan, bounds, request.limit + 1);
    return { hits: rows.map((row) => hit(row, ['sk', row.key])), sort };
  },

  async highlight(db, include, postIds) {
    const marked = new Map<number, string>();
    if (include.length === 0 || postIds.length === 0) return marked;
    const keys = await sql<Row>`select post_id as id, cast(key as text) as key from post_search_keys where post_id in (${sql.join(postIds)})`.execute(db);
    if (keys.rows.length === 0) return marked;
    const result = await sql<{ id: number; marked: string }>`
      select k.post_id as id, highlight(posts_fts, 0, ${MATCH_OPEN}, ${MATCH_CLOSE}) as marked
      from posts_fts f cross join post_search_keys k on k.key = f.rowid
      where posts_fts match ${matchExpression(include, [])} and f.rowid in (${sql.join(keys.rows.map((row) => BigInt(row.key)))})`.execute(db);
    for (const row of result.rows) marked.set(row.id, row.marked);
    return marked;
  },
};

function hit(row: Row, cursor: [string, ...Array<string | number>]): SearchHit {
  return { postId: row.id, cursor: encodeCursor(cursor) };
}

function decodeRankCursor(cursor: string): { rank: number; key: bigint } {
  const [rank, text] = decodeCursor(cursor, 'sr', 'ns') as [number, string];
  const key = parseKey(text);
  if (key === null) throw badCursor();
  return { rank, key };
}

/**
 * An FTS5 query that can only mean what the person typed: every term is a
 * double-quoted string (quotes doubled inside), so FTS5 operators, column
 * filters and parentheses in the input are just text. Multi-word strings
 * are phrases; `"muse"*` is a prefix.
 */
export function matchExpression(include: TextTerm[], exclude: TextTerm[]): string {
  const term = (t: TextTerm) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`;
  const positive = include.map(term).join(' AND ');
  if (exclude.length === 0) return positive;
  const negative = exclude.map(term).join(' OR ');
  return positive ? `${positive} NOT (${negative})` : negative;
}

/** The key range to look in: dates, and the time span of the chats asked for. Null when nothing can match. */
async function keyBounds(db: Kysely<DB>, filter: SearchFilter): Promise<Bounds | null> {
  let from = filter.since === null ? null : firstKeyAt(filter.since);
  let to = filter.until === null ? null : firstKeyAt(filter.until);
  if (filter.chatIds) {
    // Each min/max is one index probe; a chat's posts then bound the walk
    // even when the words are common and the chat is years old.
    let first = Infinity;
    let last = -Infinity;
    for (const chatId of filter.chatIds) {
      const span = await sql<{ first: number | null; last: number | null }>`
        select (select min(created_at) from posts where chat_id = ${chatId}) as first, (select max(created_at) from posts where chat_id = ${chatId}) as last`.execute(db);
      const row = span.rows[0];
      if (row?.first != null && row.last != null) {
        first = Math.min(first, row.first);
        last = Math.max(last, row.last);
      }
    }
    if (first === Infinity) return null;
    const spanFrom = firstKeyAt(first);
    const spanTo = firstKeyAt(last + 1);
    if (from === null || spanFrom > from) from = spanFrom;
    if (to === null || spanTo < to) to = spanTo;
  }
  if (from !== null && to !== null && from >= to) return null;
  return { from, to };
}

function inBounds(column: RawBuilder<unknown>, bounds: Bounds): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (bounds.from !== null) where.push(sql`${column} >= ${bounds.from}`);
  if (bounds.to !== null) where.push(sql`${column} < ${bounds.to}`);
  return where;
}

/** Counts for choosePlan (sqlite-plan.ts): a few index probes, each capped. */
async function planFor(db: Kysely<DB>, filter: SearchFilter, bounds: Bounds, wanted: number): Promise<SqlitePlan> {
  const capped = async (query: RawBuilder<unknown>, cap: number) =>
    Number((await sql<{ n: number }>`select count(*) as n from (${query} limit ${cap}) as c`.execute(db)).rows[0]?.n ?? 0);
  const drivers: DriverEstimate[] = [];
  const driver = async (estimate: Omit<DriverEstimate, 'count' | 'capped'>, query: RawBuilder<unknown>) => {
    const count = await capped(query, DRIVER_COUNT_CAP);
    drivers.push({ ...estimate, count, capped: count >= DRIVER_COUNT_CAP });
  };
  if (filter.authorIds) await driver({ kind: 'author', needsSort: filter.authorIds.length > 1 }, sql`select 1 from posts where author_id in (${sql.join(filter.authorIds)})`);
  if (filter.chatIds) await driver({ kind: 'chat', needsSort: filter.chatIds.length > 1 }, sql`select 1 from posts where chat_id in (${sql.join(filter.chatIds)})`);
  for (const tag of filter.hashtags) await driver({ kind: 'hashtag', tag, needsSort: false }, sql`select 1 from post_search_tags where tag = ${tag}`);
  const words = filter.include.length > 0;
  // Nothing to weigh: skip the counting.
  if (drivers.length === 0) return choosePlan({ textInRange: words ? 1 : null, textExact: false, total: 1, inRange: 1, wanted, drivers });
  const total = Number((await sql<{ n: number | null }>`select max(id) as n from posts`.execute(db)).rows[0]?.n ?? 0);
  let inRange = total;
  if (bounds.from !== null || bounds.to !== null) {
    const counted = await capped(sql`select 1 from post_search_keys where ${and(inBounds(sql`key`, bounds))}`, RANGE_COUNT_CAP);
    if (counted < RANGE_COUNT_CAP) inRange = counted;
  }
  // Matches in range, counted by walking FTS up to a cap: cheap, exact for
  // rare words and phrases, a lower bound for common ones (which keeps the
  // cost of a wrong guess small either way).
  let textInRange: number | null = null;
  let textExact = false;
  if (words) {
    textInRange = await capped(sql`select 1 from posts_fts where ${and([textMatch(filter), ...inBounds(sql`rowid`, bounds)])}`, TEXT_COUNT_CAP);
    textExact = textInRange < TEXT_COUNT_CAP;
  }
  return choosePlan({ textInRange, textExact, total, inRange, wanted, drivers });
}

interface Walk {
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>[];
  order: RawBuilder<unknown>;
}

/** FROM, WHERE and ORDER BY of a plan's walk; `f` (FTS) is joined whenever there are words. */
function textMatch(filter: SearchFilter): RawBuilder<unknown> {
  return sql`posts_fts match ${matchExpression(filter.include, filter.exclude)}`;
}

/**
 * Hashtags are checked on the key (post_search_tags' primary key), which
 * SQLite does as soon as the walk has the key, before it reads the post:
 * a walk past many untagged matches stays cheap.
 */
function tagConditions(filter: SearchFilter, key: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const where = filter.hashtags.map((tag) => sql`exists (select 1 from post_search_tags t2 where t2.tag = ${tag} and t2.key = ${key})`);
  if (filter.excludeHashtags.length > 0) where.push(sql`not exists (select 1 from post_search_tags t2 where t2.key = ${key} and t2.tag in (${sql.join(filter.excludeHashtags)}))`);
  return where;
}

function walk(filter: SearchFilter, plan: SqlitePlan, bounds: Bounds): Walk {
  const conditions = postConditions(filter, { dates: true, hashtags: false });
  const match = textMatch(filter);
  const words = filter.include.length > 0;
  const bySet = plan.kind === 'driver' && plan.words === 'set';
  const ftsJoin = words && !bySet ? sql`cross join posts_fts f on f.rowid = k.key` : sql``;
  // Without words to match, exclusions are checked post by post.
  const exclusion = !words && filter.exclude.length > 0 ? [sql`not exists (select 1 from posts_fts where posts_fts match ${matchExpression(filter.exclude, [])} and rowid = k.key)`] : [];
  // The set: every matching key in range, read once (SQLite keeps an
  // uncorrelated IN list as a temporary index); `+` keeps it from driving.
  const inSet = sql`+k.key in (select rowid from posts_fts where ${and([match, ...inBounds(sql`rowid`, bounds)])})`;
  const textCondition = !words ? exclusion : bySet ? [inSet] : [match];

  if (plan.kind === 'fts') {
    return {
      from: sql`posts_fts f cross join post_search_keys k on k.key = f.rowid cross join posts p on p.id = k.post_id`,
      where: [match, ...inBounds(sql`f.rowid`, bounds), ...tagConditions(filter, sql`f.rowid`), ...conditions],
      order: sql`f.rowid desc`,
    };
  }
  if (plan.kind === 'keys') {
    return { from: sql`post_search_keys k cross join posts p on p.id = k.post_id`, where: [...inBounds(sql`k.key`, bounds), ...tagConditions(filter, sql`k.key`), ...conditions, ...exclusion], order: sql`k.key desc` };
  }
  const driver = plan.driver;
  if (driver.kind === 'hashtag') {
    return {
      from: sql`post_search_tags t cross join post_search_keys k on k.key = t.key cross join posts p on p.id = k.post_id ${ftsJoin}`,
      where: [sql`t.tag = ${driver.tag}`, ...inBounds(sql`t.key`, bounds), ...tagConditions(filter, sql`t.key`), ...conditions, ...textCondition],
      order: sql`t.key desc`,
    };
  }
  // The driver's index yields its posts in created_at order; keys only break ties.
  const index = sql.raw(driver.kind === 'author' ? 'posts_author' : 'posts_chat_time');
  const latest = bounds.to === null ? null : latestMillisBelow(bounds.to);
  return {
    from: sql`posts p indexed by ${index} cross join post_search_keys k on k.post_id = p.id ${ftsJoin}`,
    where: [...inBounds(sql`k.key`, bounds), ...(latest === null ? [] : [sql`p.created_at <= ${latest}`]), ...tagConditions(filter, sql`k.key`), ...conditions, ...textCondition],
    order: sql`p.created_at desc, k.key desc`,
  };
}

async function newest(db: Kysely<DB>, filter: SearchFilter, plan: SqlitePlan, bounds: Bounds, limit: number): Promise<Row[]> {
  const { from, where, order } = walk(filter, plan, bounds);
  return (await sql<Row>`select p.id as id, cast(k.key as text) as key from ${from} where ${and(where)} order by ${order} limit ${limit}`.execute(db)).rows;
}

/**
 * Relevance: bm25 over the newest RELEVANCE_CANDIDATES matches, best first
 * (FTS5 rank: lower is better), ties newest first.
 */
async function ranked(db: Kysely<DB>, filter: SearchFilter, plan: SqlitePlan, bounds: Bounds, limit: number, after: { rank: number; key: bigint } | null): Promise<Array<Row & { rank: number }>> {
  if (plan.kind === 'fts') {
    // One walk down the FTS index scores as it goes.
    const { from, where, order } = walk(filter, plan, bounds);
    const resume = after ? [sql`(c.rank > ${after.rank} or (c.rank = ${after.rank} and c.k < ${after.key}))`] : [];
    const result = await sql<Row & { rank: number }>`
      select c.id as id, cast(c.k as text) as key, c.rank as rank from (
        select p.id as id, k.key as k, f.rank as rank from ${from} where ${and(where)} order by ${order} limit ${RELEVANCE_CANDIDATES}
      ) c where ${and(resume)}
      order by c.rank, c.k desc limit ${limit}`.execute(db);
    return result.rows;
  }
  // A driver walk probes FTS row by row, and FTS5 recomputes its per-term
  // statistics for every probe that asks for rank (seconds for a common
  // word). So: collect the candidates, then score them in one FTS pass over
  // their key range.
  const candidates = await newest(db, filter, plan, bounds, RELEVANCE_CANDIDATES);
  if (candidates.length === 0) return [];
  const idOf = new Map(candidates.map((row) => [row.key, row.id]));
  const keys = candidates.map((row) => BigInt(row.key));
  const low = keys.reduce((a, b) => (b < a ? b : a));
  const high = keys.reduce((a, b) => (b > a ? b : a));
  // `+rowid` keeps the list out of FTS5's hands (it would run one query per key).
  const result = await sql<{ key: string; rank: number }>`
    select cast(rowid as text) as key, rank from posts_fts
    where posts_fts match ${matchExpression(filter.include, filter.exclude)} and rowid >= ${low} and rowid <= ${high} and +rowid in (${sql.join(keys)})`.execute(db);
  const scored = result.rows.map((row) => ({ id: idOf.get(row.key)!, key: row.key, rank: row.rank, big: BigInt(row.key) }));
  scored.sort((a, b) => a.rank - b.rank || (a.big > b.big ? -1 : a.big < b.big ? 1 : 0));
  const from = after ? scored.findIndex((row) => row.rank > after.rank || (row.rank === after.rank && row.big < after.key)) : 0;
  return from < 0 ? [] : scored.slice(from, from + limit);
}

/** Post ids of the first newest-first page with a given plan; tests check every plan agrees. */
export async function newestIdsWithPlan(db: Kysely<DB>, filter: SearchFilter, plan: SqlitePlan, limit: number): Promise<number[] | null> {
  // choosePlan never walks FTS without words, nor all keys with them.
  if ((plan.kind === 'fts') !== (filter.include.length > 0) && plan.kind !== 'driver') return null;
  if (plan.kind === 'driver') {
    const { kind, tag } = plan.driver;
    if ((kind === 'author' && !filter.authorIds) || (kind === 'chat' && !filter.chatIds) || (kind === 'hashtag' && !filter.hashtags.includes(tag!))) return null;
  }
  const bounds = await keyBounds(db, filter);
  return bounds ? (await newest(db, filter, plan, bounds, limit)).map((row) => row.id) : [];
}

/** The plan search() would choose (the benchmark reports it). */
export async function planOf(db: Kysely<DB>, filter: SearchFilter, wanted: number): Promise<SqlitePlan | null> {
  const bounds = await keyBounds(db, filter);
  return bounds ? planFor(db, filter, bounds, wanted) : null;
}
