import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoInstant, parseTwitterDate } from './instants.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('parseTwitterDate', () => {
  it('reads the v1.1 format with its offset', () => {
    assert.equal(iso(parseTwitterDate('Tue Mar 03 20:04:55 +0000 2015')), '2015-03-03T20:04:55.000Z');
    assert.equal(iso(parseTwitterDate('Thu Nov 03 04:40:00 +1000 2022')), '2022-11-02T18:40:00.000Z');
    assert.equal(iso(parseTwitterDate('Mon Jan 01 01:30:00 -0230 2018')), '2018-01-01T04:00:00.000Z');
  });

  it('refuses anything else rather than guessing', () => {
    for (const value of ['garbage 2015', '2015-03-03T20:04:55Z', 'Tue Mar 03 20:04:55 2015', 'Tue Mar 03 25:04:55 +0000 2015', '', 1425413095000, null]) {
      assert.equal(parseTwitterDate(value), null, String(value));
    }
  });
});

describe('parseIsoInstant', () => {
  it('reads instants with a zone, milliseconds or more', () => {
    assert.equal(iso(parseIsoInstant('2021-05-18T19:24:56.000Z')), '2021-05-18T19:24:56.000Z');
    assert.equal(iso(parseIsoInstant('2026-07-04T14:38:02+00:00')), '2026-07-04T14:38:02.000Z');
    assert.equal(iso(parseIsoInstant('2021-05-18T19:24:56.123456Z')), '2021-05-18T19:24:56.123Z');
  });

  it('refuses dates without a zone and non-dates', () => {
    for (const value of ['2021-05-18T19:24:56', '2021-05-18', 'now', 'Tue Mar 03 20:04:55 +0000 2015', 5]) assert.equal(parseIsoInstant(value), null, String(value));
  });
});
