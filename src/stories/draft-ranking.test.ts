import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { draftChats, draftStory, extractUrls, rankPosts, scoreOf, topLinks, type DraftPost } from './draft-ranking.ts';

let next = 1;
const p = (over: Partial<DraftPost>): DraftPost => ({
  id: next++, authorId: 1, kind: 'original', replyToId: null, boostOfId: null, questionNumber: null, answersQuestion: null,
  replyCount: 0, boostCount: 0, likeCount: 0, createdAt: next * 1000, text: '', ...over,
});

describe('draft ranking', () => {
  it('scores 3 per reply, 2 per boost, 1 per like and ½ per other post of the author, capped at 10', () => {
    assert.equal(scoreOf({ replies: 2, boosts: 1, likes: 4, otherPosts: 0 }), 12);
    assert.equal(scoreOf({ replies: 0, boosts: 0, likes: 0, otherPosts: 4 }), 2);
    assert.equal(scoreOf({ replies: 0, boosts: 0, likes: 0, otherPosts: 50 }), 5, 'activity is capped');
  });

  it('counts replies and boosts archived here when they exceed the stored counts, and never picks boosts', () => {
    const answer = p({ answersQuestion: 1, authorId: 2 });
    const liked = p({ answersQuestion: 1, authorId: 3, likeCount: 5 });
    const reply1 = p({ kind: 'reply', replyToId: answer.id, authorId: 4 });
    const reply2 = p({ kind: 'reply', replyToId: answer.id, authorId: 5 });
    const boost = p({ kind: 'boost', boostOfId: answer.id, authorId: 6, likeCount: 99 });
    const ranked = rankPosts([answer, liked, reply1, reply2, boost]);
    assert.deepEqual(ranked.map((r) => [r.post.id, r.score]), [
      [answer.id, 3 * 2 + 2 * 1],
      [liked.id, 5],
      [reply1.id, 0],
      [reply2.id, 0],
    ]);
  });

  it('lifts regular voices a little: the author’s other posts in the chat break what likes do not', () => {
    const quiet = p({ answersQuestion: 1, authorId: 7, likeCount: 1 });
    const regular = p({ answersQuestion: 1, authorId: 8, likeCount: 0 });
    const others = [p({ authorId: 8 }), p({ authorId: 8 }), p({ authorId: 8 })];
    const ranked = rankPosts([quiet, regular, ...others]).filter((r) => r.post.answersQuestion === 1);
    assert.deepEqual(ranked.map((r) => r.post.id), [regular.id, quiet.id], '1.5 beats 1');
  });

  it('drafts a section per question (top five in time order), other conversation and links', () => {
    const q = p({ questionNumber: 1, answersQuestion: 1, text: 'Q1 Why?', likeCount: 50 });
    const answers = Array.from({ length: 7 }, (_, i) => p({ answersQuestion: 1, likeCount: i, text: `A1 answer ${i}` }));
    const offTopic = p({ text: 'See https://museum.example/a and https://museum.example/b.', likeCount: 1 });
    const again = p({ kind: 'boost', boostOfId: offTopic.id, text: 'RT See https://museum.example/a' });
    const stray = p({ answersQuestion: 9, text: 'A9 to a question the chat does not have' });
    const draft = draftStory([{ number: 2, text: 'Empty?' }, { number: 1, text: 'Why?' }], [q, ...answers, offTopic, again, stray]);
    assert.deepEqual(draft.sections.map((s) => s.heading), ['Q1. Why?', 'Q2. Empty?', 'Other conversation', 'Links shared']);
    assert.deepEqual(draft.sections[0]!.items.map((i) => i.postId), answers.slice(2).map((a) => a.id), 'the five best, oldest first; the question post itself is the heading');
    assert.deepEqual(draft.sections[1]!.items, []);
    assert.deepEqual(draft.sections[2]!.items.map((i) => i.postId), [offTopic.id, stray.id]);
    assert.deepEqual(draft.links, [{ url: 'https://museum.example/a', posts: 2 }, { url: 'https://museum.example/b', posts: 1 }]);
    assert.equal(draft.sections[3]!.items[0]!.text, '- <https://museum.example/a> (shared in 2 posts)\n- <https://museum.example/b> (shared in 1 post)');
  });

  it('drafts several chats under their titles, and one section per chat when questions would pass the section limit', () => {
    const one = { title: 'March', questions: [{ number: 1, text: 'Why?' }], posts: [p({ answersQuestion: 1, text: 'A1 https://a.example/' })] };
    const two = { title: 'April', questions: [], posts: [p({ text: 'hello https://a.example/' })] };
    assert.deepEqual(draftChats([one, two]).sections.map((s) => s.heading), ['March — Q1. Why?', 'March — Other conversation', 'April — Other conversation', 'Links shared']);
    assert.deepEqual(draftChats([one, two]).links, [{ url: 'https://a.example/', posts: 2 }], 'links counted across the chats');
    const many = Array.from({ length: 12 }, (_, i) => ({ title: `Week ${i + 1}`, questions: Array.from({ length: 5 }, (_, n) => ({ number: n + 1, text: `Q${n + 1}` })), posts: [p({ answersQuestion: 1 })] }));
    const collapsed = draftChats(many).sections;
    assert.equal(collapsed.length, 12);
    assert.equal(collapsed[0]!.heading, 'Week 1 — highlights');
    assert.equal(collapsed[0]!.items.length, 1);
    const long = draftStory([{ number: 1, text: 'x'.repeat(400) }], []).sections[0]!.heading;
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('…'));
  });

  it('finds URLs without the punctuation around them', () => {
    assert.deepEqual(extractUrls('Read (https://en.wikipedia.org/wiki/Museum_(disambiguation)), then https://x.org/a?b=1&c=2! and <https://y.org/>'), [
      'https://en.wikipedia.org/wiki/Museum_(disambiguation)',
      'https://x.org/a?b=1&c=2',
      'https://y.org/',
    ]);
    assert.deepEqual(extractUrls('no links, just http:// and javascript:alert(1)'), []);
    assert.deepEqual(topLinks([p({ text: 'https://a.org https://a.org' })]), [{ url: 'https://a.org', posts: 1 }], 'once per post');
  });
});
