import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeRule, occurrenceDate, occurrenceStart, ruleFor } from './recurrence.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('recurrence', () => {
  it('keeps 3 pm New York across the March change (every second week)', () => {
    // 24 Feb is EST (UTC-5); New York springs forward on 8 March.
    const rule = ruleFor(Date.UTC(2026, 1, 24, 20), 'America/New_York', { frequency: 'weekly', interval: 2 });
    assert.deepEqual(rule, { frequency: 'weekly', interval: 2, weekdayOrdinal: null, firstDate: '2026-02-24', localTime: '15:00', timeZone: 'America/New_York' });
    assert.deepEqual([0, 1, 2, 3].map((i) => iso(occurrenceStart(rule, i))), [
      '2026-02-24T20:00:00.000Z',
      '2026-03-10T19:00:00.000Z',
      '2026-03-24T19:00:00.000Z',
      '2026-04-07T19:00:00.000Z',
    ]);
    assert.equal(describeRule(rule), 'Every 2 weeks on Tuesday at 3:00 PM (America/New_York)');
  });

  it('keeps 3 pm New York across the November change, while London already moved', () => {
    const ny = ruleFor(Date.UTC(2026, 9, 20, 19), 'America/New_York', { frequency: 'weekly', interval: 2 });
    assert.deepEqual([0, 1, 2].map((i) => iso(occurrenceStart(ny, i))), ['2026-10-20T19:00:00.000Z', '2026-11-03T20:00:00.000Z', '2026-11-17T20:00:00.000Z']);
    // London falls back on 25 October, a week before New York.
    const london = ruleFor(Date.UTC(2026, 9, 20, 14), 'Europe/London', { frequency: 'weekly' });
    assert.deepEqual([0, 1].map((i) => iso(occurrenceStart(london, i))), ['2026-10-20T14:00:00.000Z', '2026-10-27T15:00:00.000Z']);
  });

  it('finds the second Tuesday of each month', () => {
    const rule = ruleFor(Date.UTC(2026, 0, 13, 20), 'America/New_York', { frequency: 'monthly', weekdayOrdinal: 2 });
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => occurrenceDate(rule, i).toISODate()), ['2026-01-13', '2026-02-10', '2026-03-10', '2026-04-14', '2026-05-12']);
    assert.equal(iso(occurrenceStart(rule, 2)), '2026-03-10T19:00:00.000Z', 'EDT after 8 March');
    assert.equal(describeRule(rule), 'Every month on the second Tuesday at 3:00 PM (America/New_York)');
  });

  it('derives the ordinal from the first date, and supports the last weekday', () => {
    // 27 January 2026 is the fourth and last Tuesday; -1 keeps "last" in months with five.
    const last = ruleFor(Date.UTC(2026, 0, 27, 15), 'Europe/London', { frequency: 'monthly', weekdayOrdinal: -1 });
    assert.deepEqual([0, 1, 2].map((i) => occurrenceDate(last, i).toISODate()), ['2026-01-27', '2026-02-24', '2026-03-31']);
    const derived = ruleFor(Date.UTC(2026, 0, 27, 15), 'Europe/London', { frequency: 'monthly' });
    assert.equal(derived.weekdayOrdinal, 4);
    assert.equal(occurrenceDate(derived, 2).toISODate(), '2026-03-24');
  });

  it('refuses an ordinal the first date does not have', () => {
    assert.throws(
      () => ruleFor(Date.UTC(2026, 2, 3, 20), 'America/New_York', { frequency: 'monthly', weekdayOrdinal: 2 }),
      /recurrence\.weekdayOrdinal: Tuesday 3 March 2026 is the first Tuesday of its month, not the second/,
    );
    assert.throws(() => ruleFor(Date.UTC(2026, 2, 3, 20), 'UTC', { frequency: 'weekly', weekdayOrdinal: 1 }), /monthly series only/);
  });

  it('uses the organizer’s local date, not UTC’s', () => {
    // 9 pm Monday in New York is already Tuesday in UTC: the series is on Mondays.
    const rule = ruleFor(Date.UTC(2026, 0, 6, 2), 'America/New_York', { frequency: 'weekly' });
    assert.equal(rule.firstDate, '2026-01-05');
    assert.match(describeRule(rule), /on Monday at 9:00 PM/);
  });
});
