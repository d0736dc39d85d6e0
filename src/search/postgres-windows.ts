/**
 * Newest-first searches on PostgreSQL, read in time windows (see
 * search-postgres.ts). Neither of the two plain walks holds up at a million
 * posts: walking posts backwards in time and testing each one reads
 * `wanted ÷ share of matching posts` rows, thousands of heap pages once the
 * words are less common (or a phrase far rarer than its words); the GIN
 * index hands back every match in the whole archive, and each must be
 * fetched from the heap (cold, on a large archive: ~50–200 µs a page) just
 * to read its time before the newest 20 can be picked. A window
 * `created_at >= T` lets PostgreSQL AND the GIN bitmap with the
 * posts_created_at_id range (BitmapAnd), so only the matches inside the
 * window are fetched; the window is sized to hold a few pages' worth of
 * matches, and grows when it held too few.
 *
 * The window's start T comes from the planner's own histogram of
 * posts.created_at (pg_stats, equal-count buckets), so no rows are read to
 * find it. Posts newer than the last ANALYZE are beyond the histogram's
 * last bound: they simply make the first window larger than planned.
 */

/** Matches a first window should hold, as a multiple of the rows wanted: a share misestimated by a factor 3 still fills the page. */
export const WINDOW_SLACK = 3;
/** Each further window holds this many times the rows of the one before. */
export const WINDOW_GROWTH = 4;
/** After this many bounded windows, the rest of the archive in one read. */
export const MAX_WINDOWS = 5;
/**
 * A window costs its range of the time index (a bitmap entry per post in
 * it); reading every match from the GIN index instead costs a heap fetch
 * per match, cold on a large archive. One fetch is worth about this many
 * bitmap entries (bench/search.ts, shared_buffers far smaller than posts:
 * ~100 µs against ~0.25 µs), so a window
 * wider than matches × this is no cheaper than the open read.
 */
export const WINDOW_ROWS_PER_MATCH = 400;

/**
 * Share of posts with created_at >= `at`, read off equal-count histogram
 * bounds (ascending): counted from the start of the bucket `at` falls in,
 * never interpolated, because posts cluster in time (a chat's hour), so a
 * window measured from it holds at least the posts it was sized for.
 */
export function newerShare(bounds: readonly number[], at: number): number {
  const buckets = bounds.length - 1;
  if (buckets < 1 || at <= bounds[0]!) return 1;
  if (at > bounds[buckets]!) return 0;
  let j = 0;
  while (j < buckets - 1 && bounds[j + 1]! < at) j++;
  return (buckets - j) / buckets;
}

export interface WindowInputs {
  /** posts.created_at histogram bounds, ascending; fewer than 2: no windows. */
  bounds: readonly number[];
  /** Estimated posts in the table. */
  total: number;
  /** Newest time a match may have (an `until:` or the cursor), null for none. */
  upper: number | null;
  /** Oldest time a match may have (`since:`), null for none. */
  lower: number | null;
  /** Rows the first window should span (newer than `upper` not counted). */
  firstRows: number;
  /** Widest window worth reading (matches × WINDOW_ROWS_PER_MATCH): beyond it, the open read. */
  maxRows: number;
}

/**
 * Lower bounds of the windows, newest first, each strictly older than the
 * one before and newer than `lower`. The caller reads [T1, upper),
 * [T2, T1), … and finally everything older than the last one. Empty: read
 * it all at once (the first window would already span the archive).
 */
export function windowStarts(inputs: WindowInputs): number[] {
  const { bounds, upper, lower } = inputs;
  const buckets = bounds.length - 1;
  if (buckets < 1 || !(inputs.firstRows > 0)) return [];
  const total = Math.max(inputs.total, 1);
  const above = upper === null ? 0 : newerShare(bounds, upper);
  const starts: number[] = [];
  for (let rows = inputs.firstRows; starts.length < MAX_WINDOWS && rows <= inputs.maxRows; rows *= WINDOW_GROWTH) {
    const share = above + rows / total;
    if (share >= 1) break;
    // The bound with at least `share` of the posts at or after it.
    const start = bounds[Math.floor(buckets * (1 - share))]!;
    if (lower !== null && start <= lower) break;
    if (upper !== null && start >= upper) continue;
    if (starts.length > 0 && start >= starts.at(-1)!) continue;
    starts.push(start);
  }
  return starts;
}

/** Rows the first window should span: enough for WINDOW_SLACK pages of matches at the estimated share of matching posts. */
export function firstWindowRows(wanted: number, matchingShare: number): number {
  return (WINDOW_SLACK * wanted) / Math.max(matchingShare, 1e-9);
}
