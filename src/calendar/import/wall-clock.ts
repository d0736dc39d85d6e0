import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** A date and time as written in the file, before a zone makes it an instant. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** A DATE value (all-day), not a DATE-TIME. */
  isDate: boolean;
  /** Written with a trailing Z: already UTC. */
  isUtc: boolean;
}

const JCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/;

/**
 * The parser's normalized value ("2012-06-30T06:00:00", "2011-03-24") as
 * wall time, or null when it is no real date. The parser itself rolls
 * "month 13" over into the next year instead of complaining.
 */
export function wallTimeOf(value: string): WallTime | null {
  const match = JCAL_DATE.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  // Second 60 is a leap second (RFC 5545 allows it); everything else must be a real calendar time.
  if (!DateTime.fromObject({ year, month, day, hour, minute, second: Math.min(second, 59) }, { zone: 'utc' }).isValid) return null;
  return { year, month, day, hour, minute, second, isDate: match[4] === undefined, isUtc: match[7] === 'Z' };
}

export function utcInstant(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/**
 * Wall time in an IANA zone to an instant with RFC 5545's rules (§3.3.5):
 * a time that happens twice (the hour the clocks go back) is the first
 * one; a time skipped by the clocks going forward uses the offset from
 * before the gap. Luxon picks the later of two, so we choose ourselves.
 */
export function instantInZone(wall: WallTime, zone: string): number {
  const dt = DateTime.fromObject({ year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second }, { zone });
  const possible = dt.getPossibleOffsets();
  return possible.length > 1 ? Math.min(...possible.map((p) => p.toMillis())) : dt.toMillis();
}

/** Wall time under a VTIMEZONE the file defines itself. */
export function instantInVtimezone(wall: WallTime, zone: ICAL.Timezone): number {
  const time = ICAL.Time.fromData({ year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second, isDate: false }, zone);
  return time.toUnixTime() * 1000;
}

/** The UTC offset in minutes that turned this wall time into this instant. */
export function offsetMinutes(wall: WallTime, instant: number): number {
  return Math.round((utcInstant(wall) - instant) / 60_000);
}
