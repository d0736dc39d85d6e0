import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handleLabel } from './post-words.ts';

describe('handleLabel', () => {
  it('names a handle with its network, and an account known only by its handle once', () => {
    assert.equal(handleLabel({ network: 'local', handle: 'dana', displayName: 'Dana' }), '@dana');
    assert.equal(handleLabel({ network: 'twitter', handle: 'dana', displayName: 'Dana' }), '@dana (twitter)');
    const did = 'did:plc:6aw7u7xjbaiznddugigmdhvc';
    assert.equal(handleLabel({ network: 'bluesky', handle: did, displayName: did }), '(bluesky)');
  });
});
