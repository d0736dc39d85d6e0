import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sourcePostUrl } from './source-post-url.ts';

describe('sourcePostUrl', () => {
  it('links a post that was never archived on its own network', () => {
    assert.equal(sourcePostUrl('mastodon', 'https://other.example/users/bob/statuses/999'), 'https://other.example/users/bob/statuses/999');
    assert.equal(sourcePostUrl('twitter', '1251954312772812801'), 'https://twitter.com/i/web/status/1251954312772812801');
    assert.equal(sourcePostUrl('bluesky', 'at://did:plc:u4lmvw4wwzaql3z5kcf3r7h4/app.bsky.feed.post/3kq2abc'), 'https://bsky.app/profile/did:plc:u4lmvw4wwzaql3z5kcf3r7h4/post/3kq2abc');
  });

  it('never makes a link of anything else', () => {
    for (const [network, id] of [
      ['mastodon', 'javascript:alert(1)'],
      ['mastodon', 'tag:other.example,2019:objectId=1'],
      ['twitter', 'https://twitter.com/x/status/1'],
      ['bluesky', 'at://did:plc:abc/app.bsky.feed.repost/1'],
      ['local', 'https://example.org/post/1'],
      [null, '123'],
    ] as const) assert.equal(sourcePostUrl(network, id), null, `${network} ${id}`);
    assert.equal(sourcePostUrl('twitter', null), null);
  });
});
