import ICAL from 'ical.js';
import { fixedOffsetZone, ianaZoneFor } from './time-zones.ts';
import { instantInVtimezone, instantInZone, offsetMinutes, utcInstant, type WallTime } from './wall-clock.ts';

export interface ZonedInstant {
  instant: number;
  /** The IANA zone the chat is kept in (what "3 pm" meant to the organizer). */
  zone: string;
}

/** A VTIMEZONE from the file, with the IANA name it claims through X-LIC-LOCATION. */
export interface FileZone {
  zone: ICAL.Timezone;
  location: string | null;
}

/**
 * Turns the wall times of one file into instants. A TZID that the file
 * defines with a VTIMEZONE is computed with that definition (RFC 5545
 * makes it authoritative, and custom Exchange zones exist nowhere else);
 * otherwise the TZID must name a zone we know. Floating times and UTC
 * times belong to the calendar's X-WR-TIMEZONE when it has one, else UTC.
 */
export class CalendarClock {
  constructor(
    private readonly fileZones: Map<string, FileZone>,
    private readonly calendarZone: string | null,
  ) {}

  resolve(wall: WallTime, tzid: string | undefined): ZonedInstant | { problem: string } {
    if (wall.isUtc) return { instant: utcInstant(wall), zone: this.calendarZone ?? 'UTC' };
    if (tzid === undefined || tzid.trim() === '') {
      const zone = this.calendarZone ?? 'UTC';
      return { instant: instantInZone(wall, zone), zone };
    }
    const fileZone = this.fileZones.get(tzid) ?? this.fileZones.get(tzid.trim());
    const iana = ianaZoneFor(tzid) ?? (fileZone?.location ? ianaZoneFor(fileZone.location) : null);
    if (fileZone) {
      const instant = instantInVtimezone(wall, fileZone.zone);
      return { instant, zone: iana ?? fixedOffsetZone(offsetMinutes(wall, instant)) };
    }
    if (iana) return { instant: instantInZone(wall, iana), zone: iana };
    return { problem: `unknown time zone "${tzid}" (not an IANA or Windows zone, and the file has no VTIMEZONE for it)` };
  }
}
