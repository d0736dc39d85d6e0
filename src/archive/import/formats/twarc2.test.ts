import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bySourceId, fixtureText, iso, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { twarc2 } from './twarc2.ts';

// Values below were read off ../shared/fixtures/twarc2 by hand (raw pages: `data` + `includes`; flat: one tweet per line).
const file = (name: string) => parseFile(twarc2, fixtureText(`twarc2/${name}`));

describe('twarc2 raw response pages', () => {
  it('two_tweets: resolves the retweeted tweet and both authors from includes', () => {
    const posts = postsOf(file('two_tweets.jsonl'));
    assert.equal(posts.length, 2);
    // data[0] "RT @bibaigna96: #POIUYTREWQ" by author_id 1379899464345923590 = LachiVeronica / "Veronica Lachi";
    // includes.tweets[0] 1391677057810288641 "#POIUYTREWQ" by bibaigna96, created 2021-05-10T08:50:41.000Z.
    const original = bySourceId(posts, '1391677057810288641');
    assert.equal(original.author.handle, 'bibaigna96');
    assert.equal(iso(original.createdAt), '2021-05-10T08:50:41.000Z');
    assert.deepEqual(original.counts, { likes: 0, boosts: 1, replies: 0 });
    const boost = bySourceId(posts, '1394735776701816833');
    assert.equal(boost.kind, 'boost');
    assert.equal(boost.boostOfSourceId, '1391677057810288641');
    assert.equal(boost.author.handle, 'LachiVeronica');
    assert.equal(boost.author.displayName, 'Veronica Lachi');
    assert.equal(boost.author.followersCount, 0);
    assert.equal(boost.text, '#POIUYTREWQ');
    assert.deepEqual(boost.hashtags, ['poiuytrewq']);
    assert.equal(iso(boost.createdAt), '2021-05-18T19:24:56.000Z');
  });

  it('mentions_tweet: a retweet cut at 140 gets the original whole', () => {
    const posts = postsOf(file('mentions_tweet.jsonl'));
    // includes.tweets also repeats the data tweet itself: still two posts.
    assert.deepEqual(posts.map((p) => p.sourceId).sort(), ['1589671906718134272', '1589681856941002753']);
    const boost = bySourceId(posts, '1589681856941002753');
    assert.equal(boost.author.handle, 'BaldManGamer');
    assert.equal(boost.author.followersCount, 569);
    assert.ok(boost.text.startsWith('Looking for gaming mutuals (and I usually follow back unless you’ve got a few dozen tweets and your account is a couple of minutes old 😉)'));
    const original = bySourceId(posts, '1589671906718134272');
    assert.equal(original.author.displayName, 'Sentinel 17 🎮📖🇺🇸🪖');
    assert.deepEqual(original.hashtags, ['xbox', 'playstation', 'gaming']);
    assert.equal(original.mentions.length, 8);
  });

  it('quoted_edit: a reply that quotes keeps both references; the quoted tweet is archived as edited since, the parent is not imported', () => {
    const posts = postsOf(file('quoted_edit.jsonl'));
    // referenced_tweets: quoted 1576994746135764992, replied_to 1576994789110992896. The quoted tweet was edited
    // after it was quoted: the page serves it listing both versions, and includes its latest, which is archived instead.
    assert.deepEqual(posts.map((p) => p.sourceId).sort(), ['1576994789110992896', '1576995594388000768']);
    const quoted = bySourceId(posts, '1576994789110992896');
    assert.equal(quoted.text.startsWith('hey :)'), true, quoted.text);
    assert.deepEqual(quoted.replaces, ['1576994746135764992'], 'the writer then links the quote to it');
    const reply = bySourceId(posts, '1576995594388000768');
    assert.equal(reply.kind, 'reply');
    assert.equal(reply.replyToSourceId, '1576994789110992896');
    assert.equal(reply.quoteOfSourceId, '1576994746135764992');
    assert.equal(reply.text, '@wongmjane Test \nhttps://twitter.com/wongmjane/status/1576994746135764992');
  });

  it('edited: only the latest version of an edited tweet is imported', () => {
    const posts = postsOf(file('edited.jsonl'));
    // edit_history_tweet_ids ["1576994746135764992", "1576994789110992896"]; the first sits in includes only.
    assert.deepEqual(posts.map((p) => p.sourceId), ['1576994789110992896']);
    // Should the first version be archived too (a stream records both), the edit takes it out.
    assert.deepEqual(posts[0]!.replaces, ['1576994746135764992']);
    assert.deepEqual(posts[0]!.counts, { likes: 27, boosts: 2, replies: 12 });
    assert.equal(posts[0]!.language, null, 'lang "qst" is not a language');
  });

  it('geo_tweets: decodes &amp;, keeps non-ASCII hashtags once each', () => {
    const posts = postsOf(file('geo_tweets.jsonl'));
    assert.equal(posts.length, 2);
    const polish = bySourceId(posts, '1249702384659554308');
    assert.ok(polish.hashtags.includes('zostańwdomu'));
    assert.equal(polish.hashtags.filter((t) => t === 'harrypotter').length, 1, '#harrypotter appears twice in the text');
    assert.deepEqual(polish.urls, ['https://www.instagram.com/p/B-7ItQwBJ93/?igshid=187dqx4b5lu2y']);
    const reply = bySourceId(posts, '1501963039859363843');
    assert.ok(reply.text.includes('you need to specify Fields & Expansions, twarc does it for you: https://twarc-project.readthedocs.io/en/latest/twarc2_en_us/'));
    assert.equal(reply.replyToSourceId, '1501958949863661574');
    assert.equal(reply.author.displayName, 'Igor Brigadir 🇺🇦');
  });

  it('media_tweet, cashtags: media links are expanded in the text but are not shared links', () => {
    const [media] = postsOf(file('media_tweet.jsonl'));
    assert.equal(media!.text, "She's GOING with it! 🐍 https://twitter.com/IgorBrigadir/status/1558553189766631429/video/1");
    assert.deepEqual(media!.urls, []);
    assert.deepEqual(media!.counts, { likes: 93, boosts: 13, replies: 3 });
    const [cashtags] = postsOf(file('cashtags.jsonl'));
    assert.deepEqual(cashtags!.urls, ['http://go.trade-ideas.com/SHHb']);
    assert.deepEqual(cashtags!.hashtags, ['business', 'nft', 'stockmarket', 'option']);
  });

  it('cotweet, verified_type: plain tweets with their authors and counts', () => {
    const [cotweet] = postsOf(file('cotweet.jsonl'));
    assert.equal(cotweet!.text, 'who need they cotwussy tested');
    assert.equal(cotweet!.author.displayName, 'Jonathan Howard');
    assert.equal(iso(cotweet!.createdAt), '2022-10-04T15:25:05.000Z');
    const [dev] = postsOf(file('verified_type.jsonl'));
    assert.equal(dev!.author.handle, 'TwitterDev');
    assert.deepEqual(dev!.counts, { likes: 745, boosts: 104, replies: 37 });
    assert.ok(dev!.text.startsWith('Testing… Testing… Twitter Dev is back online! 📡\n\n'));
  });

  it('streaming_output_with_error: single-tweet pages import, the cut-off last line is rejected', () => {
    const results = file('streaming_output_with_error.jsonl');
    // 7 filtered-stream pages ({"data": {…}}), then line 8: `{"data": {"author_id": "1021159080151404544"` and nothing more.
    assert.deepEqual(kindsOf(results), { posts: 7, reject: 1 });
    const posts = postsOf(results);
    assert.equal(posts.length, 8, 'line 1 quotes 1377640162566496258, included in full');
    const quote = bySourceId(posts, '1377650090978992134');
    assert.equal(quote.quoteOfSourceId, '1377640162566496258');
    assert.equal(bySourceId(posts, '1377640162566496258').author.displayName, 'Gary the Parademon');
  });
});

