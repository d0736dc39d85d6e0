import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TextTerm } from './search-query.ts';
import { RELEVANCE_CANDIDATES, type SearchBackend, type SearchFilter } from './search.types.ts';
import { and, postConditions } from './search-sql.ts';
import { badCursor, decodeCursor, encodeCursor } from './search-cursor.ts';
import { MATCH_CLOSE, MATCH_OPEN } from './snippet.ts';
import { choosePgPlan, relevanceWalkRows, type PgDriver, type PgPlan, type PgPlanInputs } from './postgres-plan.ts';
import { firstWindowRows, WINDOW_ROWS_PER_MATCH, windowStarts } from './postgres-windows.ts';
import { mayBePhrase, pairsCondition, phrasePairs } from './postgres-phrase-pairs.ts';
import { keepMatchingMarks, marksOnText } from './postgres-headline.ts';

/**
 * Search on PostgreSQL: the generated `search_vector` column (config
 * `simple`, migration 0012) with its GIN index, and post_search_tags for
 * hashtags in time order. Each query is one of the walks of
 * postgres-plan.ts, written so PostgreSQL can only run it that way: the
 * words as `search_vector @@ q` where the GIN index should find them, as
 * `ts_match_vq(search_vector, q)` (the same test, which no index serves)
 * where they are checked row by row along a time-ordered index. A phrase
 * read from the GIN index also needs its word pairs (posts_search_pairs,
 * postgres-phrase-pairs.ts).
 */

/**
 * The whole text, matches marked; snippet.ts cuts the window, as for
 * SQLite. (Fragment mode would also drop anything that looks like an HTML
 * tag from the text; HighlightAll keeps it verbatim.)
 */
const HEADLINE_OPTIONS = `StartSel=${MATCH_OPEN}, StopSel=${MATCH_CLOSE}, HighlightAll=true`;

type Row = { id: number; at: number };
type After = { at: number; id: number };

export const postgresSearch: SearchBackend = {
  async search(db, request) {
    const { filter } = request;
    const relevance = request.sort === 'relevance' && filter.include.length > 0;
    if (relevance) {
      const after = request.cursor ? (decodeCursor(request.cursor, 'pr', 'nnn') as [number, number, number]) : null;
      const inputs = await pgPlanInputs(db, filter, RELEVANCE_CANDIDATES);
      const plan = choosePgPlan({ ...inputs, budgeted: true });
      const candidates = newestQuery(filter, plan, null, RELEVANCE_CANDIDATES, { rows: walkRowsOf(plan), rank: true }, inputs.pairs ?? null);
      const resume = after ? [sql`(r.rank < ${after[0]} or (r.rank = ${after[0]} and (r.at, r.id) < (${after[1]}, ${after[2]})))`] : [];
      // Candidates come ranked: each walk scores the rows it keeps while it has them.
      const result = await sql<Row & { rank: number }>`
        with c as materialized (${candidates})
        select r.id, r.at, r.rank from c r where ${and(resume)}
        order by r.rank desc, r.at desc, r.id desc limit ${request.limit + 1}`.execute(db);
      return { hits: result.rows.map((row) => ({ postId: Number(row.id), cursor: encodeCursor(['pr', row.rank, Number(row.at), Number(row.id)]) })), sort: 'relevance' };
    }
    let after: After | null = null;
    if (request.cursor) {
      const [at, id] = decodeCursor(request.cursor, 'pt', 'nn') as [number, number];
      if (!Number.isSafeInteger(at) || !Number.isSafeInteger(id)) throw badCursor();
      after = { at, id };
    }
    const inputs = await pgPlanInputs(db, filter, request.limit + 1);
    const plan = choosePgPlan(inputs);
    const starts = await windowsFor(db, filter, inputs, plan, after);
    const pairs = inputs.pairs ?? null;
    const rows =
      starts === null ? (await newestQuery(filter, plan, after, request.limit + 1, null, pairs).execute(db)).rows : await newestInWindows(db, filter, plan, starts, after, request.limit + 1, pairs);
    return { hits: rows.map((row) => ({ postId: Number(row.id), cursor: encodeCursor(['pt', Number(row.at), Number(row.id)]) })), sort: 'newest' };
  },

  async highlight(db, include, postIds) {
    const marked = new Map<number, string>();
    const query = tsQuery(include, []);
    if (!query || postIds.length === 0) return marked;
    // Only the page's posts: ts_headline re-parses the text and is the costly part. It reads the words
    // as the index has them (search_words); the marks are then put back on the text as written.
    const result = await sql<{ id: number; text: string; marked: string }>`
      select id, text, ts_headline('simple', search_words(text), ${query}, ${HEADLINE_OPTIONS}) as marked from posts where id in (${sql.join(postIds)})`.execute(db);
    for (const row of result.rows) marked.set(Number(row.id), keepMatchingMarks(marksOnText(row.marked, row.text), include));
    return marked;
  },
};

