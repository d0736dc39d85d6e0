import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { choosePlan, SORTED_DRIVER_LIMIT, type PlanInputs } from './sqlite-plan.ts';

const base: PlanInputs = { textInRange: null, textExact: false, total: 1_000_000, inRange: 1_000_000, wanted: 21, drivers: [] };
const author = (count: number, needsSort = false) => ({ kind: 'author' as const, count, needsSort });
const tag = (count: number) => ({ kind: 'hashtag' as const, tag: 't', count, needsSort: false });

describe('choosePlan (SQLite)', () => {
  it('walks all keys when there is nothing to drive by', () => {
    assert.deepEqual(choosePlan(base), { kind: 'keys' });
  });

  it('walks the smallest time-ordered filter when there are no words', () => {
    const plan = choosePlan({ ...base, drivers: [tag(20_000), author(300)] });
    assert.equal(plan.kind === 'driver' && plan.driver.kind, 'author');
  });

  it('reads a filter that needs sorting only when it is small', () => {
    assert.deepEqual(choosePlan({ ...base, drivers: [author(SORTED_DRIVER_LIMIT + 1, true)] }), { kind: 'keys' });
    assert.equal(choosePlan({ ...base, drivers: [author(100, true)] }).kind, 'driver');
  });

  it('walks FTS for words, unless a filter is far rarer than they are', () => {
    const common = { ...base, textInRange: 20_000 };
    assert.deepEqual(choosePlan(common), { kind: 'fts' });
    assert.deepEqual(choosePlan({ ...common, drivers: [author(19_000)] }), { kind: 'fts' }, 'common words and a common author: a short FTS walk');
    assert.equal(choosePlan({ ...common, drivers: [author(30)] }).kind, 'driver', 'a rare author: their 30 posts');
  });

  it('checks rare words against their set of matches rather than probing row by row', () => {
    const plan = choosePlan({ ...base, textInRange: 3_000, textExact: true, drivers: [author(5_000)] });
    assert.equal(plan.kind === 'driver' && plan.words, 'set');
    assert.equal(choosePlan({ ...base, textInRange: 20, textExact: true, drivers: [author(5_000)] }).kind, 'fts', 'very rare words: walk them');
  });

  it('prefers FTS inside a narrow time range (one chat’s hour)', () => {
    assert.equal(choosePlan({ ...base, textInRange: 200, textExact: true, inRange: 2_000, drivers: [{ kind: 'chat', count: 2_000, needsSort: false }] }).kind, 'fts');
  });

  it('does not probe FTS through a filter of unknown size', () => {
    assert.deepEqual(choosePlan({ ...base, textInRange: 20_000, drivers: [{ ...author(20_000), capped: true }] }), { kind: 'fts' });
    assert.equal(choosePlan({ ...base, drivers: [{ ...tag(20_000), capped: true }] }).kind, 'driver', 'without words it streams anyway');
  });

  it('collects relevance candidates through a rare filter', () => {
    assert.equal(choosePlan({ ...base, wanted: 20_000, textInRange: 20_000, drivers: [author(1_000)] }).kind, 'driver');
  });
});