describe('twarc2 flattened lines', () => {
  it('flat_first20: 20 tweets with inline authors and referenced tweets', () => {
    const results = file('flat_first20.jsonl');
    assert.deepEqual(kindsOf(results), { posts: 20 });
    // 20 tweets and 8 retweeted/quoted tweets embedded with their text (replied-to parents are not imported).
    assert.equal(new Set(postsOf(results).map((p) => p.sourceId)).size, 28);
    const posts = postsOf(results);
    // Line 1: "RT @williamserafino: De manera simultánea, … Colo…" → retweeted 1380175475545362437, whole.
    const boost = bySourceId(posts, '1380242611781386245');
    assert.equal(boost.author.handle, 'Alexandravm12');
    assert.equal(boost.boostOfSourceId, '1380175475545362437');
    assert.ok(boost.text.endsWith('La pandilla del Partido Demócrata hace sentir su regreso.'));
    assert.equal(bySourceId(posts, '1380175475545362437').author.followersCount, 28341);
    // Line 18: "… under “Fast &amp; Furious” …".
    assert.ok(bySourceId(posts, '1380242435478016006').text.includes('under “Fast & Furious” in which'));
    // Line 4: a reply whose parent is inline but is context, not chat.
    assert.equal(bySourceId(posts, '1380242586288328707').replyToSourceId, '1380229267770933248');
    assert.ok(!posts.some((p) => p.sourceId === '1380229267770933248'));
  });
});

