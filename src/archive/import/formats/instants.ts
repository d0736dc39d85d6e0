/**
 * Strict readers for the two time formats the sources use. `Date.parse` is
 * not used on its own: it accepts "garbage 2015" as 1 January 2015, and an
 * archive must reject a bad date rather than invent one.
 */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

// "Tue Mar 03 20:04:55 +0000 2015" (API v1.1, X archives, TAGS `created_at`).
const TWITTER_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

export function parseTwitterDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = TWITTER_DATE.exec(value);
  if (!m) return null;
  const [, mon, day, hh, mm, ss, sign, oh, om, year] = m as unknown as string[];
  const local = Date.UTC(Number(year), MONTHS[mon!]!, Number(day), Number(hh), Number(mm), Number(ss));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  const ms = local - offset;
  return Number.isFinite(ms) && Number(day) >= 1 && Number(day) <= 31 && Number(hh) < 24 && Number(mm) < 60 && Number(ss) < 61 ? ms : null;
}

// RFC 3339 with a zone: "2021-05-18T19:24:56.000Z", "2026-07-04T14:38:02+00:00".
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export function parseIsoInstant(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
