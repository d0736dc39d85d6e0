import ICAL from 'ical.js';
import { invalid } from '../../errors.ts';
import { CalendarClock, type FileZone } from './calendar-clock.ts';
import { chooseEvents, type PlannedEvent } from './choose-events.ts';
import { readEvent } from './event-reader.ts';
import { blockText, outlineCalendar, type Block, type ContentLine } from './ics-structure.ts';
import { ianaZoneFor } from './time-zones.ts';

/** More than this in one upload is refused, so one request stays short. */
export const MAX_EVENTS_PER_IMPORT = 500;

/**
 * An iCalendar file to the events it would import, each with its
 * decision. A file that is not iCalendar, is cut off or holds no event
 * throws (naming `field`); a broken event only rejects that event.
 */
export function readCalendar(text: string, field: string): PlannedEvent[] {
  const outline = outlineCalendar(text, field);
  const events = outline.blocks.filter((b) => b.name === 'VEVENT');
  if (events.length === 0) {
    const todos = outline.blocks.filter((b) => b.name === 'VTODO').length;
    throw invalid(field, `has no events (VEVENT) to import${todos > 0 ? `; its ${todos} to-do item${todos === 1 ? '' : 's'} (VTODO) cannot become chats` : ''}`);
  }
  if (events.length > MAX_EVENTS_PER_IMPORT) throw invalid(field, `has ${events.length} events; import at most ${MAX_EVENTS_PER_IMPORT} at a time`);
  const clock = new CalendarClock(fileZones(outline.blocks), calendarZone(outline.properties));
  return chooseEvents(events.map((block) => readEvent(block, clock)));
}

/**
 * The VTIMEZONEs the file defines. One that cannot be read is left out:
 * only the events that use it are rejected ("unknown time zone").
 */
function fileZones(blocks: Block[]): Map<string, FileZone> {
  const zones = new Map<string, FileZone>();
  for (const block of blocks.filter((b) => b.name === 'VTIMEZONE')) {
    try {
      const component = new ICAL.Component(ICAL.parse(blockText(block)) as unknown as unknown[]);
      const tzid = component.getFirstPropertyValue('tzid');
      if (typeof tzid !== 'string' || tzid === '') continue;
      const location = component.getFirstPropertyValue('x-lic-location');
      zones.set(tzid, { zone: new ICAL.Timezone(component), location: typeof location === 'string' ? location : null });
    } catch {
      // Unreadable definition: see above.
    }
  }
  return zones;
}

/** Google and Apple name the calendar's own zone in X-WR-TIMEZONE; floating times mean that zone. */
function calendarZone(properties: ContentLine[]): string | null {
  for (const property of properties) {
    const match = /^X-WR-TIMEZONE(?:;[^:]*)?:(.+)$/i.exec(property.text);
    if (match) return ianaZoneFor(match[1]!);
  }
  return null;
}
