import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImportedAuthor, ImportedPost } from '../imported-post.ts';
import { MAX_KEY_BYTES, PieceBuilder } from './parsed-piece.ts';

const author = (more: Partial<ImportedAuthor> = {}): ImportedAuthor => ({ network: 'mastodon', handle: 'dana@example.org', displayName: 'Dana', sourceUserId: 'https://example.org/users/dana', followersCount: null, profileUrl: null, ...more });
const post = (sourceId: string, more: Partial<ImportedPost> = {}): ImportedPost => ({
  network: 'mastodon', sourceId, sourceUrl: null, author: author(), text: 'hello', createdAt: 1, kind: 'original', replyToSourceId: null, quoteOfSourceId: null, boostOfSourceId: null,
  hashtags: [], mentions: [], urls: [], counts: { likes: 0, boosts: 0, replies: 0 }, language: null, ...more,
});

function piece(...results: Parameters<PieceBuilder['add']>[0][]) {
  const builder = new PieceBuilder();
  results.forEach((result, i) => builder.add(result, i + 1));
  return builder.build();
}

describe('PieceBuilder: values a database refuses', () => {
  it('drops NUL from free text, and keeps the post', () => {
    const built = piece({ kind: 'posts', posts: [post('a', { text: 'A1\u0000 yes', sourceUrl: 'https://x/\u0000a', author: author({ displayName: 'Da\u0000na', profileUrl: 'https://x/\u0000' }) })] });
    assert.deepEqual(built.rejects, []);
    assert.deepEqual([built.posts?.text, built.posts?.sourceUrl, built.posts?.authors.displayName, built.posts?.authors.profileUrl], [['A1 yes'], ['https://x/a'], ['Dana'], ['https://x/']]);
    assert.equal(built.posts?.answerMarker[0], 1, 'read from the text without its NUL');
  });

  it('rejects a record with a NUL in any key, naming the field', () => {
    const cases: Array<[Partial<ImportedPost>, string]> = [
      [{ author: author({ handle: 'da\u0000na' }) }, 'post p: the author handle contains a NUL character'],
      [{ author: author({ sourceUserId: '\u0000' }) }, 'post p: the author source user id contains a NUL character'],
      [{ replyToSourceId: 'r\u0000' }, 'post p: the reply-to id contains a NUL character'],
      [{ quoteOfSourceId: 'q\u0000' }, 'post p: the quoted id contains a NUL character'],
      [{ boostOfSourceId: 'b\u0000' }, 'post p: the boosted id contains a NUL character'],
      [{ replaces: ['1', '2\u0000'] }, 'post p: the id of an earlier version contains a NUL character'],
      [{ supersededBy: '3\u0000' }, 'post p: the id of its latest version contains a NUL character'],
      [{ hashtags: ['ok', 'n\u0000o'] }, 'post p: the hashtag contains a NUL character'],
    ];
    for (const [more, reason] of cases) assert.deepEqual(piece({ kind: 'posts', posts: [post('p', more)] }).rejects, [{ line: 1, reason }], reason);
    const built = piece({ kind: 'posts', posts: [post('p\u0000')] }, { kind: 'delete', network: 'mastodon', sourceId: 'd\u0000' }, { kind: 'author', author: author({ handle: 'x\u0000' }) });
    assert.deepEqual(built.rejects, [
      { line: 1, reason: 'post: the source id contains a NUL character' },
      { line: 2, reason: 'deletion: the source id contains a NUL character' },
      { line: 3, reason: 'account https://example.org/users/dana: the handle contains a NUL character' },
    ]);
    assert.deepEqual([built.records, built.skipped, built.posts, built.deletes], [3, 0, null, []]);
  });

  it(`bounds keys at ${MAX_KEY_BYTES} bytes of UTF-8, not characters`, () => {
    const fits = ['x'.repeat(MAX_KEY_BYTES), 'é'.repeat(MAX_KEY_BYTES / 2), '😀'.repeat(MAX_KEY_BYTES / 4)];
    const over = ['x'.repeat(MAX_KEY_BYTES + 1), 'é'.repeat(MAX_KEY_BYTES / 2 + 1), '😀'.repeat(MAX_KEY_BYTES / 4 + 1), '€'.repeat(342)];
    for (const tag of fits) assert.deepEqual(piece({ kind: 'posts', posts: [post('p', { hashtags: [tag] })] }).rejects, [], `${tag.length} units`);
    for (const tag of over) assert.deepEqual(piece({ kind: 'posts', posts: [post('p', { hashtags: [tag] })] }).rejects, [{ line: 1, reason: `post p: the hashtag is longer than ${MAX_KEY_BYTES} bytes` }], `${tag.length} units`);
    assert.deepEqual(piece({ kind: 'posts', posts: [post('x'.repeat(2000))] }).rejects, [{ line: 1, reason: `post: the source id is longer than ${MAX_KEY_BYTES} bytes` }]);
  });

  it('rejects a text of more than 256 KB (PostgreSQL indexes no more than 1 MB of it for search), keeps one of 100,000 characters', () => {
    assert.deepEqual(piece({ kind: 'posts', posts: [post('long', { text: 'é'.repeat(100_000) })] }).rejects, []);
    assert.deepEqual(piece({ kind: 'posts', posts: [post('huge', { text: 'word '.repeat(60_000) })] }).rejects, [{ line: 1, reason: 'post huge: the text is longer than 256 KB' }]);
  });

  it('does not store a NUL quoted by a reason', () => {
    const builder = new PieceBuilder();
    builder.unreadable(4, "not valid JSON (Unexpected token '\u0000')");
    assert.deepEqual(builder.build().rejects, [{ line: 4, reason: "not valid JSON (Unexpected token '\\u0000')" }]);
  });
});
