import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { CalendarClock, ZonedInstant } from './calendar-clock.ts';
import { firstOccurrence } from './first-occurrence.ts';
import { blockText, lineOf, type Block } from './ics-structure.ts';
import { instantInZone, wallTimeOf, type WallTime } from './wall-clock.ts';

/** Chats may not last longer than this (the chats service enforces the same). */
export const MAX_EVENT_HOURS = 72;

/** One VEVENT as read from the file, before recurrences are sorted out. */
export interface ReadEvent {
  line: number;
  uid: string | null;
  title: string;
  /** RECURRENCE-ID as an instant: this VEVENT replaces one occurrence of a recurring event. */
  recurrenceId: number | null;
  sequence: number;
  /** LAST-MODIFIED or DTSTAMP, to pick the newest of two versions. */
  stamp: number;
  result: EventTimes | { kind: 'skipped' | 'rejected'; reason: string; line: number };
}

export interface EventTimes {
  kind: 'ok';
  description: string;
  location: string;
  url: string | null;
  /** For a recurring event, its first occurrence. */
  startsAt: number;
  endsAt: number;
  timeZone: string;
  recurring: boolean;
  notes: string[];
}

/** Thrown inside the reader to end with a skip or a rejection. */
class Outcome extends Error {
  constructor(
    readonly kind: 'skipped' | 'rejected',
    readonly reason: string,
    readonly line: number,
  ) {
    super(reason);
  }
}

export function readEvent(block: Block, clock: CalendarClock): ReadEvent {
  let event: ICAL.Component;
  try {
    event = new ICAL.Component(ICAL.parse(blockText(block)) as unknown as unknown[]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = lineOfParserError(block, message);
    const uid = rawValue(block, 'UID') || null;
    return { line: block.line, uid, title: unescapeText(rawValue(block, 'SUMMARY')), recurrenceId: null, sequence: 0, stamp: 0, result: { kind: 'rejected', reason: `cannot be read: ${message}`, line } };
  }
  const text = (name: string) => {
    const value = event.getFirstPropertyValue(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const base = {
    line: block.line,
    uid: text('uid') || null,
    title: text('summary'),
    recurrenceId: quietly(() => recurrenceIdOf(event, clock)),
    sequence: quietly(() => Number(event.getFirstPropertyValue('sequence'))) || 0,
    stamp: quietly(() => stampOf(event)) ?? 0,
  };
  try {
    return { ...base, result: readTimes(block, event, clock, text) };
  } catch (error) {
    if (error instanceof Outcome) return { ...base, result: { kind: error.kind, reason: error.reason, line: error.line } };
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, result: { kind: 'rejected', reason: `cannot be read: ${message}`, line: block.line } };
  }
}

function readTimes(block: Block, event: ICAL.Component, clock: CalendarClock, text: (name: string) => string): EventTimes {
  const status = text('status').toUpperCase();
  if (status === 'CANCELLED') throw new Outcome('skipped', 'is cancelled in the calendar it came from', lineOf(block, 'STATUS'));
  if (!text('summary')) throw new Outcome('rejected', 'has no SUMMARY, so the chat would have no title', block.line);

  const startProperty = event.getFirstProperty('dtstart');
  if (!startProperty) throw new Outcome('rejected', 'has no DTSTART (start time)', block.line);
  const startWall = wallOf(block, startProperty, 'DTSTART');
  if (startWall.isDate) throw new Outcome('skipped', 'is an all-day event; a chat needs a start time', lineOf(block, 'DTSTART'));
  const startTzid = tzidOf(startProperty);
  const start = resolved(block, 'DTSTART', clock.resolve(startWall, startTzid));

  const notes: string[] = [];
  const end = endOf(block, event, clock, start, notes);
  const endLine = lineOf(block, event.hasProperty('dtend') ? 'DTEND' : 'DURATION');
  if (end <= start.instant) throw new Outcome('rejected', 'ends before it starts (DTEND is not after DTSTART)', endLine);
  if (end - start.instant > MAX_EVENT_HOURS * 3600_000) {
    throw new Outcome('rejected', `lasts more than ${MAX_EVENT_HOURS} hours; a chat may last at most ${MAX_EVENT_HOURS} hours`, endLine);
  }

  const recurring = !event.hasProperty('recurrence-id') && (event.hasProperty('rrule') || event.hasProperty('rdate'));
  let startsAt = start.instant;
  if (recurring) {
    const excluded = exclusionsOf(block, event, clock, start.zone);
    const first = firstOccurrence({ startWall, start: start.instant, rule: ruleOf(block, event), extra: extraDatesOf(block, event, clock), excluded, resolve: (wall) => resolved(block, 'RRULE', clock.resolve(wall, startTzid)).instant });
    if (first === null) throw new Outcome('skipped', 'is a recurring event whose every occurrence is excluded (EXDATE)', lineOf(block, 'EXDATE'));
    startsAt = first;
    notes.push('recurring event: only its first occurrence is imported');
  }
  const url = text('url');
  return {
    kind: 'ok',
    description: text('description'),
    location: text('location'),
    url: /^https?:\/\/\S+$/i.test(url) ? url : null,
    startsAt,
    endsAt: startsAt + (end - start.instant),
    timeZone: start.zone,
    recurring,
    notes,
  };
}

function endOf(block: Block, event: ICAL.Component, clock: CalendarClock, start: ZonedInstant, notes: string[]): number {
  const endProperty = event.getFirstProperty('dtend');
  if (endProperty) {
    const wall = wallOf(block, endProperty, 'DTEND');
    // A DATE end with a DATE-TIME start (Lanyrd does this) means midnight that day.
    if (wall.isDate) return instantInZone({ ...wall, isDate: false }, start.zone);
    return resolved(block, 'DTEND', clock.resolve(wall, tzidOf(endProperty))).instant;
  }
  const duration = event.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) {
    // Days and weeks are calendar days in the event's zone (RFC 5545 §3.3.6): 1 day is 23 h on the day the clocks go forward.
    const sign = duration.isNegative ? -1 : 1;
    return DateTime.fromMillis(start.instant, { zone: start.zone })
      .plus({ weeks: sign * duration.weeks, days: sign * duration.days })
      .plus({ hours: sign * duration.hours, minutes: sign * duration.minutes, seconds: sign * duration.seconds })
      .toMillis();
  }
  notes.push('no end time in the file: assumed to last one hour');
  return start.instant + 3600_000;
}

function exclusionsOf(block: Block, event: ICAL.Component, clock: CalendarClock, zone: string): (instant: number) => boolean {
  const instants = new Set<number>();
  const days = new Set<string>();
  for (const property of event.getAllProperties('exdate')) {
    for (const value of valuesOf(property)) {
      const wall = wallTimeOf(value);
      if (!wall) throw new Outcome('rejected', `EXDATE "${value}" is not a valid date or time`, lineOf(block, 'EXDATE'));
      if (wall.isDate) days.add(`${wall.year}-${wall.month}-${wall.day}`);
      else instants.add(resolved(block, 'EXDATE', clock.resolve(wall, tzidOf(property))).instant);
    }
  }
  return (instant) => {
    if (instants.has(instant)) return true;
    const local = DateTime.fromMillis(instant, { zone });
    return days.has(`${local.year}-${local.month}-${local.day}`);
  };
}

function extraDatesOf(block: Block, event: ICAL.Component, clock: CalendarClock): number[] {
  return event.getAllProperties('rdate').flatMap((property) =>
    valuesOf(property).flatMap((value) => {
      const wall = wallTimeOf(value);
      return wall && !wall.isDate ? [resolved(block, 'RDATE', clock.resolve(wall, tzidOf(property))).instant] : [];
    }),
  );
}

function ruleOf(block: Block, event: ICAL.Component): ICAL.Recur | null {
  const rule = event.getFirstPropertyValue('rrule');
  if (rule === null || rule === undefined) return null;
  if (!(rule instanceof ICAL.Recur)) throw new Outcome('rejected', 'RRULE could not be read', lineOf(block, 'RRULE'));
  return rule;
}

function recurrenceIdOf(event: ICAL.Component, clock: CalendarClock): number | null {
  const property = event.getFirstProperty('recurrence-id');
  if (!property) return null;
  const wall = wallTimeOf(valuesOf(property)[0] ?? '');
  if (!wall) return null;
  const zoned = clock.resolve(wall.isDate ? { ...wall, isDate: false } : wall, tzidOf(property));
  return 'instant' in zoned ? zoned.instant : null;
}

function stampOf(event: ICAL.Component): number | null {
  const property = event.getFirstProperty('last-modified') ?? event.getFirstProperty('dtstamp');
  const wall = property ? wallTimeOf(valuesOf(property)[0] ?? '') : null;
  return wall ? Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) : null;
}

