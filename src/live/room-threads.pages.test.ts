import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupPosts, type Thread } from './room-threads.pages.ts';

const post = (id: number, extra: Partial<{ replyToId: number; questionNumber: number; answersQuestion: number }> = {}) => ({
  id,
  replyToId: extra.replyToId ?? null,
  questionNumber: extra.questionNumber ?? null,
  answersQuestion: extra.answersQuestion ?? null,
});
const ids = (threads: Thread<{ id: number }>[]): unknown[] => threads.map((t) => (t.replies.length ? [t.post.id, ids(t.replies)] : t.post.id));

describe('groupPosts', () => {
  it('puts answers under their question and the rest in "Other conversation", other first', () => {
    const groups = groupPosts([post(1), post(2, { questionNumber: 1 }), post(3, { answersQuestion: 1 }), post(4)], [1]);
    assert.deepEqual(groups.map((g) => g.key), ['other', 'q1']);
    assert.deepEqual(ids(groups[0]!.items), [1, 4]);
    assert.equal(groups[1]!.head?.post.id, 2);
    assert.deepEqual(ids(groups[1]!.items), [3]);
  });

  it('threads replies under their parent, but replies to the question are answers', () => {
    const groups = groupPosts(
      [post(1, { questionNumber: 1 }), post(2, { replyToId: 1, answersQuestion: 1 }), post(3, { replyToId: 2, answersQuestion: 1 }), post(4, { replyToId: 3, answersQuestion: 1 })],
      [1],
    );
    assert.deepEqual(ids(groups[1]!.items), [[2, [[3, [4]]]]]);
  });

  it('falls back to the question group when the parent is not shown (hidden or deleted)', () => {
    const groups = groupPosts([post(5, { replyToId: 99, answersQuestion: 2 }), post(6, { replyToId: 98 })], [1, 2]);
    assert.deepEqual(groups.map((g) => [g.key, ids(g.items)]), [
      ['other', [6]],
      ['q1', []],
      ['q2', [5]],
    ]);
  });

  it('shows a group for an answered question before its release, in number order', () => {
    const groups = groupPosts([post(1, { answersQuestion: 3 }), post(2, { answersQuestion: 2 })], []);
    assert.deepEqual(groups.map((g) => g.key), ['other', 'q2', 'q3']);
    assert.equal(groups[2]!.head, null);
  });
});
