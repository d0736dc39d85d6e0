import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anonymise, tombstone } from './event-scrub.ts';

const created = {
  type: 'post.created',
  payload: JSON.stringify({ post: { id: '7', text: 'my words', author: { handle: 'dana', displayName: 'Dana', network: 'twitter' }, source: { network: 'twitter', id: '1', url: 'https://x.com/dana/status/1' } } }),
};

describe('event scrubbing', () => {
  it('turns a removed post’s event into a tombstone without text or author', () => {
    const result = tombstone(created, new Set([7]));
    assert.deepEqual(result, { type: 'post.deleted', payload: '{"postId":"7","removed":true}' });
    assert.equal(tombstone(created, new Set([8])), null);
    assert.equal(tombstone({ type: 'post.deleted', payload: '{"postId":"7"}' }, new Set([7])), null, 'nothing to hide');
    assert.equal(tombstone({ type: 'post.created', payload: 'not json' }, new Set([7])), null);
  });

  it('keeps an anonymised post’s text and drops its author and source', () => {
    const result = anonymise(created, new Set([7]))!;
    const post = JSON.parse(result.payload).post;
    assert.equal(result.type, 'post.created');
    assert.equal(post.text, 'my words');
    assert.deepEqual(post.author, { handle: '~anonymous', displayName: 'Anonymous', network: 'twitter' });
    assert.equal(post.source, null);
    assert.ok(!result.payload.includes('dana'));
  });
});
