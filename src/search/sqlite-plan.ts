/**
 * How SQLite should walk a search (see search-sqlite.ts). SQLite keeps no
 * statistics unless someone runs ANALYZE, so the backend counts what it
 * needs cheaply (capped counts along indexes) and this pure function weighs
 * the options.
 */

export type DriverKind = 'author' | 'chat' | 'hashtag';

export interface DriverEstimate {
  kind: DriverKind;
  /** Posts with this filter. */
  count: number;
  /** The count hit its cap: there are at least that many. */
  capped?: boolean;
  /** Several authors or chats: their posts must be sorted, not streamed in time order. */
  needsSort: boolean;
  /** The hashtag, for a hashtag driver. */
  tag?: string;
}

export interface PlanInputs {
  /** Posts in the key range (dates, chat spans) the words match (at least, when not exact); null without words. */
  textInRange: number | null;
  /** textInRange was counted to the end (not capped). */
  textExact: boolean;
  /** Posts in the whole archive, and in the key range the walk is limited to. */
  total: number;
  inRange: number;
  /** Matches the walk must find: a page for newest-first, every candidate for relevance. */
  wanted: number;
  drivers: DriverEstimate[];
}

/**
 * `driver` walks a filter's time-ordered index and checks the words either
 * with one FTS probe per row (`probe`), or against the set of all matching
 * keys, read once (`set`, when there are few enough).
 */
export type SqlitePlan = { kind: 'fts' } | { kind: 'keys' } | { kind: 'driver'; driver: DriverEstimate; words?: 'probe' | 'set' };

/** A sorted driver is read whole: only when it is this small. */
export const SORTED_DRIVER_LIMIT = 4000;

/** Microseconds per row, measured with bench/search.ts on a million posts. */
const COST = {
  /** A row of a walk down FTS, with the post joined and the filters checked. */
  ftsRow: 4,
  /** A driver row checked with its own FTS query (FTS5 seeks every term's doclist). */
  probeRow: 20,
  /** Reading one matching key into the set. */
  setRow: 0.5,
  /** A driver row checked against the set. */
  setWalkRow: 1,
};

export function choosePlan(inputs: PlanInputs): SqlitePlan {
  // Without words any single driver streams in time order and stops early;
  // with words, a driver of unknown size could mean checking each of its
  // many posts, so only counted ones compete.
  const words = inputs.textInRange !== null;
  const usable = inputs.drivers.filter((d) => (!d.needsSort || d.count < SORTED_DRIVER_LIMIT) && (!words || !d.capped));
  const driver = usable.reduce<DriverEstimate | null>((best, d) => (best === null || d.count < best.count ? d : best), null);
  if (!words) return driver ? { kind: 'driver', driver } : { kind: 'keys' };
  if (!driver) return { kind: 'fts' };
  // Rows each walk reads before it has found what it wants, assuming the
  // words and the filter are independent.
  const range = Math.max(inputs.inRange, 1);
  const text = Math.max(inputs.textInRange!, 1);
  const ftsRows = Math.min(text, (inputs.wanted * range) / Math.max(driver.count, 1));
  const driverRows = Math.min(driver.count, (inputs.wanted * range) / text);
  const costs: Array<[SqlitePlan, number]> = [
    [{ kind: 'fts' }, ftsRows * COST.ftsRow],
    [{ kind: 'driver', driver, words: 'probe' }, driverRows * COST.probeRow],
  ];
  if (inputs.textExact) costs.push([{ kind: 'driver', driver, words: 'set' }, text * COST.setRow + driverRows * COST.setWalkRow]);
  return costs.reduce((best, option) => (option[1] < best[1] ? option : best))[0];
}
