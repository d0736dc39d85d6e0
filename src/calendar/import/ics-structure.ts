import { invalid } from '../../errors.ts';

/**
 * The outline of an iCalendar file before any value is read: which
 * components it holds and on which physical line each starts. Reading the
 * outline ourselves (instead of handing the whole file to the parser) lets
 * one broken event be rejected with its line number while the rest of the
 * file still imports, and lets a truncated or foreign file be refused with
 * a message that says what is wrong.
 */

/** One logical (unfolded) content line and the physical line it starts on. */
export interface ContentLine {
  line: number;
  text: string;
}

/** A component directly inside VCALENDAR (VEVENT, VTIMEZONE, VTODO…). */
export interface Block {
  name: string;
  line: number;
  /** Its lines from BEGIN to END, unfolded. */
  lines: ContentLine[];
}

export interface CalendarOutline {
  /** VCALENDAR's own properties (X-WR-TIMEZONE…). */
  properties: ContentLine[];
  blocks: Block[];
}

/**
 * Bytes of an upload to text, refusing what is not text: iCalendar is
 * UTF-8 (RFC 5545 §3.1.4), so invalid UTF-8 or NUL bytes mean a binary file.
 */
export function decodeCalendarBytes(bytes: Uint8Array, field: string): string {
  if (bytes.length === 0) throw invalid(field, 'is empty; choose an .ics file exported from a calendar');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid(field, 'is not a text file (it looks binary); choose an .ics file exported from a calendar');
  }
  if (text.includes('\u0000')) throw invalid(field, 'is not a text file (it looks binary); choose an .ics file exported from a calendar');
  return text;
}

export function outlineCalendar(text: string, field: string): CalendarOutline {
  const lines = unfold(text);
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) throw invalid(field, 'is empty; choose an .ics file exported from a calendar');
  if (!/^BEGIN:VCALENDAR$/i.test(first.text.trim())) {
    throw invalid(field, `is not an iCalendar file: it should start with BEGIN:VCALENDAR, but line ${first.line} is "${preview(first.text)}"`);
  }

  const outline: CalendarOutline = { properties: [], blocks: [] };
  const open: Array<{ name: string; line: number }> = [];
  let block: Block | null = null;
  for (const entry of lines) {
    const text = entry.text.trim() === '' ? '' : entry.text;
    if (text === '') continue;
    const marker = /^(BEGIN|END):([A-Za-z0-9-]+)\s*$/.exec(text);
    const kind = marker?.[1]?.toUpperCase();
    const name = marker?.[2]?.toUpperCase() ?? '';
    if (open.length === 0) {
      if (kind !== 'BEGIN' || name !== 'VCALENDAR') {
        throw invalid(field, `line ${entry.line}: "${preview(text)}" is outside BEGIN:VCALENDAR … END:VCALENDAR`);
      }
      open.push({ name, line: entry.line });
      continue;
    }
    if (kind === 'BEGIN') {
      open.push({ name, line: entry.line });
      if (open.length === 2) block = { name, line: entry.line, lines: [] };
    }
    if (open.length === 1 && kind !== 'END') outline.properties.push(entry);
    if (block) block.lines.push({ line: entry.line, text });
    if (kind === 'END') {
      const top = open.pop()!;
      if (top.name !== name) {
        throw invalid(field, `line ${entry.line}: END:${name} does not close BEGIN:${top.name} from line ${top.line}`);
      }
      if (open.length === 1 && block) {
        outline.blocks.push(block);
        block = null;
      }
    }
  }
  const unclosed = open.at(-1);
  if (unclosed) {
    throw invalid(field, `is cut off: BEGIN:${unclosed.name} on line ${unclosed.line} is never closed by END:${unclosed.name}; export or download the file again`);
  }
  return outline;
}

/** RFC 5545 §3.1: a line starting with a space or tab continues the previous one. */
export function unfold(text: string): ContentLine[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const result: ContentLine[] = [];
  physical.forEach((raw, index) => {
    const previous = result.at(-1);
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && previous) previous.text += raw.slice(1);
    else result.push({ line: index + 1, text: raw });
  });
  return result;
}

/** A block as text the parser accepts, CRLF-terminated. */
export function blockText(block: Block): string {
  return block.lines.map((l) => l.text).join('\r\n') + '\r\n';
}

/** The line where a property first appears in a block, for messages. */
export function lineOf(block: Block, property: string): number {
  const name = property.toUpperCase();
  const found = block.lines.find((l) => {
    const head = /^([A-Za-z0-9-]+)[;:]/.exec(l.text)?.[1];
    return head?.toUpperCase() === name;
  });
  return found?.line ?? block.line;
}

function preview(text: string): string {
  const clean = text.replace(/[^\x20-\x7E\u00A0-\uFFFF]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
