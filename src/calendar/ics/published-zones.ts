import ICAL from 'ical.js';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { DateTime } from 'luxon';
import { instantInVtimezone, type WallTime } from '../import/wall-clock.ts';

/** A zone as calendar apps will see it: the VTIMEZONE we publish and the TZID it declares. */
export interface PublishedZone {
  tzid: string;
  vtimezone: string;
  /**
   * Whether a client reading our VTIMEZONE turns this instant's wall time
   * back into the same instant: not for a time the clocks pass twice
   * (clients differ on which one is meant), nor for a date before the
   * zone's current rules (the published VTIMEZONE only has those).
   */
  represents(instant: number): boolean;
}

const cache = new Map<string, PublishedZone | null>();
// Zones with no offset at all are written as UTC (…Z) times: every client understands those.
const UNIVERSAL = /^(?:Etc\/)?(?:UTC|UCT|GMT|GMT[+-]?0|Greenwich|Universal|Zulu)$/;

/**
 * The VTIMEZONE for an IANA zone (from timezones-ical-library, which
 * tracks the current tz database). Null for UTC, or when the library does
 * not know the zone: such chats are written in UTC.
 */
export function publishedZone(zone: string): PublishedZone | null {
  if (cache.has(zone)) return cache.get(zone)!;
  const found = UNIVERSAL.test(zone) ? null : load(zone);
  cache.set(zone, found);
  return found;
}

function load(zone: string): PublishedZone | null {
  const block = tzlib_get_ical_block(zone);
  if (!Array.isArray(block) || !block[0]) return null;
  const vtimezone = block[0];
  // The library files aliases under their current name (Europe/Kiev → Europe/Kyiv); events must use that TZID.
  const tzid = /^TZID=(.+)$/.exec(block[1] ?? '')?.[1];
  if (!tzid) return null;
  const definition = new ICAL.Timezone(ICAL.Component.fromString(vtimezone));
  return {
    tzid,
    vtimezone,
    represents(instant) {
      const local = DateTime.fromMillis(instant, { zone });
      if (local.getPossibleOffsets().length > 1) return false;
      const wall: WallTime = { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second, isDate: false, isUtc: false };
      return instantInVtimezone(wall, definition) === Math.floor(instant / 1000) * 1000;
    },
  };
}
