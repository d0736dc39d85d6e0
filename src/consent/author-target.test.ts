import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthorTarget, parseNetwork } from './author-target.ts';

describe('parseAuthorTarget', () => {
  const cases: Array<[string, ReturnType<typeof parseAuthorTarget>]> = [
    ['dana', { handle: 'dana', network: null }],
    ['@Dana', { handle: 'dana', network: null }],
    ['@kim@Museum.Social', { handle: 'kim@museum.social', network: null }],
    ['dana.bsky.social', { handle: 'dana.bsky.social', network: null }],
    ['did:plc:abc123', { handle: 'did:plc:abc123', network: null }],
    ['https://twitter.com/Dana_O', { handle: 'dana_o', network: 'twitter' }],
    ['https://x.com/dana_o/status/1', { handle: 'dana_o', network: 'twitter' }],
    ['https://museum.social/@kim', { handle: 'kim@museum.social', network: 'mastodon' }],
    ['https://bsky.app/profile/dana.bsky.social', { handle: 'dana.bsky.social', network: 'bluesky' }],
    ['', null],
    ['@', null],
    ['two words', null],
    ['javascript:alert(1)', null],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)}`, () => assert.deepEqual(parseAuthorTarget(input), expected));

  it('keeps the network asked for, and refuses a URL of another network', () => {
    assert.deepEqual(parseAuthorTarget('dana', 'twitter'), { handle: 'dana', network: 'twitter' });
    assert.equal(parseAuthorTarget('https://x.com/dana', 'mastodon'), null);
  });

  it('reads network names', () => {
    assert.equal(parseNetwork('X'), 'twitter');
    assert.equal(parseNetwork('any'), null);
    assert.equal(parseNetwork(undefined), null);
    assert.equal(parseNetwork('myspace'), 'invalid');
  });
});
