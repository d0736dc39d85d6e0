import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { decodeCalendarBytes, outlineCalendar, unfold } from './ics-structure.ts';

const refusal = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (error: unknown) => error instanceof AppError && error.field === 'file' && pattern.test(error.message));

describe('unfold', () => {
  it('joins continuation lines and keeps the physical line a property starts on', () => {
    assert.deepEqual(unfold('A:1\r\nB:long\r\n  text\r\n\tmore\nC:3'), [
      { line: 1, text: 'A:1' },
      { line: 2, text: 'B:long text' + 'more' },
      { line: 5, text: 'C:3' },
    ]);
  });
});

describe('outlineCalendar', () => {
  it('lists the components inside VCALENDAR with their lines', () => {
    const outline = outlineCalendar('BEGIN:VCALENDAR\nX-WR-TIMEZONE:Europe/Paris\nBEGIN:VEVENT\nUID:a\nBEGIN:VALARM\nEND:VALARM\nEND:VEVENT\nBEGIN:VTODO\nEND:VTODO\nEND:VCALENDAR\n', 'file');
    assert.deepEqual(outline.blocks.map((b) => [b.name, b.line, b.lines.length]), [['VEVENT', 3, 5], ['VTODO', 8, 2]]);
    assert.deepEqual(outline.properties.map((p) => p.text), ['X-WR-TIMEZONE:Europe/Paris']);
  });

  it('refuses files that are not iCalendar, cut off or badly nested, saying where', () => {
    refusal(() => outlineCalendar('<!doctype html><p>Sign in</p>', 'file'), /should start with BEGIN:VCALENDAR, but line 1/);
    refusal(() => outlineCalendar('BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:half', 'file'), /cut off: BEGIN:VEVENT on line 2 is never closed/);
    refusal(() => outlineCalendar('BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\nEND:VCALENDAR', 'file'), /line 3: END:VTODO does not close BEGIN:VEVENT from line 2/);
    refusal(() => outlineCalendar('BEGIN:VCALENDAR\nEND:VCALENDAR\nSUMMARY:stray', 'file'), /line 3: "SUMMARY:stray" is outside/);
    refusal(() => outlineCalendar('\n\n', 'file'), /is empty/);
  });
});

describe('decodeCalendarBytes', () => {
  it('refuses binary data and empty uploads', () => {
    refusal(() => decodeCalendarBytes(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]), 'file'), /not a text file/);
    refusal(() => decodeCalendarBytes(new TextEncoder().encode('BEGIN:VCALENDAR\u0000'), 'file'), /not a text file/);
    refusal(() => decodeCalendarBytes(new Uint8Array(), 'file'), /is empty/);
    assert.equal(decodeCalendarBytes(new TextEncoder().encode('BEGIN:VCALENDAR é'), 'file'), 'BEGIN:VCALENDAR é');
  });
});
