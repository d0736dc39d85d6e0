import { DateTime } from 'luxon';
import { invalid } from '../../errors.ts';

/**
 * The dates of a recurring series, computed on the wall clock of the series
 * zone: "every second Tuesday, 3 pm America/New_York" is 3 pm local on every
 * date, so the UTC instant moves by an hour when New York changes clocks.
 * Dates are derived from the first date and an index, never from the
 * previous instant, so rounding or a DST gap on one date cannot drift the rest.
 */
export interface RecurrenceRule {
  frequency: 'weekly' | 'monthly';
  /** Weeks (weekly) or months (monthly) between dates. */
  interval: number;
  /** Monthly: 1–4 = first…fourth weekday of the month, -1 = the last one. */
  weekdayOrdinal: number | null;
  /** `yyyy-MM-dd` in timeZone; its weekday is the series' weekday. */
  firstDate: string;
  /** `HH:mm` in timeZone. */
  localTime: string;
  timeZone: string;
}

const ORDINAL_WORDS: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };

export function ordinalWord(ordinal: number): string {
  return ORDINAL_WORDS[String(ordinal)] ?? `${ordinal}th`;
}

/** The local date of date number `index` (0 is the first date). */
export function occurrenceDate(rule: RecurrenceRule, index: number): DateTime {
  const first = DateTime.fromISO(rule.firstDate, { zone: rule.timeZone });
  if (rule.frequency === 'weekly') return first.plus({ weeks: index * rule.interval });
  const month = first.startOf('month').plus({ months: index * rule.interval });
  return nthWeekdayOfMonth(month, first.weekday, rule.weekdayOrdinal ?? ordinalOf(first));
}

/** Start instant (epoch ms) of date number `index`; a time inside a DST gap moves forward, as clocks do. */
export function occurrenceStart(rule: RecurrenceRule, index: number): number {
  const date = occurrenceDate(rule, index);
  const [hour, minute] = rule.localTime.split(':').map(Number);
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone: rule.timeZone }).toMillis();
}

/** Which weekday of its month a date is: 1–4, or -1 for a fifth one (always also the last). */
export function ordinalOf(date: DateTime): number {
  const n = Math.ceil(date.day / 7);
  return n === 5 ? -1 : n;
}

function nthWeekdayOfMonth(monthStart: DateTime, weekday: number, ordinal: number): DateTime {
  if (ordinal === -1) {
    const last = monthStart.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  return monthStart.plus({ days: ((weekday - monthStart.weekday + 7) % 7) + (ordinal - 1) * 7 });
}

/**
 * The rule for a series starting at `startsAt`. A monthly ordinal must
 * describe the first date itself, or the first chat would not be one of
 * the series' own dates.
 */
export function ruleFor(
  startsAt: number,
  timeZone: string,
  recurrence: { frequency: 'weekly' | 'monthly'; interval?: number | undefined; weekdayOrdinal?: number | undefined },
): RecurrenceRule {
  const local = DateTime.fromMillis(startsAt, { zone: timeZone });
  let weekdayOrdinal: number | null = null;
  if (recurrence.frequency === 'monthly') {
    const natural = ordinalOf(local);
    const isLast = local.day + 7 > (local.daysInMonth ?? 31);
    const asked = recurrence.weekdayOrdinal ?? natural;
    if (asked !== natural && !(asked === -1 && isLast)) {
      throw invalid(
        'recurrence.weekdayOrdinal',
        `${local.toFormat('cccc d LLLL yyyy')} is the ${ordinalWord(natural)} ${local.toFormat('cccc')} of its month, not the ${ordinalWord(asked)}; start the series on one of its dates`,
      );
    }
    weekdayOrdinal = asked;
  } else if (recurrence.weekdayOrdinal !== undefined) {
    throw invalid('recurrence.weekdayOrdinal', 'applies to monthly series only');
  }
  return {
    frequency: recurrence.frequency,
    interval: recurrence.interval ?? 1,
    weekdayOrdinal,
    firstDate: local.toISODate()!,
    localTime: local.toFormat('HH:mm'),
    timeZone,
  };
}

/** "Every 2 weeks on Tuesday at 3:00 PM (America/New_York)". */
export function describeRule(rule: RecurrenceRule): string {
  const first = DateTime.fromISO(`${rule.firstDate}T${rule.localTime}`, { zone: rule.timeZone });
  const weekday = first.toFormat('cccc');
  const time = first.toFormat('h:mm a');
  const every =
    rule.frequency === 'weekly'
      ? rule.interval === 1
        ? `Every week on ${weekday}`
        : `Every ${rule.interval} weeks on ${weekday}`
      : `${rule.interval === 1 ? 'Every month' : `Every ${rule.interval} months`} on the ${ordinalWord(rule.weekdayOrdinal ?? ordinalOf(first))} ${weekday}`;
  return `${every} at ${time} (${rule.timeZone})`;
}
