import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { earlierVersions, tweetVersions } from './tweet-versions.ts';

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
});
