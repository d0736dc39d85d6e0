import { DateTime, IANAZone } from 'luxon';
import { invalid } from '../errors.ts';

/** Normalizers for the fields of a chat, shared by the API, the forms and the importers. */

const HASHTAG = /^[\p{L}\p{N}_]+$/u;

export function normalizeHashtag(raw: string, field = 'hashtags'): { tag: string; display: string } {
  const display = raw.trim().replace(/^#/, '');
  if (!HASHTAG.test(display)) throw invalid(field, `"${raw}" is not a hashtag (letters, digits and _ only)`);
  return { tag: display.toLowerCase(), display };
}

export function normalizeHashtags(raw: string[]): { tag: string; display: string }[] {
  const seen = new Set<string>();
  const result: { tag: string; display: string }[] = [];
  raw.forEach((value, index) => {
    const tag = normalizeHashtag(value, `hashtags[${index}]`);
    if (!seen.has(tag.tag)) {
      seen.add(tag.tag);
      result.push(tag);
    }
  });
  if (result.length === 0) throw invalid('hashtags', 'needs at least one hashtag');
  return result;
}

export function validateTimeZone(zone: string, field = 'timeZone'): string {
  if (!IANAZone.isValidZone(zone)) throw invalid(field, `"${zone}" is not an IANA time zone such as Europe/London`);
  // Canonical spelling (America/New_York), whatever case was typed.
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

export function parseInstant(value: string, field: string): number {
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) throw invalid(field, 'must be an ISO 8601 date-time, e.g. 2026-03-03T15:00:00-05:00');
  if (!/([zZ]|[+-]\d\d:?\d\d)$/.test(value.trim())) throw invalid(field, 'must include a UTC offset or Z so the instant is unambiguous');
  return dt.toMillis();
}

/** Local wall-clock time in a zone (as typed in a form) to an instant; DST gaps move forward. */
export function localToInstant(local: string, zone: string, field: string): number {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw invalid(field, 'must be a date and time like 2026-03-03T15:00');
  return dt.toMillis();
}

export function slugify(title: string, startsAt: number, zone: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const date = DateTime.fromMillis(startsAt, { zone }).toFormat('yyyy-LL-dd');
  return base ? `${base}-${date}` : `chat-${date}`;
}

/** `dana`, `@dana` → a local handle when such an account exists; `@dana@museum.social` stays external. */
export function normalizeHostHandle(raw: string, index: number): { handle: string; localCandidate: string | null } {
  const value = raw.trim();
  const field = `hosts[${index}]`;
  const external = /^@?([\w.-]+)@([\w.-]+\.[a-z]{2,})$/i.exec(value);
  if (external) return { handle: `@${external[1]}@${external[2]!.toLowerCase()}`, localCandidate: null };
  const plain = /^@?([\w.-]{1,60})$/.exec(value);
  if (!plain) throw invalid(field, `"${raw}" is not a handle (dana, @dana or @dana@server)`);
  return { handle: plain[1]!.toLowerCase(), localCandidate: plain[1]!.toLowerCase() };
}
