import { IANAZone } from 'luxon';
import { findIana } from 'windows-iana';
import { validateTimeZone } from '../../chats/chat-input.ts';
import { WINDOWS_DISPLAY_NAMES } from './windows-display-names.ts';

/**
 * What calendars write as a TZID, to an IANA zone. Besides IANA names
 * (Google, Apple, Meetup) there are Windows ids ("W. Europe Standard
 * Time", Exchange), Windows display names ("(UTC-05:00) Eastern Time
 * (US & Canada)", Outlook) and IANA names behind a vendor prefix
 * ("/mozilla.org/20050126_1/America/New_York", Lightning and libical).
 */

const DISPLAY_NAMES = new Map(Object.entries(WINDOWS_DISPLAY_NAMES).map(([name, id]) => [normalizeDisplayName(name), id]));

/** An IANA zone for a TZID, or null when the name says nothing we know. */
export function ianaZoneFor(tzid: string): string | null {
  const name = tzid.trim().replace(/^"(.*)"$/, '$1').trim();
  if (!name) return null;
  for (const candidate of pathSuffixes(name)) {
    // Intl also accepts offsets like "+01:00", which are not zone names.
    if (/^[A-Za-z][\w+\-/]*$/.test(candidate) && IANAZone.isValidZone(candidate)) return validateTimeZone(candidate);
  }
  const windowsId = findIana(name).length > 0 ? name : DISPLAY_NAMES.get(normalizeDisplayName(name));
  const iana = windowsId ? findIana(windowsId)[0] : undefined;
  return iana ? validateTimeZone(iana) : null;
}

/** "a/b/c/d" → "a/b/c/d", "b/c/d", "c/d", "d": the IANA name is the tail of a prefixed TZID. */
function pathSuffixes(name: string): string[] {
  const parts = name.split('/').filter(Boolean);
  return parts.map((_, index) => parts.slice(index).join('/'));
}

/** "(UTC-05:00) Eastern Time (US and Canada)" → "eastern time (us & canada)". */
export function normalizeDisplayName(name: string): string {
  return name
    .replace(/^\((?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)\s*/i, '')
    .replace(/\band\b/gi, '&')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * An IANA name for a fixed UTC offset, for zones a file defines only by
 * its own rules ("Customized Time Zone 1"). Etc/GMT names have inverted
 * signs (Etc/GMT-7 is UTC+7) and exist for whole hours only.
 */
export function fixedOffsetZone(offsetMinutes: number): string {
  if (offsetMinutes === 0 || offsetMinutes % 60 !== 0 || Math.abs(offsetMinutes) > 14 * 60) return 'UTC';
  const hours = offsetMinutes / 60;
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}
