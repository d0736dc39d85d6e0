import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bySourceId, headOf, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { blueskyViewLines, blueskyViews } from './bluesky-views.ts';
import { detectFormat } from './index.ts';

// testdata/bluesky is shaped after the lexicons in ../shared/fixtures/bluesky/lexicons (see testdata/README.md).
const read = (name: string) => readFileSync(path.join(import.meta.dirname, 'testdata/bluesky', name), 'utf8');
const host = 'did:plc:w4xbfzo7kqfes5zb7r6qv3rw';
const ana = 'did:plc:ragtjsm2j2vknwkz3zp4oxrd';
const q1 = `at://${host}/app.bsky.feed.post/3lbq2sgx5xk2a`;
const a1 = `at://${ana}/app.bsky.feed.post/3lbq2uxm7zc2b`;

describe('bluesky: API views of posts', () => {
  const search = postsOf(parseFile(blueskyViews, read('search-posts.json')));

  it('reads saved searchPosts pages: each post once, the quoted post too', () => {
    // In the pages' order (newest first); the question twice: quoted, as the quoting post's view embeds it, and as found (the writer keeps one).
    assert.deepEqual(search.map((p) => p.sourceId), [
      'at://did:plc:vc7f4oafdgxsihk4cry2xpze/app.bsky.feed.post/3lbq2xkzx4c2d',
      'at://did:plc:3jpt2mvvsumj2r7eqk4gzzjz/app.bsky.feed.post/3lbq2wqj4ys2c',
      q1,
      a1,
      q1,
    ]);
  });

  it('keeps the author’s handle and name (a Jetstream event has only the DID), counts, and the text with its tag and link', () => {
    const question = bySourceId(search, q1);
    assert.deepEqual(question.author, { network: 'bluesky', handle: 'museumhost.bsky.social', displayName: 'Museum Host', sourceUserId: host, followersCount: null, profileUrl: 'https://bsky.app/profile/museumhost.bsky.social' });
    assert.equal(question.text, 'Q1 What is the oddest object in your collection? #MuseSocial');
    assert.equal(question.createdAt, Date.parse('2024-11-20T20:00:04.120Z'));
    assert.deepEqual(question.counts, { likes: 9, boosts: 1, replies: 2 });
    assert.equal(question.kind, 'original');
    assert.equal(question.sourceUrl, `https://bsky.app/profile/${host}/post/3lbq2sgx5xk2a`);

    const answer = bySourceId(search, a1);
    // The ☕ takes 3 bytes: the tag facet starts at byte 57, character 55.
    assert.deepEqual(answer.hashtags, ['musesocial']);
    assert.deepEqual(answer.urls, ['https://museum.example.org/objects/roman-spoon']);
    assert.equal(answer.kind, 'reply');
    assert.equal(answer.replyToSourceId, q1);
    assert.equal(answer.author.displayName, 'Ana 🏛️');
  });

  it('reads a quote, a blank display name and a handle that no longer resolves', () => {
    const quote = bySourceId(search, 'at://did:plc:3jpt2mvvsumj2r7eqk4gzzjz/app.bsky.feed.post/3lbq2wqj4ys2c');
    assert.equal(quote.kind, 'quote');
    assert.equal(quote.quoteOfSourceId, q1);
    assert.deepEqual([quote.author.handle, quote.author.displayName], ['lee.museum.example', 'lee.museum.example']);
    const gone = bySourceId(search, 'at://did:plc:vc7f4oafdgxsihk4cry2xpze/app.bsky.feed.post/3lbq2xkzx4c2d');
    assert.deepEqual([gone.author.handle, gone.author.displayName], ['did:plc:vc7f4oafdgxsihk4cry2xpze', 'Former account']);
  });

  it('archives the quoted post of a quote with media too (recordWithMedia#view holds the record#view)', () => {
    const page = JSON.parse(read('search-posts.json')) as Array<{ posts: Array<Record<string, unknown>> }>;
    const quote = page[0]!.posts[1]!;
    const embed = quote.embed as { record: unknown };
    const withMedia = { ...quote, embed: { $type: 'app.bsky.embed.recordWithMedia#view', record: { $type: 'app.bsky.embed.record#view', record: embed.record }, media: { $type: 'app.bsky.embed.images#view', images: [] } } };
    assert.deepEqual(postsOf(parseFile(blueskyViews, JSON.stringify({ posts: [withMedia] }))).map((p) => p.sourceId), [quote.uri, q1]);
  });

  it('reads a thread: the post, then its replies depth first; a deleted reply is skipped', () => {
    const results = parseFile(blueskyViews, read('post-thread.json'));
    assert.deepEqual(kindsOf(results), { posts: 3, skip: 1 });
    const thread = postsOf(results);
    assert.deepEqual(thread.map((p) => p.sourceId), [q1, a1, `at://${host}/app.bsky.feed.post/3lbq2zz3jkk2e`]);
    assert.equal(thread[2]!.replyToSourceId, a1);
  });

  it('reads a feed saved one page per line, with a repost as a boost by the reposter', () => {
    const feed = postsOf(parseFile(blueskyViewLines, read('author-feed.jsonl')));
    const boost = feed.find((p) => p.kind === 'boost')!;
    assert.equal(boost.sourceId, `at://${host}/app.bsky.feed.repost/3lbq2vbx3ss2g`);
    assert.equal(boost.boostOfSourceId, a1);
    assert.equal(boost.author.handle, 'museumhost.bsky.social');
    assert.equal(boost.createdAt, Date.parse('2024-11-20T20:04:02.000Z'));
    assert.deepEqual(feed.map((p) => p.sourceId).filter((id) => id.includes('feed.post')).sort(), [a1, q1]);
  });

  it('is detected from the head of each file, and Jetstream lines stay jetstream', () => {
    assert.equal(detectFormat(read('search-posts.json'), 'search-posts.json')?.name, 'bluesky');
    assert.equal(detectFormat(read('post-thread.json'), 'post-thread.json')?.name, 'bluesky');
    assert.equal(detectFormat(read('author-feed.jsonl'), 'author-feed.jsonl')?.framing, 'jsonl');
    assert.equal(detectFormat(headOf('bluesky/jetstream/expected_v1.jsonl'), 'expected_v1.jsonl')?.name, 'jetstream');
  });

  it('rejects a view whose URI is not a post’s, and one whose author has no DID, naming the field', () => {
    const bad = parseFile(blueskyViews, JSON.stringify({ posts: [{ uri: 'https://bsky.app/x', author: {}, record: {}, indexedAt: 'x' }, { uri: q1, author: { handle: 'a' }, record: { text: 'x', createdAt: '2024-11-20T20:00:00Z' }, indexedAt: 'x' }] }));
    assert.deepEqual(bad.map((r) => (r.kind === 'reject' ? r.reason : r.kind)), ["uri: not a post's at:// URI (https://bsky.app/x)", 'author.did: missing']);
  });
});
