import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { plural } from './plural.ts';

describe('plural', () => {
  it('counts in the singular for one only, with thousands separated', () => {
    assert.deepEqual([plural(0, 'post'), plural(1, 'post'), plural(2, 'post'), plural(1024, 'record')], ['0 posts', '1 post', '2 posts', '1,024 records']);
  });

  it('takes an irregular plural', () => {
    assert.deepEqual([plural(1, 'reply', 'replies'), plural(3, 'reply', 'replies')], ['1 reply', '3 replies']);
  });
});
