import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { choosePgPlan, PG_SORTED_DRIVER_LIMIT, type PgPlanInputs } from './postgres-plan.ts';

const base: PgPlanInputs = { textRows: null, total: 1_000_000, inRange: 1_000_000, wanted: 21, drivers: [] };
const tag = (rows: number) => ({ kind: 'hashtag' as const, tag: 't', rows, needsSort: false });

describe('choosePgPlan', () => {
  it('walks time without words or filters, and a filter’s own index when there is one', () => {
    assert.deepEqual(choosePgPlan(base), { kind: 'time' });
    assert.equal(choosePgPlan({ ...base, drivers: [tag(20_000)] }).kind, 'driver', 'a common tag clustered in a few chats still streams');
    assert.deepEqual(choosePgPlan({ ...base, drivers: [{ kind: 'author', rows: PG_SORTED_DRIVER_LIMIT + 1, needsSort: true }] }), { kind: 'time' });
  });

  it('walks time for common words and reads rare ones from the GIN index', () => {
    assert.deepEqual(choosePgPlan({ ...base, textRows: 300_000 }), { kind: 'time' });
    assert.deepEqual(choosePgPlan({ ...base, textRows: 40 }), { kind: 'gin' });
  });

  it('does not read a phrase of common words from the GIN index', () => {
    assert.deepEqual(choosePgPlan({ ...base, textRows: 1_500 }), { kind: 'gin' });
    assert.deepEqual(choosePgPlan({ ...base, textRows: 1_500, ginRows: 200_000 }), { kind: 'time' }, 'GIN would recheck every post with both words');
  });

  it('walks a rare filter rather than common words', () => {
    const plan = choosePgPlan({ ...base, textRows: 300_000, drivers: [tag(500)] });
    assert.equal(plan.kind === 'driver' && plan.driver.kind, 'hashtag');
  });

  it('collects relevance candidates from the GIN index when the words are rarer than the filter', () => {
    assert.deepEqual(choosePgPlan({ ...base, wanted: 20_000, textRows: 3_000, drivers: [tag(50_000)] }), { kind: 'gin' });
  });
});
