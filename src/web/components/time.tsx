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
  const iso = DateTime.fromMillis(at, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? '';
  const utc = DateTime.fromMillis(at, { zone: 'utc' }).toFormat("ccc d LLL yyyy, HH:mm 'UTC'");
  return (
    <time datetime={iso} title={utc} data-local={readerZone ? undefined : style}>
      {formatInstant(dt, style)}
    </time>
  );
}

export function formatInstant(dt: DateTime, style: 'full' | 'date' | 'time'): string {
  if (style === 'date') return dt.toFormat('cccc d LLLL yyyy');
  if (style === 'time') return dt.toFormat('h:mm a ZZZZ');
  return dt.toFormat('ccc d LLL yyyy, h:mm a ZZZZ');
}
