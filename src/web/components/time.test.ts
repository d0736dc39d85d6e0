import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { formatInstant } from './time.tsx';

describe('formatInstant', () => {
  it('reads as luxon’s own ZZZZ formats, across DST changes and zones (the abbreviation is cached)', () => {
    const zones = ['America/New_York', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'Pacific/Chatham'];
    for (const zone of zones) {
      for (let day = 0; day < 730; day += 7) {
        const dt = DateTime.fromMillis(Date.UTC(2025, 0, 1, 19, 30) + day * 86_400_000, { zone });
        assert.equal(formatInstant(dt, 'full'), dt.toFormat('ccc d LLL yyyy, h:mm a ZZZZ'));
        assert.equal(formatInstant(dt, 'time'), dt.toFormat('h:mm a ZZZZ'));
      }
    }
    const winter = DateTime.fromMillis(Date.UTC(2026, 0, 10, 19), { zone: 'America/New_York' });
    const summer = DateTime.fromMillis(Date.UTC(2026, 6, 10, 19), { zone: 'America/New_York' });
    assert.equal(formatInstant(winter, 'time'), '2:00 PM EST');
    assert.equal(formatInstant(summer, 'time'), '3:00 PM EDT');
  });
});