/**
 * Words without a filter's own index to walk (plan `time` or `gin`) are
 * read in time windows (postgres-windows.ts); null: the plan as chosen (no
 * words, a driver, or no histogram yet).
 */
async function windowsFor(db: Kysely<DB>, filter: SearchFilter, inputs: PgPlanInputs, plan: PgPlan, after: After | null): Promise<number[] | null> {
  if (plan.kind === 'driver' || inputs.textRows === null) return null;
  const bounds = await createdAtHistogram(db);
  if (bounds.length < 2) return null;
  const total = Math.max(inputs.total, 1);
  // Filters PostgreSQL can AND into the same bitmap (an author's, a chat's posts) thin the matches out too.
  const filterShare = Math.min(1, ...inputs.drivers.map((d) => Math.max(d.rows, 1) / total));
  const share = (Math.min(Math.max(inputs.textRows, 1), total) / total) * filterShare;
  const uppers = [filter.until, after?.at ?? null].filter((at): at is number => at !== null);
  const matches = Math.max(inputs.ginRows ?? 0, inputs.textRows, 1) * filterShare;
  const firstRows = firstWindowRows(inputs.wanted, share);
  return windowStarts({ bounds, total, upper: uppers.length > 0 ? Math.min(...uppers) : null, lower: filter.since, firstRows, maxRows: matches * WINDOW_ROWS_PER_MATCH });
}

/** How long the histogram read from pg_stats is reused: it changes only when posts are analyzed. */
const HISTOGRAM_TTL_MS = 60_000;
const histograms = new WeakMap<Kysely<DB>, { readAt: number; bounds: number[] }>();

/** posts.created_at's histogram bounds (ascending, equal-count buckets) from the planner's statistics; empty before the first ANALYZE. */
async function createdAtHistogram(db: Kysely<DB>): Promise<number[]> {
  const cached = histograms.get(db);
  if (cached && Date.now() - cached.readAt < HISTOGRAM_TTL_MS) return cached.bounds;
  const result = await sql<{ bounds: string[] | null }>`
    select s.histogram_bounds::text::bigint[] as bounds from pg_stats s
    where s.tablename = 'posts' and s.attname = 'created_at'
      and s.schemaname = (select c.relnamespace::regnamespace::text from pg_class c where c.oid = 'posts'::regclass)`.execute(db);
  const bounds = (result.rows[0]?.bounds ?? []).map(Number);
  histograms.set(db, { readAt: Date.now(), bounds });
  return bounds;
}

/**
 * The newest matches, window by window: [starts[0], upper), then
 * [starts[1], starts[0]), …, and last everything older than the last
 * start, until a page is full. For rarer words (a `gin` plan) each window
 * is read whole (materialized), so PostgreSQL picks how to find all its
 * matches (GIN BitmapAnd the time index); left a LIMIT, it would walk a
 * wide window backwards expecting evenly spread matches (a rare phrase:
 * 160,000 posts, 900 ms). Common words (a `time` plan) walk each window
 * back to the page, and the open read after the windows is whole.
 */
