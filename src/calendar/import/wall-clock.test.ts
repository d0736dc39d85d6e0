import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantInZone, wallTimeOf, type WallTime } from './wall-clock.ts';

const wall = (iso: string): WallTime => wallTimeOf(iso)!;

describe('wallTimeOf', () => {
  it('reads date-times, dates and UTC times as written', () => {
    assert.deepEqual(wallTimeOf('2012-06-30T06:00:00'), { year: 2012, month: 6, day: 30, hour: 6, minute: 0, second: 0, isDate: false, isUtc: false });
    assert.equal(wallTimeOf('2011-03-24')?.isDate, true);
    assert.equal(wallTimeOf('2024-01-01T10:00:00Z')?.isUtc, true);
  });

  it('refuses what is no real date instead of rolling it over', () => {
    for (const value of ['2020-13-09T09:00:00', '2003-06-31T10:00:00', '2003-07-01T25:00:00', 'Next- Y-ea', '']) assert.equal(wallTimeOf(value), null, value);
  });
});

describe('instantInZone (RFC 5545 §3.3.5)', () => {
  it('takes the first of a time that happens twice', () => {
    // 25 Oct 2026, London: 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    assert.equal(new Date(instantInZone(wall('2026-10-25T01:30:00'), 'Europe/London')).toISOString(), '2026-10-25T00:30:00.000Z');
    // 1 Nov 2026, New York: 01:30 EDT (05:30Z) comes before 01:30 EST (06:30Z).
    assert.equal(new Date(instantInZone(wall('2026-11-01T01:30:00'), 'America/New_York')).toISOString(), '2026-11-01T05:30:00.000Z');
  });

  it('reads a time skipped by the clocks with the offset from before the gap', () => {
    // 8 Mar 2026, New York: 02:30 does not exist; with EST (-5) it is 07:30Z.
    assert.equal(new Date(instantInZone(wall('2026-03-08T02:30:00'), 'America/New_York')).toISOString(), '2026-03-08T07:30:00.000Z');
  });
});
