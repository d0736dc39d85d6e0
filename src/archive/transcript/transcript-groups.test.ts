import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PostView } from '../../posts/posts.repository.ts';
import { buildThreads, groupOf, orderGroups, postsOf } from './transcript-groups.ts';

const post = (id: number, createdAt: number, fields: Partial<PostView> = {}) => ({ id, createdAt, kind: 'original', replyToId: null, boostOfId: null, questionNumber: null, answersQuestion: null, ...fields }) as PostView;

describe('transcript groups and threads', () => {
  it('orders questions by number and keeps "other" last', () => {
    assert.deepEqual(orderGroups([3, 1, 3, 2]), [1, 2, 3, 'other']);
    assert.equal(groupOf(post(1, 0, { questionNumber: 2 })), 2);
    assert.equal(groupOf(post(1, 0, { answersQuestion: 1 })), 1);
    assert.equal(groupOf(post(1, 0)), 'other');
  });

  it('nests replies under their parents in time order and lists boosts apart', () => {
    const root = post(1, 10);
    const late = post(4, 40, { kind: 'reply', replyToId: 1 });
    const early = post(2, 20, { kind: 'reply', replyToId: 1 });
    const deep = post(3, 30, { kind: 'reply', replyToId: 2 });
    const boost = post(5, 50, { kind: 'boost', boostOfId: 1 });
    // Imported clocks can put a reply before its parent: it is still placed.
    const skewed = post(6, 5, { kind: 'reply', replyToId: 3 });
    const orphan = post(7, 60, { kind: 'reply', replyToId: 99 });
    const [thread] = buildThreads([root], [late, boost, deep, early, skewed, orphan]);
    assert.deepEqual(thread!.replies.map((r) => r.post.id), [2, 4]);
    assert.deepEqual(thread!.replies[0]!.replies.map((r) => r.post.id), [3]);
    assert.deepEqual(thread!.replies[0]!.replies[0]!.replies.map((r) => r.post.id), [6]);
    assert.deepEqual(thread!.boosts.map((b) => b.id), [5]);
    assert.deepEqual([...postsOf([thread!])].map((p) => p.id), [1, 5, 2, 3, 6, 4], 'a post that cannot be placed is dropped');
  });
});