async function newestInWindows(db: Kysely<DB>, filter: SearchFilter, plan: PgPlan, starts: number[], after: After | null, limit: number, pairs: string | null): Promise<Row[]> {
  const rows: Row[] = [];
  let olderThan: number | null = null;
  for (const start of [...starts, null]) {
    const window = [...(start === null ? [] : [sql`p.created_at >= ${start}`]), ...(olderThan === null ? [] : [sql`p.created_at < ${olderThan}`])];
    // A `time` plan's windows are walked (each bounded by its window, stopping at the page); not the open read after them.
    const walk = plan.kind === 'time' && (start !== null || starts.length === 0);
    rows.push(...(await windowQuery(filter, after, limit - rows.length, window, !walk, pairs).execute(db)).rows);
    if (rows.length >= limit) break;
    olderThan = start;
  }
  return rows;
}

/**
 * One window: `whole`, every match in it, found with `@@` so PostgreSQL may
 * AND the GIN index with the time index, then sorted; else walked back
 * through the time index to the page.
 */
function windowQuery(filter: SearchFilter, after: After | null, limit: number, window: RawBuilder<unknown>[], whole: boolean, pairs: string | null): RawBuilder<Row> {
  const resume = after ? [sql`(p.created_at, p.id) < (${after.at}, ${after.id})`] : [];
  const query = tsQuery(filter.include, filter.exclude)!;
  // A walk tests each post (ts_match_vq: @@ that no index serves), so PostgreSQL can only walk the time index.
  const words = whole ? ginWords(filter, pairs) : [sql`ts_match_vq(p.search_vector, ${query})`];
  const where = and([...words, ...postConditions(filter, { dates: true }), ...window, ...resume]);
  if (whole) return sql<Row>`with m as materialized (select p.id, p.created_at from posts p where ${where}) select id, created_at as at from m order by created_at desc, id desc limit ${limit}`;
  return sql<Row>`select p.id, p.created_at as at from posts p where ${where} order by p.created_at desc, p.id desc limit ${limit}`;
}

/**
 * The words as a read from the GIN indexes tests them. With a phrase's
 * pairs, the phrase's own words stay out of the bitmap (ts_match_vq, the
 * exact test, on the posts fetched): for common words their posting lists
 * cost more to read than the pairs leave to fetch ("and have": 40 ms of
 * bitmap for 40,000 posts, against 2,600 with the pair).
 */
function ginWords(filter: SearchFilter, pairs: string | null): RawBuilder<unknown>[] {
  const query = tsQuery(filter.include, filter.exclude)!;
  if (pairs === null) return [sql`p.search_vector @@ ${query}`];
  const plain = tsQuery(filter.include.filter((t) => !mayBePhrase(t)), []);
  return [...pairsCondition(pairs), ...(plain ? [sql`p.search_vector @@ ${plain}`] : []), sql`ts_match_vq(p.search_vector, ${query})`];
}

function walkRowsOf(plan: PgPlan): number {
  return relevanceWalkRows(plan.kind === 'driver' ? 'driver' : 'time');
}

/**
 * The newest matches in the plan's walk, as `id, at` (created_at).
 * `walk` (relevance candidates): the walk reads at most
 * `rows` posts (a subquery with its own LIMIT, which PostgreSQL never
 * merges into the outer query), and with `rank` each match comes with its
 * ts_rank_cd.
 */
