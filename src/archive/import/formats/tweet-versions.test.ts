import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { earlierVersions, laterVersion, tweetVersions } from './tweet-versions.ts';
import { PieceBuilder } from '../pipeline/parsed-piece.ts';
import type { ImportedPost } from '../imported-post.ts';

describe('tweetVersions', () => {
  const ids = ['1576994746135764992', '1576994789110992896'];

  it('reads the four shapes in which X lists an edited tweet’s versions', () => {
    const shapes = [
      { edit_history_tweet_ids: ids }, // API v2
      { edit_history: { initial_tweet_id: ids[0], edit_tweet_ids: ids } }, // v1.1 enterprise (Gnip)
      { ext_edit_control: { initial: { edit_tweet_ids: ids, editable_until_ms: 1664820000000, edits_remaining: 4, is_edit_eligible: true } } }, // v1.1, first version
      { ext_edit_control: { edit: { initial_tweet_id: ids[0], edit_control_initial: { edit_tweet_ids: ids } } } }, // v1.1, a later version
      { edit_info: { initial: { editTweetIds: ids, editableUntil: '2022-10-03T18:27:01.000Z', editsRemaining: '4', isEditEligible: true } } }, // X archive
      { edit_info: { edit: { initialTweetId: ids[0], editControlInitial: { editTweetIds: ids } } } },
    ];
    for (const shape of shapes) assert.deepEqual(tweetVersions(shape), ids, JSON.stringify(shape));
  });

  it('names what an edit replaces: the versions before it, none for the first or an unlisted tweet', () => {
    assert.deepEqual(earlierVersions({ edit_history_tweet_ids: ids }, ids[1]!), [ids[0]]);
    assert.deepEqual(earlierVersions({ edit_history_tweet_ids: ids }, ids[0]!), []);
    assert.deepEqual(earlierVersions({ edit_history_tweet_ids: ['1'] }, '2'), []);
    assert.deepEqual(earlierVersions({}, '2'), []);
    // Ids that are not exact whole numbers (a JSON number above 2^53) are left out rather than trusted.
    assert.deepEqual(tweetVersions({ edit_history_tweet_ids: [1576994746135764992, 'x', '12'] }), ['12']);
  });

  it('names the latest version of an earlier one read after the edit, which lists the whole chain', () => {
    const three = [...ids, '1576994800000000000'];
    assert.equal(laterVersion({ edit_history_tweet_ids: three }, three[0]!), three[2]);
    assert.equal(laterVersion({ edit_history_tweet_ids: three }, three[1]!), three[2]);
    assert.equal(laterVersion({ edit_history_tweet_ids: three }, three[2]!), null, 'the latest itself');
    assert.equal(laterVersion({ edit_history_tweet_ids: ['1'] }, '2'), null, 'not in its own list');
    assert.equal(laterVersion({}, '2'), null);
  });

  it('leaves such an earlier version out of the piece, as skipped, and records what replaced it and the versions before it', () => {
    const post = (sourceId: string, more: Partial<ImportedPost>): ImportedPost => ({
      network: 'twitter', sourceId, sourceUrl: null, author: { network: 'twitter', handle: 'dana', displayName: 'Dana', sourceUserId: '42', followersCount: null, profileUrl: null },
      text: 'Q1', createdAt: 1, kind: 'original', replyToSourceId: null, quoteOfSourceId: null, boostOfSourceId: null, hashtags: [], mentions: [], urls: [], counts: { likes: 0, boosts: 0, replies: 0 }, language: null, ...more,
    });
    const builder = new PieceBuilder();
    builder.add({ kind: 'posts', posts: [post('2', { replaces: ['1'], supersededBy: '3' })] }, 1);
    builder.add({ kind: 'posts', posts: [post('3', { replaces: ['1', '2'] })] }, 2);
    const piece = builder.build();
    assert.equal(piece.skipped, 1);
    assert.deepEqual(piece.posts?.sourceId, ['3']);
    assert.deepEqual(piece.deletes, [
      { network: 'twitter', sourceId: '1', replacedBy: '3' },
      { network: 'twitter', sourceId: '2', replacedBy: '3' },
      { network: 'twitter', sourceId: '1', replacedBy: '3' },
      { network: 'twitter', sourceId: '2', replacedBy: '3' },
    ]);
  });
});
