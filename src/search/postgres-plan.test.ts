import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { choosePgPlan, PG_SORTED_DRIVER_LIMIT, relevanceWalkRows, type PgPlanInputs } from './postgres-plan.ts';

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

  it('reads a phrase of a common and a rarer word from the GIN indexes once its word pairs estimate it', () => {
    // "of miwa": PostgreSQL puts the phrase at every post with both words (5,116), a walk of ~4,000 posts;
    // the phrase is in 301, ~70,000 posts back. Its pair's estimate (650) makes the GIN read the choice.
    assert.deepEqual(choosePgPlan({ ...base, textRows: 5_116 }), { kind: 'time' });
    assert.deepEqual(choosePgPlan({ ...base, textRows: 650, pairs: "'1551e'" }), { kind: 'gin' });
  });

  it('walks a rare filter rather than common words', () => {
    const plan = choosePgPlan({ ...base, textRows: 300_000, drivers: [tag(500)] });
    assert.equal(plan.kind === 'driver' && plan.driver.kind, 'hashtag');
  });

  it('walks a budget of newest posts for relevance when neither walk nor index is cheap (a phrase of common words)', () => {
    const phrase = { ...base, wanted: 10_000, textRows: 5_000, ginRows: 80_000 };
    // Unbudgeted, the GIN read of every post with both words looks cheaper than walking the whole archive.
    assert.deepEqual(choosePgPlan(phrase), { kind: 'gin' });
    assert.deepEqual(choosePgPlan({ ...phrase, budgeted: true }), { kind: 'time' });
    // Rare words still come from the index.
    assert.deepEqual(choosePgPlan({ ...phrase, textRows: 900, ginRows: 900, budgeted: true }), { kind: 'gin' });
    assert.ok(relevanceWalkRows('time') > relevanceWalkRows('driver'), 'a filter index walk costs more per post');
  });

  it('collects relevance candidates from the GIN index when the words are rarer than the filter', () => {
    assert.deepEqual(choosePgPlan({ ...base, wanted: 20_000, textRows: 3_000, drivers: [tag(50_000)] }), { kind: 'gin' });
  });
});
