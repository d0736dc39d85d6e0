import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chatFigures } from './chat-figures.ts';
import { median } from './question-figures.ts';
import { pack, unpack } from './figures-cache.ts';
import { FIXTURE_CHAT, T0, at, visibleFixturePosts } from './metrics-fixture.testdata.ts';

// Every expected value below is worked out by hand from metrics-fixture.testdata.ts:
// 13 visible posts (the hidden spam, its boost and the deleted answer are not given).
describe('chatFigures on the hand-checked fixture chat', () => {
  const { posts, authors } = visibleFixturePosts();
  const f = chatFigures(FIXTURE_CHAT, posts, authors);

  it('splits posts by kind', () => {
    assert.equal(posts.length, 13);
    assert.deepEqual(f.posts, { total: 13, original: 7, replies: 3, quotes: 1, boosts: 2 });
  });

  it('counts participants (boosters included) and ranks the prolific', () => {
    assert.equal(f.participants, 5);
    assert.deepEqual(f.participantIds, [1, 2, 3, 4, 5]);
    assert.deepEqual(
      f.posters.map((p) => [p.handle, p.total, p.original, p.replies, p.quotes, p.boosts]),
      [
        ['ana', 4, 2, 2, 0, 0],
        ['ben', 3, 1, 1, 0, 1],
        ['host', 3, 3, 0, 0, 0],
        ['cat', 2, 1, 0, 0, 1],
        ['dan', 1, 0, 0, 1, 0],
      ],
    );
  });

  it('fills every minute of the scheduled hour and adds the late one', () => {
    assert.equal(f.perMinute.length, 61);
    assert.equal(f.perMinute[0]!.minute, T0);
    const nonZero = f.perMinute.filter((m) => m.posts > 0).map((m) => [(m.minute - T0) / 60_000, m.posts]);
    assert.deepEqual(nonZero, [[0, 1], [5, 1], [6, 1], [7, 2], [9, 1], [20, 1], [21, 1], [23, 1], [26, 1], [30, 2], [70, 1]]);
    assert.equal(f.perMinute.reduce((n, m) => n + m.posts, 0), 13);
  });

  it('measures each question from its post (or its planned time)', () => {
    assert.deepEqual(f.questions, [
      // ana +60 s, ben +120 s → 90; cat's boost is not an answer.
      { number: 1, text: 'What is your favourite museum?', releasedAt: at(5), answers: 3, participants: 2, medianSecondsToFirstAnswer: 90 },
      // ben +60, dan +180, ana +360 → 180; the deleted answer is gone.
      { number: 2, text: 'How do you measure impact?', releasedAt: at(20), answers: 3, participants: 3, medianSecondsToFirstAnswer: 180 },
      { number: 3, text: 'What next?', releasedAt: at(40), answers: 0, participants: 0, medianSecondsToFirstAnswer: null },
    ]);
  });

  it('finds the most replied-to and mentioned, without self-mentions or boosts', () => {
    assert.deepEqual(f.mostRepliedTo, [
      { handle: 'ana', replies: 1 },
      { handle: 'ben', replies: 1 },
      { handle: 'host', replies: 1 },
    ]);
    assert.deepEqual(f.mostMentioned, [
      { handle: 'ben', mentions: 2 },
      { handle: 'host', mentions: 2 },
      { handle: 'ana', mentions: 1 },
      { handle: 'british_museum', mentions: 1 },
      { handle: 'dan', mentions: 1 },
    ]);
  });

  it('builds the reply and mention network', () => {
    assert.deepEqual(
      f.network.edges.map((e) => `${e.kind} ${e.source}>${e.target} ${e.weight}`),
      [
        'mention ana>ben 2',
        'mention ana>british_museum 1',
        'mention ana>dan 1',
        'mention ben>ana 1',
        'mention cat>host 1',
        'mention dan>host 1',
        'reply ana>ben 1',
        'reply ana>host 1',
        'reply ben>ana 1',
      ],
    );
    assert.deepEqual(f.network.nodes, [
      { id: 'ana', posts: 4 },
      { id: 'ben', posts: 3 },
      { id: 'british_museum', posts: 0 },
      { id: 'cat', posts: 2 },
      { id: 'dan', posts: 1 },
      { id: 'host', posts: 3 },
    ]);
  });

  it('lists hashtags alongside the chat’s own, and links without post addresses', () => {
    assert.deepEqual(f.hashtags, [
      { tag: 'evaluation', posts: 2 },
      { tag: 'museums', posts: 2 },
      { tag: 'art', posts: 1 },
    ]);
    assert.deepEqual(f.links, [
      { url: 'https://example.org/a', domain: 'example.org', posts: 2 },
      { url: 'https://example.org/slides', domain: 'example.org', posts: 1 },
      { url: 'https://www.britishmuseum.org/collection', domain: 'britishmuseum.org', posts: 1 },
    ]);
    assert.deepEqual(f.domains, [
      { domain: 'example.org', posts: 3 },
      { domain: 'britishmuseum.org', posts: 1 },
    ]);
  });

  it('estimates impressions where follower counts are known', () => {
    // host 3×1000 + ana 4×200 + ben 3×50 + dan 1×10; cat's 2 posts have no count.
    assert.deepEqual(f.impressions, { estimate: 3960, postsCounted: 11, postsWithoutFollowers: 2, authorsWithFollowers: 4, authorsWithoutFollowers: 1 });
  });

  it('survives the cache’s packing and a JSON round trip', () => {
    assert.deepEqual(unpack(JSON.parse(JSON.stringify(pack(f)))), f);
  });
});

