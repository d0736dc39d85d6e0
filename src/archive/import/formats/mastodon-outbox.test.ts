import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bySourceId, iso, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { mastodonOutbox } from './mastodon-outbox.ts';

// testdata/mastodon-outbox/outbox.json is written after Mastodon's BackupService output (see testdata/README.md).
const text = readFileSync(path.join(import.meta.dirname, 'testdata/mastodon-outbox/outbox.json'), 'utf8');
const results = parseFile(mastodonOutbox, text);
const posts = postsOf(results);
const dana = 'https://museum.social/users/dana/statuses';

describe('mastodon-outbox: an account export', () => {
  it('imports public and unlisted posts and the boost; not the followers-only post or the direct message', () => {
    assert.deepEqual(kindsOf(results), { posts: 4, skip: 2 });
    assert.ok(!posts.some((p) => p.sourceId.endsWith('/109300000000000003') || p.sourceId.endsWith('/109300000000000004')));
  });

  it('reads a Note: HTML to text, tags, mentions, counts, author from the actor URI', () => {
    const post = bySourceId(posts, `${dana}/109300000000000001`);
    assert.equal(post.text, 'Q1 What is the oddest object in your collection? #musesocial with @sam\n\nBackground: https://museum.example.org/odd-objects?from=chat&year=2022');
    assert.deepEqual(post.hashtags, ['musesocial']);
    assert.deepEqual(post.mentions, ['sam@glam.social']);
    assert.deepEqual(post.urls, ['https://museum.example.org/odd-objects?from=chat&year=2022']);
    assert.deepEqual(post.counts, { likes: 4, boosts: 2, replies: 0 });
    assert.equal(post.author.handle, 'dana@museum.social');
    assert.equal(post.author.sourceUserId, 'https://museum.social/users/dana');
    assert.equal(post.sourceUrl, 'https://museum.social/@dana/109300000000000001');
    assert.equal(post.language, 'en');
    assert.equal(iso(post.createdAt), '2022-11-08T20:00:00.000Z');
  });

  it('links an unlisted reply to its parent by URI', () => {
    const reply = bySourceId(posts, `${dana}/109300000000000002`);
    assert.equal(reply.kind, 'reply');
    assert.equal(reply.replyToSourceId, 'https://glam.social/users/sam/statuses/109299999999999999');
    assert.equal(reply.text, '@sam A1 ours is a spoon inside a spoon <3');
  });

  it('reads an Announce as a boost named like the REST API names reblogs (…/activity)', () => {
    const boost = bySourceId(posts, `${dana}/109300000000000005/activity`);
    assert.equal(boost.kind, 'boost');
    assert.equal(boost.boostOfSourceId, 'https://glam.social/users/sam/statuses/109300000000000777');
    assert.equal(boost.text, '');
    assert.equal(iso(boost.createdAt), '2022-11-08T20:08:00.000Z');
  });

  it('reads a content warning, a quote and the language of contentMap', () => {
    const post = bySourceId(posts, `${dana}/109300000000000006`);
    assert.equal(post.text, 'chat question\n\nQ2 which object would you never lend?\nAnswer with A2');
    assert.equal(post.kind, 'quote');
    assert.equal(post.quoteOfSourceId, 'https://glam.social/users/sam/statuses/109300000000000777');
    assert.equal(post.language, 'en-GB');
  });

  it('takes a whole collection given as one record', () => {
    const result = mastodonOutbox.parseRecord(JSON.parse(text));
    assert.equal(result.kind === 'posts' && result.posts.length, 4);
  });

  it('rejects activities it cannot read and skips ones that are not posts', () => {
    assert.deepEqual(mastodonOutbox.parseRecord({ type: 'Create', to: ['https://www.w3.org/ns/activitystreams#Public'], object: { type: 'Note', to: ['https://www.w3.org/ns/activitystreams#Public'], content: 'x' } }), { kind: 'reject', reason: 'object.id: missing' });
    assert.equal(mastodonOutbox.parseRecord({ type: 'Like', object: 'https://x.example/1' }).kind, 'skip');
    assert.deepEqual(mastodonOutbox.parseRecord({ type: 'Delete', object: { id: `${dana}/1`, type: 'Tombstone' } }), { kind: 'delete', network: 'mastodon', sourceId: `${dana}/1` });
  });
});