function newestQuery(filter: SearchFilter, plan: PgPlan, after: After | null, limit: number, walk: { rows: number; rank: boolean } | null, pairs: string | null): RawBuilder<Row> {
  // The driving hashtag needs no second check (and one could tempt PostgreSQL into hashing all its posts).
  const driverTag = plan.kind === 'driver' && plan.driver.kind === 'hashtag' ? plan.driver.tag : null;
  const conditions = postConditions(driverTag === null ? filter : { ...filter, hashtags: filter.hashtags.filter((tag) => tag !== driverTag) }, { dates: true });
  const query = tsQuery(filter.include, filter.exclude);
  // Checked row by row: ts_match_vq is @@ without the index.
  const rowByRow = query ? [sql`ts_match_vq(p.search_vector, ${query})`] : filter.exclude.length > 0 ? [sql`not ts_match_vq(p.search_vector, ${anyOf(filter.exclude)})`] : [];
  const resume = after ? [sql`(p.created_at, p.id) < (${after.at}, ${after.id})`] : [];
  const ranked = walk !== null && walk.rank && query !== null;
  // Normalization 1 divides by 1 + log(the post's length in words): like FTS5's BM25, a short post
  // with the word ranks over a long one that repeats it, where the raw score favoured length.
  const rank = ranked ? sql`, ts_rank_cd(p.search_vector, ${query}, 1)::float8 as rank` : sql``;

  if (plan.kind === 'gin' && query) {
    return sql<Row>`
      with m as materialized (select p.id, p.created_at${rank} from posts p where ${and([...ginWords(filter, pairs), ...conditions, ...resume])})
      select id, created_at as at${ranked ? sql`, rank` : sql``} from m order by created_at desc, id desc limit ${limit}`;
  }
  if (plan.kind === 'driver' && plan.driver.kind === 'hashtag') {
    const tagResume = after ? [sql`(t.created_at, t.post_id) < (${after.at}, ${after.id})`] : [];
    if (walk && rowByRow.length > 0) {
      return sql<Row>`
        select p.id, p.created_at as at${rank} from (
          select t.post_id, t.created_at from post_search_tags t where ${and([sql`t.tag = ${plan.driver.tag}`, ...tagResume])}
          order by t.tag desc, t.created_at desc, t.post_id desc limit ${walk.rows}
        ) t join posts p on p.id = t.post_id
        where ${and([...conditions, ...rowByRow])}
        order by t.created_at desc, t.post_id desc limit ${limit}`;
    }
    // The tag's index walks newest first and each post is looked up by id as
    // it comes (LATERAL … OFFSET 0 keeps PostgreSQL from reordering the
    // join): with a plain join, a posts table that grew faster than ANALYZE
    // was planned as the driver, every post of it probing the tag's index
    // (3,000 posts: 760 ms instead of a few).
    return sql<Row>`
      select p.id, p.at${ranked ? sql`, p.rank` : sql``} from post_search_tags t
      cross join lateral (select p.id, p.created_at as at${rank} from posts p where ${and([sql`p.id = t.post_id`, ...conditions, ...rowByRow])} offset 0) p
      where ${and([sql`t.tag = ${plan.driver.tag}`, ...tagResume])}
      order by t.tag desc, t.created_at desc, t.post_id desc limit ${limit}`;
  }
  // Leading with the driver's (constant) column makes its index the only
  // one that yields this order: posts_author (author_id, created_at),
  // posts_chat_time (chat_id, created_at, id).
  let order = sql`p.created_at desc, p.id desc`;
  if (plan.kind === 'driver' && !plan.driver.needsSort) order = plan.driver.kind === 'author' ? sql`p.author_id desc, ${order}` : sql`p.chat_id desc, ${order}`;
  if (walk && rowByRow.length > 0) {
    // The budget counts posts read along the index, so inside are only the
    // conditions the index itself answers (the driver's column, the time
    // range); every other filter, like the words, is checked on what was read.
    const driverColumn = plan.kind === 'driver' ? (plan.driver.kind === 'author' ? filter.authorIds : filter.chatIds) : null;
    const inner = [
      ...(plan.kind === 'driver' && driverColumn ? [plan.driver.kind === 'author' ? sql`p.author_id in (${sql.join(driverColumn)})` : sql`p.chat_id in (${sql.join(driverColumn)})`] : []),
      ...(filter.since === null ? [] : [sql`p.created_at >= ${filter.since}`]),
      ...(filter.until === null ? [] : [sql`p.created_at < ${filter.until}`]),
      ...resume,
    ];
    return sql<Row>`
      select p.id, p.created_at as at${rank} from (
        select p.* from posts p where ${and(inner)} order by ${order} limit ${walk.rows}
      ) p where ${and([...postConditions(filter, { dates: false }), ...rowByRow])} order by p.created_at desc, p.id desc limit ${limit}`;
  }
  return sql<Row>`select p.id, p.created_at as at${rank} from posts p where ${and([...conditions, ...rowByRow, ...resume])} order by ${order} limit ${limit}`;
}