describe('chatFigures edge cases', () => {
  it('gives zeros and empty lists for a chat without posts', () => {
    const f = chatFigures({ ...FIXTURE_CHAT, questions: [] }, [], new Map());
    assert.deepEqual(f.posts, { total: 0, original: 0, replies: 0, quotes: 0, boosts: 0 });
    assert.equal(f.participants, 0);
    assert.equal(f.perMinute.length, 60);
    assert.deepEqual([f.questions, f.posters, f.links, f.network.edges], [[], [], [], []]);
  });

  it('takes a stored release time before the question post, and counts early answers as 0 s', () => {
    const chat = { ...FIXTURE_CHAT, questions: [{ number: 1, text: 'Q', offsetMinutes: 5, releasedAt: at(10) }] };
    const post = (id: number, authorId: number, minute: number) => ({ id, authorId, kind: 'original' as const, createdAt: at(minute), questionNumber: null, answersQuestion: 1, text: 'A1', replyToAuthorId: null });
    const f = chatFigures(chat, [post(1, 1, 9), post(2, 2, 12), post(3, 3, 13)], new Map());
    assert.deepEqual(f.questions[0], { number: 1, text: 'Q', releasedAt: at(10), answers: 3, participants: 3, medianSecondsToFirstAnswer: 120 });
  });

  it('counts an X account renamed between archives (two author rows) as one participant, shown by its latest handle', () => {
    const { posts, authors } = visibleFixturePosts();
    // cat (row 4) was archived later as cat_renamed (row 7, the same account): her late post comes from that archive.
    const renamed = new Map(authors).set(7, { id: 7, handle: 'cat_renamed', network: 'twitter', displayName: 'Cat', followersCount: 40, accountId: 4 });
    const late = posts.find((p) => p.text.startsWith('Late to the party'))!;
    const moved = posts.map((p) => (p === late ? { ...p, authorId: 7 } : p));
    // And she answers herself under the old name: not a reply between two people.
    moved.push({ id: 99, authorId: 4, kind: 'reply', createdAt: at(29), questionNumber: null, answersQuestion: null, text: 'me again', replyToAuthorId: 7 });
    const f = chatFigures(FIXTURE_CHAT, moved, renamed);
    assert.equal(f.participants, 5);
    assert.deepEqual(f.participantIds, [1, 2, 3, 4, 5]);
    assert.deepEqual(f.posters.find((p) => p.handle === 'cat_renamed'), { handle: 'cat_renamed', network: 'twitter', displayName: 'Cat', total: 3, original: 1, replies: 1, quotes: 0, boosts: 1 });
    assert.equal(f.posters.some((p) => p.handle === 'cat'), false);
    assert.ok(f.network.edges.every((e) => e.source !== 'cat' && e.target !== 'cat' && !(e.source === 'cat_renamed' && e.target === 'cat_renamed')));
    assert.ok(f.network.edges.some((e) => e.source === 'cat_renamed' && e.target === 'host'), 'her mention of host, under the handle she is shown by');
    assert.equal(f.impressions.authorsWithFollowers, 5, 'her latest row knows her followers');
  });

  it('median: middle value, or the mean of the two middle ones, to the second', () => {
    assert.equal(median([5]), 5);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([1, 2, 3, 10]), 3);
    assert.equal(median([1, 2]), 2);
  });
});
