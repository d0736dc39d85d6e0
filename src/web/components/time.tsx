import { DateTime } from 'luxon';

/**
 * An instant as a `<time>` element. The server writes it in the reader's
 * zone when known (a member's setting), otherwise in the chat's own zone;
 * the client script rewrites `data-local` times into the browser's zone.
 */
export function LocalTime({
  at,
  zone,
  readerZone,
  style = 'full',
}: {
  at: number;
  zone: string;
  readerZone: string | null;
  style?: 'full' | 'date' | 'time';
}) {
  const shownZone = readerZone ?? zone;
  const dt = DateTime.fromMillis(at, { zone: shownZone });
  const inUtc = DateTime.fromMillis(at, { zone: 'utc' });
  const iso = inUtc.toISO({ suppressMilliseconds: true }) ?? '';
  const utc = inUtc.toFormat("ccc d LLL yyyy, HH:mm 'UTC'");
  return (
    <time datetime={iso} title={utc} data-local={readerZone ? undefined : style}>
      {formatInstant(dt, style)}
    </time>
  );
}

/** Whether two instants fall on the same calendar day in `zone`. */
export function sameLocalDay(a: number, b: number, zone: string): boolean {
  return DateTime.fromMillis(a, { zone }).hasSame(DateTime.fromMillis(b, { zone }), 'day');
}

export function formatInstant(dt: DateTime, style: 'full' | 'date' | 'time'): string {
  if (style === 'date') return dt.toFormat('cccc d LLLL yyyy');
  if (style === 'time') return `${dt.toFormat('h:mm a')} ${zoneAbbreviation(dt)}`;
  return `${dt.toFormat('ccc d LLL yyyy, h:mm a')} ${zoneAbbreviation(dt)}`;
}

/**
 * Luxon's `ZZZZ` ("EST", "GMT+2") builds a new Intl.DateTimeFormat on every
 * call, which was a fifth of a long transcript's rendering. A zone's
 * abbreviation changes only with its offset, so it is looked up once per
 * zone and offset.
 */
const abbreviations = new Map<string, string>();

function zoneAbbreviation(dt: DateTime): string {
  const key = `${dt.zoneName}\u0000${dt.offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = dt.toFormat('ZZZZ');
    // Zones and offsets are few; the bound only guards against odd input.
    if (abbreviations.size > 10_000) abbreviations.clear();
    abbreviations.set(key, name);
  }
  return name;
}