/** Estimates from PostgreSQL's own statistics (EXPLAIN, nothing is run) for choosePgPlan. */
async function planFor(db: Kysely<DB>, filter: SearchFilter, wanted: number, budgeted = false): Promise<PgPlan> {
  return choosePgPlan({ ...(await pgPlanInputs(db, filter, wanted)), budgeted });
}

/** With the included phrases' word pairs (phrasePairs) in the inputs when a GIN read should use them. */
export async function pgPlanInputs(db: Kysely<DB>, filter: SearchFilter, wanted: number): Promise<PgPlanInputs> {
  const pairs = await phrasePairs(db, filter.include);
  const estimate = async (query: RawBuilder<unknown>) => {
    const result = await sql<Record<string, unknown>>`explain (format json) ${query}`.execute(db);
    const plan = Object.values(result.rows[0] ?? {})[0] as Array<{ Plan: { 'Plan Rows': number } }> | undefined;
    return plan?.[0]?.Plan['Plan Rows'] ?? 0;
  };
  const drivers: PgDriver[] = [];
  if (filter.authorIds) drivers.push({ kind: 'author', rows: await estimate(sql`select 1 from posts where author_id in (${sql.join(filter.authorIds)})`), needsSort: filter.authorIds.length > 1 });
  if (filter.chatIds) drivers.push({ kind: 'chat', rows: await estimate(sql`select 1 from posts where chat_id in (${sql.join(filter.chatIds)})`), needsSort: filter.chatIds.length > 1 });
  for (const tag of filter.hashtags) drivers.push({ kind: 'hashtag', tag, rows: await estimate(sql`select 1 from post_search_tags where tag = ${tag}`), needsSort: false });
  const query = tsQuery(filter.include, filter.exclude);
  if (!query && drivers.length === 0) return { textRows: null, total: 1, inRange: 1, wanted, drivers };
  const total = await estimate(sql`select 1 from posts`);
  const dates = [...(filter.since === null ? [] : [sql`created_at >= ${filter.since}`]), ...(filter.until === null ? [] : [sql`created_at < ${filter.until}`])];
  const inRange = dates.length > 0 ? await estimate(sql`select 1 from posts where ${and(dates)}`) : total;
  const wordRows = query ? await estimate(sql`select 1 from posts where search_vector @@ ${query}`) : null;
  // PostgreSQL estimates a phrase as if its words anywhere would do. Its
  // pairs' estimate is the phrase's own (a common pair is among the
  // statistics' most common elements; a rare one is put at half the least
  // common of them); both conditions are estimated alone, as PostgreSQL
  // would multiply them as if independent.
  const pairRows = pairs === null ? null : await estimate(sql`select 1 from posts where search_word_pairs(search_vector) @@ ${pairs}::tsquery`);
  // A pair's bucket may be shared with a common pair: then its words are
  // the rarer read. Both estimates run high for rare phrases (every post
  // with the words; a bucket not among the most common put at half the
  // least common), the words' more so: pairs unless the words are half.
  const usePairs = pairs !== null && pairRows !== null && wordRows !== null && pairRows < 2 * wordRows;
  const textRows = usePairs ? Math.min(pairRows, wordRows) : wordRows;
  // A phrase read without pairs (a word and punctuation, or the words rarer): the GIN index returns every post with its words.
  const phrase = !usePairs && filter.include.some(mayBePhrase);
  const ginRows = phrase ? await estimate(sql`select 1 from posts where search_vector @@ plainto_tsquery('simple', search_words(${filter.include.map((t) => t.text).join(' ')}))`) : undefined;
  return { textRows, total, inRange, wanted, drivers, ...(ginRows === undefined ? {} : { ginRows }), ...(usePairs ? { pairs } : {}) };
}

