/**
 * How PostgreSQL should walk a search (see search-postgres.ts). Its own
 * planner, left alone, assumes matches are spread evenly in time: asked for
 * the newest 20 posts of a hashtag that lives in a few chats, it walks
 * backwards through every newer post. Here the estimates still come from
 * PostgreSQL's statistics (EXPLAIN), but the walk is chosen knowing that a
 * filter's own index (an author's, a chat's, a hashtag's posts in time
 * order) never has that problem.
 */

export type PgDriverKind = 'author' | 'chat' | 'hashtag';

export interface PgDriver {
  kind: PgDriverKind;
  /** Estimated posts with this filter. */
  rows: number;
  /** Several authors or chats: their posts must be sorted, not streamed in time order. */
  needsSort: boolean;
  tag?: string;
}

export interface PgPlanInputs {
  /** Estimated posts matching the words (whole archive); null without words. */
  textRows: number | null;
  total: number;
  /** Estimated posts in the date range (total without one). */
  inRange: number;
  /** Matches wanted: a page for newest-first, every candidate for relevance. */
  wanted: number;
  drivers: PgDriver[];
  /**
   * Posts the GIN index returns: for a phrase with no word pairs to AND in
   * (postgres-phrase-pairs.ts), every post with all its words, each then
   * checked for the phrase. Defaults to textRows.
   */
  ginRows?: number;
  /**
   * A phrase's word pairs (postgres-phrase-pairs.ts) when a GIN read should
   * AND them in: their estimate is then textRows.
   */
  pairs?: string;
  /**
   * Relevance only: walks stop after RELEVANCE_WALK_BUDGET_US worth of rows
   * (see relevanceWalkRows), so candidates are the matches among that many
   * of the newest posts when matches are too rare to fill the quota sooner.
   */
  budgeted?: boolean;
}

/**
 * `time`: backwards through posts_created_at_id, words checked row by row;
 * `gin`: every match from the GIN index, then sorted;
 * `driver`: backwards through one filter's own time-ordered index.
 */
export type PgPlan = { kind: 'time' } | { kind: 'gin' } | { kind: 'driver'; driver: PgDriver };

export const PG_SORTED_DRIVER_LIMIT = 4000;

/**
 * Microseconds per row (bench/search.ts, a million posts): a walk fetches
 * each post and tests it; the GIN read fetches every match, rechecks and
 * sorts them.
 */
const COST = { timeRow: 3, driverRow: 8, ginRow: 8, bitmapEntry: 0.5 };

/**
 * How long (in the cost units above, microseconds) a relevance walk may
 * read posts. Relevance ranks the newest RELEVANCE_CANDIDATES matches; for
 * a phrase of common words ("the museum") those are spread over most of the
 * archive, and neither walk is cheap: the time walk reads hundreds of
 * thousands of posts to find them, and the GIN indexes hand back tens of
 * thousands of posts to fetch. A walk
 * that stops after this budget ranks the matches among the newest posts it
 * read instead: for such queries, the most recent ones are the best
 * candidates anyway.
 */
export const RELEVANCE_WALK_BUDGET_US = 100_000;

/** Rows a budgeted relevance walk reads at most: along posts in time order, or along a filter's index. */
export function relevanceWalkRows(kind: 'time' | 'driver'): number {
  return Math.round(RELEVANCE_WALK_BUDGET_US / (kind === 'time' ? COST.timeRow : COST.driverRow));
}

/**
 * The GIN read: every index entry, and a heap fetch and recheck for each.
 * An author's or chat's btree index ANDs with the GIN bitmap (PostgreSQL's
 * BitmapAnd), so only the posts that pass both are fetched; a hashtag
 * filter is a subquery, checked after the fetch.
 */
function ginCost(entries: number, bitmapFilter: number): number {
  return bitmapFilter < 1 ? entries * COST.bitmapEntry + entries * bitmapFilter * COST.ginRow : entries * COST.ginRow;
}

export function choosePgPlan(inputs: PgPlanInputs): PgPlan {
  const usable = inputs.drivers.filter((d) => !d.needsSort || d.rows < PG_SORTED_DRIVER_LIMIT);
  const driver = usable.reduce<PgDriver | null>((best, d) => (best === null || d.rows < best.rows ? d : best), null);
  const total = Math.max(inputs.total, 1);
  const range = Math.min(Math.max(inputs.inRange, 1), total);
  if (inputs.textRows === null) return driver ? { kind: 'driver', driver } : { kind: 'time' };
  // Fractions of posts, assuming words, filters and time are independent.
  const text = Math.min(Math.max(inputs.textRows, 1), total) / total;
  const filter = driver ? Math.max(driver.rows, 1) / total : 1;
  const cap = (kind: 'time' | 'driver') => (inputs.budgeted ? relevanceWalkRows(kind) : Infinity);
  const options: Array<[PgPlan, number]> = [
    [{ kind: 'time' }, Math.min(range, cap('time'), inputs.wanted / (text * filter)) * COST.timeRow],
    [{ kind: 'gin' }, ginCost(Math.max(inputs.ginRows ?? 0, text * total), driver && driver.kind !== 'hashtag' ? filter : 1)],
  ];
  if (driver) options.push([{ kind: 'driver', driver }, Math.min(driver.rows, cap('driver'), inputs.wanted / text) * COST.driverRow]);
  return options.reduce((best, option) => (option[1] < best[1] ? option : best))[0];
}