/** The property's values as the parser normalized them ("2012-06-30T06:00:00"), read without converting. */
function valuesOf(property: ICAL.Property): string[] {
  const json = property.toJSON() as unknown[];
  return json.slice(3).map((value) => (Array.isArray(value) ? String(value[0]) : String(value)));
}

function wallOf(block: Block, property: ICAL.Property, name: string): WallTime {
  const wall = wallTimeOf(valuesOf(property)[0] ?? '');
  if (!wall) throw new Outcome('rejected', `${name} "${rawValue(block, name)}" is not a valid date or time`, lineOf(block, name));
  return wall;
}

function tzidOf(property: ICAL.Property): string | undefined {
  const tzid = property.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

function resolved(block: Block, name: string, result: ZonedInstant | { problem: string }): ZonedInstant {
  if ('problem' in result) throw new Outcome('rejected', `${name}: ${result.problem}`, lineOf(block, name));
  return result;
}

/** What the file says after the property name and parameters, for messages. */
function rawValue(block: Block, name: string): string {
  const line = block.lines.find((l) => l.line === lineOf(block, name) && l.line !== block.line)?.text ?? '';
  const colon = /^(?:[^":]|"[^"]*")*:/.exec(line);
  return colon ? line.slice(colon[0].length) : line;
}

/** TEXT escapes (RFC 5545 §3.3.11), for values read without the parser. */
function unescapeText(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)).trim();
}

/** The parser names the offending line's text in quotes; find where it is. */
function lineOfParserError(block: Block, message: string): number {
  const quoted = [...message.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => m[1] ?? m[2] ?? '').sort((a, b) => b.length - a.length);
  for (const fragment of quoted) {
    const found = block.lines.find((l) => l.text.includes(fragment));
    if (found) return found.line;
  }
  return block.line;
}

function quietly<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
