import ICAL from 'ical.js';
import type { WallTime } from './wall-clock.ts';

/** How far we look for the first occurrence left when DTSTART itself is excluded. */
const MAX_STEPS = 1000;

export interface Recurrence {
  startWall: WallTime;
  /** DTSTART as an instant. */
  start: number;
  rule: ICAL.Recur | null;
  /** RDATE instants. */
  extra: number[];
  excluded: (instant: number) => boolean;
  /** A wall time of the rule (in DTSTART's zone) to an instant. */
  resolve: (wall: WallTime) => number;
}

/**
 * The first occurrence of a recurring event, or null when every one is
 * excluded. DTSTART is always the first occurrence (RFC 5545 §3.8.5.3),
 * even when the rule would not produce it, unless an EXDATE removes it;
 * then the earliest later date of the rule or the RDATEs counts.
 */
export function firstOccurrence(recurrence: Recurrence): number | null {
  const { start, excluded } = recurrence;
  if (!excluded(start)) return start;
  const candidates = recurrence.extra.filter((instant) => instant > start && !excluded(instant));
  if (recurrence.rule) {
    const { startWall } = recurrence;
    const iterator = recurrence.rule.iterator(
      ICAL.Time.fromData({ year: startWall.year, month: startWall.month, day: startWall.day, hour: startWall.hour, minute: startWall.minute, second: startWall.second, isDate: false }),
    );
    for (let step = 0; step < MAX_STEPS; step++) {
      const next = iterator.next();
      if (!next) break;
      const instant = recurrence.resolve({ year: next.year, month: next.month, day: next.day, hour: next.hour, minute: next.minute, second: next.second, isDate: false, isUtc: startWall.isUtc });
      if (instant > start && !excluded(instant)) {
        candidates.push(instant);
        break;
      }
    }
  }
  return candidates.length > 0 ? Math.min(...candidates) : null;
}
