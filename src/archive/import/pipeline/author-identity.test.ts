import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImportedAuthor } from '../imported-post.ts';
import { authorIdentityKey, laterSighting } from './author-identity.ts';

const DID = 'did:plc:hqvhxrowqbemo5e4wjnj6zao';
const known: ImportedAuthor = { network: 'bluesky', handle: 'dana.museum.example', displayName: 'Dana', sourceUserId: DID, followersCount: 40, profileUrl: 'https://bsky.app/profile/dana.museum.example' };
const byDid: ImportedAuthor = { network: 'bluesky', handle: DID, displayName: DID, sourceUserId: DID, followersCount: null, profileUrl: `https://bsky.app/profile/${DID}` };

describe('author identity', () => {
  it('is the DID on Bluesky, whatever the handle, and the handle elsewhere', () => {
    assert.equal(authorIdentityKey('bluesky', 'dana.museum.example', DID), authorIdentityKey('bluesky', DID, DID));
    assert.notEqual(authorIdentityKey('twitter', 'dana', '12'), authorIdentityKey('twitter', 'dana_renamed', '12'));
    assert.equal(authorIdentityKey('bluesky', 'dana.museum.example', null), 'bluesky\u0000dana.museum.example');
  });

  it('keeps what an earlier sighting knew when the later one has only stand-ins', () => {
    assert.deepEqual(laterSighting(known, byDid), { ...known, followersCount: 40 });
    // A profile record: the display name without the handle.
    assert.deepEqual(laterSighting(known, { ...byDid, displayName: 'Dana R.' }), { ...known, displayName: 'Dana R.' });
    // The handle arrives after posts known by DID.
    assert.deepEqual(laterSighting(byDid, known), known);
  });

  it('lets the later sighting win elsewhere, as names and counts change', () => {
    const earlier: ImportedAuthor = { network: 'twitter', handle: 'dana', displayName: 'Dana', sourceUserId: '12', followersCount: 10, profileUrl: null };
    assert.deepEqual(laterSighting(earlier, { ...earlier, displayName: 'dana', followersCount: null }), { ...earlier, displayName: 'dana', followersCount: 10 });
  });
});
