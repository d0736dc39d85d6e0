import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSearchQuery } from './search-query.ts';
import { contradicts } from './search.service.ts';

describe('contradicts', () => {
  it('knows a query that excludes what it asks for can match nothing', () => {
    for (const q of ['museum -museum', 'Museum -museum', '"museum" -museum', 'a #edchat -#edchat', 'x from:dana -from:dana', 'x chat:a -chat:a', 'muse* -muse*']) {
      assert.ok(contradicts(parseSearchQuery(q)), q);
    }
  });

  it('leaves every other query to the database', () => {
    for (const q of ['museum -museums', 'muse* -muse', '"open access" -open', 'museum -#museum', 'x from:dana -from:sam', 'café -cafe']) {
      assert.ok(!contradicts(parseSearchQuery(q)), q);
    }
  });
});
