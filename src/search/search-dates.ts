import { DateTime, IANAZone } from 'luxon';

/** A whole day of since:/until:, resolved to an instant in the reader's zone. */
export interface DayBound {
  /** As typed, `2024-05-01`. */
  date: string;
  /** since: the day's first millisecond; until: the next day's (exclusive). */
  at: number;
}

/**
 * `since:2024-05-01` starts at that day's midnight and `until:2024-05-31`
 * ends at the next midnight, both in `zone`: a reader in New York asking for
 * May 31 gets what was posted on their May 31, not UTC's.
 */
export function parseDayBound(operator: 'since' | 'until', argument: string, zone: string): DayBound | { message: string } {
  const hint = `write ${operator}:YYYY-MM-DD, e.g. ${operator}:2024-05-01`;
  if (argument === '') return { message: `${operator}: needs a date; ${hint}` };
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(argument);
  const safeZone = IANAZone.isValidZone(zone) ? zone : 'UTC';
  const day = match ? DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, { zone: safeZone }) : null;
  if (!day || !day.isValid) return { message: `${operator}: "${argument.slice(0, 40)}" is not a date; ${hint}` };
  const start = operator === 'since' ? day.startOf('day') : day.plus({ days: 1 }).startOf('day');
  return { date: day.toISODate()!, at: start.toMillis() };
}
