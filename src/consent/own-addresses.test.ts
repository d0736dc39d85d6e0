import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownAddressScrubber } from './own-addresses.ts';
import type { NamedAccount } from './consent.repository.ts';

const withoutOwnAddresses = (text: string, account: NamedAccount) => ownAddressScrubber(account)(text);

describe('an anonymised post without its own addresses', () => {
  it('takes out a Twitter account’s links and @-name, keeping other accounts’', () => {
    const account = { network: 'twitter' as const, handle: 'sferik', sourceUserId: '7505382' };
    assert.equal(
      withoutOwnAddresses('As I said https://twitter.com/sferik/status/243988000076337152 (cc @sferik, @sferik_fan, @other) see x.com/sferik_two and https://X.com/SFERIK', account),
      'As I said [link removed] (cc [name removed], @sferik_fan, @other) see x.com/sferik_two and [link removed]',
    );
    assert.equal(withoutOwnAddresses('nothing of mine here', account), 'nothing of mine here');
  });

  it('takes out a Mastodon account’s profile and status addresses on its server, and its full @-name', () => {
    const account = { network: 'mastodon' as const, handle: 'kim@museum.social', sourceUserId: 'https://museum.social/users/kim' };
    assert.equal(
      withoutOwnAddresses('Me: https://museum.social/@kim/1099 and https://museum.social/users/kim, not https://museum.social/@kimberly; @kim@museum.social says hi to @kim@other.example', account),
      'Me: [link removed] and [link removed], not https://museum.social/@kimberly; [name removed] says hi to @kim@other.example',
    );
  });

  it('takes out a Bluesky account’s profile by handle or DID', () => {
    const account = { network: 'bluesky' as const, handle: 'ana.bsky.social', sourceUserId: 'did:plc:abc123' };
    assert.equal(
      withoutOwnAddresses('https://bsky.app/profile/ana.bsky.social/post/3k and https://bsky.app/profile/did:plc:abc123 by @ana.bsky.social, not @ana.bsky.social.fan', account),
      '[link removed] and [link removed] by [name removed], not @ana.bsky.social.fan',
    );
  });
});