/**
 * The words as a tsquery built only from function calls on bound
 * parameters (never from to_tsquery's own syntax), so nothing a person
 * types can be read as an operator. A word of several tokens (`don't`,
 * `e-mail`) is a phrase, as FTS5 treats it.
 */
function tsQuery(include: TextTerm[], exclude: TextTerm[]): RawBuilder<unknown> | null {
  if (include.length === 0) return null;
  const parts = include.map(term);
  if (exclude.length > 0) parts.push(sql`!! (${anyOf(exclude)})`);
  return sql`(${sql.join(parts, sql` && `)})`;
}

function anyOf(terms: TextTerm[]): RawBuilder<unknown> {
  return sql`(${sql.join(terms.map(term), sql` || `)})`;
}

function term(t: TextTerm): RawBuilder<unknown> {
  // Prefixes only for single plain words (the parser's rule), lower-cased
  // like the index, so the text given to to_tsquery is letters and digits:
  // decimal ones, as PostgreSQL splits a word at ² or ½ (`m²*` was every m…).
  if (t.prefix && /^[\p{L}\p{Nd}]+$/u.test(t.text)) return sql`to_tsquery('simple', ${`${t.text.toLowerCase()}:*`})`;
  // Split as the posts are (search_words, migration 0023): `obama/biden` is the phrase "obama biden".
  return sql`phraseto_tsquery('simple', search_words(${t.text}))`;
}

/** Post ids of the first newest-first page with a given plan; tests check every plan agrees. */
export async function newestIdsWithPgPlan(db: Kysely<DB>, filter: SearchFilter, plan: PgPlan, limit: number, budgeted = false): Promise<number[] | null> {
  if (plan.kind === 'gin' && filter.include.length === 0) return null;
  if (plan.kind === 'driver') {
    const { kind, tag } = plan.driver;
    if ((kind === 'author' && !filter.authorIds) || (kind === 'chat' && !filter.chatIds) || (kind === 'hashtag' && !filter.hashtags.includes(tag!))) return null;
  }
  const pairs = await phrasePairs(db, filter.include);
  return (await newestQuery(filter, plan, null, limit, budgeted ? { rows: walkRowsOf(plan), rank: true } : null, pairs).execute(db)).rows.map((row) => Number(row.id));
}

export function pgPlanOf(db: Kysely<DB>, filter: SearchFilter, wanted: number, budgeted = false): Promise<PgPlan> {
  return planFor(db, filter, wanted, budgeted);
}

/** Post ids of the first newest-first page read in the given windows (newestInWindows); tests check they agree with every plan. */
export async function newestIdsInPgWindows(db: Kysely<DB>, filter: SearchFilter, plan: PgPlan, starts: number[], limit: number): Promise<number[]> {
  return (await newestInWindows(db, filter, plan, starts, null, limit, await phrasePairs(db, filter.include))).map((row) => Number(row.id));
}

/** The newest-first read a first page would use: the plan, and its window starts when it is read in windows. */
export async function pgNewestRead(db: Kysely<DB>, filter: SearchFilter, wanted: number): Promise<{ plan: PgPlan; starts: number[] | null }> {
  const inputs = await pgPlanInputs(db, filter, wanted);
  const plan = choosePgPlan(inputs);
  return { plan, starts: await windowsFor(db, filter, inputs, plan, null) };
}