describe('twarc2 records that are not tweets', () => {
  const user = { id: '1', username: 'dana', name: 'Dana' };
  const tweet = (id: string, extra: object = {}) => ({ id, text: `t${id}`, author_id: '1', created_at: '2021-05-18T19:24:56.000Z', ...extra });

  it('imports a tweet retweeted twice on one page once', () => {
    const page = {
      data: [tweet('10', { referenced_tweets: [{ type: 'retweeted', id: '9' }] }), tweet('11', { referenced_tweets: [{ type: 'retweeted', id: '9' }] })],
      includes: { users: [user], tweets: [tweet('9')] },
    };
    const result = twarc2.parseRecord(page);
    assert.equal(result.kind, 'posts');
    assert.deepEqual(result.kind === 'posts' && result.posts.map((p) => p.sourceId), ['9', '10', '11']);
  });

  it('takes the whole text of a long tweet from note_tweet', () => {
    // API v2 since 2023: `text` is cut at 280 with a t.co "read more"; note_tweet.text is the whole post.
    const long = tweet('12', {
      text: 'A1 our oldest spoon is… https://t.co/more',
      entities: { urls: [{ start: 24, end: 41, url: 'https://t.co/more', expanded_url: 'https://twitter.com/i/web/status/12' }] },
      note_tweet: { text: 'A1 our oldest spoon is Roman &amp; bent. Details: https://t.co/abc #musesocial', entities: { urls: [{ start: 49, end: 66, url: 'https://t.co/abc', expanded_url: 'https://museum.example/spoon' }], hashtags: [{ start: 67, end: 78, tag: 'musesocial' }] } },
    });
    const result = twarc2.parseRecord({ data: [long], includes: { users: [user] } });
    const post = result.kind === 'posts' ? result.posts[0]! : null;
    assert.equal(post!.text, 'A1 our oldest spoon is Roman & bent. Details: https://museum.example/spoon #musesocial');
    assert.deepEqual(post!.hashtags, ['musesocial']);
    assert.deepEqual(post!.urls, ['https://museum.example/spoon']);
  });

  it('rejects a page whose author is missing from includes, naming the author', () => {
    const result = twarc2.parseRecord({ data: [tweet('10', { author_id: '77' })], includes: { users: [user] } });
    assert.deepEqual(result, { kind: 'reject', reason: "author 77: not in the page's includes.users" });
  });

  it('skips API error pages', () => {
    const result = twarc2.parseRecord({ errors: [{ title: 'Not Found Error', detail: 'Could not find tweet with ids: [1].' }] });
    assert.deepEqual(result, { kind: 'skip', reason: 'API error: Could not find tweet with ids: [1].' });
  });
});
