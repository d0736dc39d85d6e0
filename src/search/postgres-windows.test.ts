import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstWindowRows, MAX_WINDOWS, newerShare, WINDOW_GROWTH, WINDOW_SLACK, windowStarts } from './postgres-windows.ts';

// 100 equal-count buckets over times 0…1000: bound i is 10 × i.
const bounds = Array.from({ length: 101 }, (_, i) => 10 * i);
const total = 1_000_000;

describe('newerShare', () => {
  it('reads the share of posts at or after a time off the histogram', () => {
    assert.equal(newerShare(bounds, -5), 1);
    assert.equal(newerShare(bounds, 1001), 0);
    assert.equal(newerShare(bounds, 901), 0.1);
    assert.equal(newerShare(bounds, 905), 0.1, 'the whole bucket it falls in: posts cluster in time');
  });
});

describe('windowStarts', () => {
  it('sizes the first window for a few pages of matches and grows the next ones', () => {
    const share = 0.001;
    const firstRows = firstWindowRows(21, share);
    assert.equal(firstRows, (WINDOW_SLACK * 21) / share);
    const starts = windowStarts({ bounds, total, upper: null, lower: null, firstRows, maxRows: Infinity });
    // 63,000 rows: 6.3 % of the posts, so the bound with at least that share after it (7 buckets).
    assert.equal(starts[0], 930);
    assert.equal(starts[1], bounds[Math.floor(100 * (1 - (firstRows * WINDOW_GROWTH) / total))]);
    assert.ok(starts.length <= MAX_WINDOWS);
    assert.deepEqual([...starts].sort((a, b) => b - a), starts, 'newest first');
  });

  it('reads everything at once when the first window would span the archive (rare words)', () => {
    assert.deepEqual(windowStarts({ bounds, total, upper: null, lower: null, firstRows: firstWindowRows(21, 0.00002), maxRows: Infinity }), []);
  });

  it('counts from the cursor or until: down, and stops at since:', () => {
    const starts = windowStarts({ bounds, total, upper: 500, lower: 300, firstRows: 20_000, maxRows: Infinity });
    // 51 % at or after the start of until's bucket, 2 % more: the bound with 53 % after it.
    assert.equal(starts[0], 470);
    assert.ok(starts.every((start) => start > 300 && start < 500), JSON.stringify(starts));
  });

  it('stops widening where the time index range costs more than fetching every match', () => {
    const firstRows = 60_000;
    assert.equal(windowStarts({ bounds, total, upper: null, lower: null, firstRows, maxRows: 59_999 }).length, 0);
    assert.equal(windowStarts({ bounds, total, upper: null, lower: null, firstRows, maxRows: firstRows * WINDOW_GROWTH }).length, 2);
  });

  it('has no windows without a histogram', () => {
    assert.deepEqual(windowStarts({ bounds: [], total, upper: null, lower: null, firstRows: 100, maxRows: Infinity }), []);
    assert.deepEqual(windowStarts({ bounds: [5], total, upper: null, lower: null, firstRows: 100, maxRows: Infinity }), []);
  });
});
