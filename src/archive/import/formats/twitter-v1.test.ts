import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bySourceId, fixtureText, iso, jsonLines, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { twitterV1, twitterV1Document } from './twitter-v1.ts';

// Values below were read off the files in ../shared/fixtures/twitter-v1.1 by hand (line numbers are 1-based).
const file = (name: string) => parseFile(twitterV1, fixtureText(`twitter-v1.1/${name}`));

describe('twitter-v1: tweet_parser_original_format_examples.jsonl (Gnip/PowerTrack flavour)', () => {
  const results = file('tweet_parser_original_format_examples.jsonl');
  const posts = postsOf(results);

  it('reads every one of the 25 lines as posts', () => {
    assert.deepEqual(kindsOf(results), { posts: 25 });
    // 25 tweets, plus 4 embedded ones without a line of their own: quoted 861652051016663040 (line 10),
    // retweeted 861651727614746624 (line 11), quoted 861645830863822848 (line 12), retweeted 863566329168711681 (line 13).
    const ids = new Set(posts.map((p) => p.sourceId));
    assert.equal(ids.size, 29);
    for (const id of ['861652051016663040', '861651727614746624', '861645830863822848', '863566329168711681']) assert.ok(ids.has(id), id);
  });

  it('takes the whole text from extended_tweet and decodes HTML entities', () => {
    // Line 19: truncated=true, text cut at "…", extended_tweet.full_text has "140 chars &amp; replies" and ends "🍸🍹🍾🍽".
    const post = bySourceId(posts, '867472736871866368');
    assert.ok(post.text.startsWith('@notFromShrek @ericmbudd G) 140 chars & replies. Here, have some emoji nonsense: 🍏🍎🍐'));
    assert.ok(post.text.endsWith('🍸🍹🍾🍽'));
    assert.ok(!post.text.includes('&amp;') && !post.text.includes('…'));
    assert.equal(post.kind, 'reply');
    assert.equal(post.replyToSourceId, '863566329168711681');
    assert.deepEqual(post.mentions, ['notFromShrek', 'ericmbudd']);
    assert.equal(iso(post.createdAt), '2017-05-24T20:09:51.000Z'); // "Wed May 24 20:09:51 +0000 2017"
  });

  it('yields a retweet as the original (whole text) and a boost carrying that text', () => {
    // Line 16: "RT @RobotPrincessFi: F) Tweet with 140 characters + media. … dolor si… " retweets 867471562613575680,
    // whose extended_tweet.full_text ends "consectetur adipi https://t.co/x2MZliBLyk" (a photo).
    const boost = bySourceId(posts, '867475059358683136');
    const original = bySourceId(posts, '867471562613575680');
    const whole = 'F) Tweet with 140 characters + media. The quick brown fox jumped over the lazily Tweeting dog. Lorem ipsum dolor sit amet, consectetur adipi https://twitter.com/RobotPrincessFi/status/867471562613575680/photo/1';
    assert.equal(original.text, whole);
    assert.equal(original.kind, 'original');
    assert.equal(boost.kind, 'boost');
    assert.equal(boost.boostOfSourceId, '867471562613575680');
    assert.equal(boost.text, whole);
    assert.deepEqual(boost.counts, { likes: 0, boosts: 0, replies: 0 });
    assert.equal(iso(boost.createdAt), '2017-05-24T20:19:05.000Z');
  });

  it('yields a quote tweet and the quoted tweet, with hashtags and the expanded link', () => {
    // Line 3: "M) This is a #QuoteTweet with #hashtags! https://t.co/rw4TMg9O5k", quoted_status_id_str 872836379595620353.
    const quote = bySourceId(posts, '872836479608733696');
    assert.equal(quote.kind, 'quote');
    assert.equal(quote.quoteOfSourceId, '872836379595620353');
    assert.equal(quote.text, 'M) This is a #QuoteTweet with #hashtags! https://twitter.com/RobotPrincessFi/status/872836379595620353');
    assert.deepEqual(quote.hashtags, ['quotetweet', 'hashtags']);
    assert.deepEqual(quote.urls, ['https://twitter.com/RobotPrincessFi/status/872836379595620353']);
    assert.equal(bySourceId(posts, '872836379595620353').text, 'L) This is a #Tweet with a #hashtag');
  });

  it('keeps a reply that also quotes as a reply, with both references', () => {
    // Line 6: in_reply_to_status_id_str 861645830863822848 and quoted_status_id_str 867479301360205824.
    const post = bySourceId(posts, '867837275152842752');
    assert.equal(post.kind, 'reply');
    assert.equal(post.replyToSourceId, '861645830863822848');
    assert.equal(post.quoteOfSourceId, '867479301360205824');
  });

  it('reads author, counts and language', () => {
    // Line 10's quoted_status: user "notFromShrek" / "👸🏼🙄 Fiona", reply_count 2.
    const quoted = bySourceId(posts, '861652051016663040');
    assert.equal(quoted.author.handle, 'notFromShrek');
    assert.equal(quoted.author.displayName, '👸🏼🙄 Fiona');
    assert.equal(quoted.counts.replies, 2);
    // Line 5: lang "fr" on the quoted "Quote-ception." tweet.
    assert.equal(bySourceId(posts, '867475261532459008').language, 'fr');
    assert.equal(quoted.sourceUrl, 'https://twitter.com/notFromShrek/status/861652051016663040');
  });
});

describe('twitter-v1: REST responses from the sferik/twitter gem', () => {
  it('reads a timeline array: 20 tweets and the 6 originals their retweets embed', () => {
    const posts = postsOf(file('sferik_statuses.json'));
    assert.equal(posts.length, 26);
    // Element 13: "Donate $10 or more --&gt; get your favorite car magnet: http://t.co/NfRhl2s2 #Obama2012",
    // t.co expanded_url http://OFA.BO/eWNq2T, user followers_count 19449227, retweet_count 147.
    const obama = bySourceId(posts, '244103057175113729');
    assert.equal(obama.text, 'Donate $10 or more --> get your favorite car magnet: http://OFA.BO/eWNq2T #Obama2012');
    assert.equal(obama.author.handle, 'BarackObama');
    assert.equal(obama.author.displayName, 'Barack Obama');
    assert.equal(obama.author.followersCount, 19449227);
    assert.equal(obama.author.sourceUserId, '813286');
    assert.equal(obama.counts.boosts, 147);
    assert.deepEqual(obama.urls, ['http://OFA.BO/eWNq2T']);
    assert.equal(iso(obama.createdAt), '2012-09-07T16:01:18.000Z');
    // Element 7: "RT @randomhacks: … #rhok @cod ..." is cut; the retweeted status ends "@codeforamerica @TheaClay".
    const retweet = bySourceId(posts, '244107823733174272');
    assert.equal(retweet.kind, 'boost');
    assert.equal(retweet.author.handle, 'codeforamerica');
    assert.equal(retweet.text, "Going to Code Across Austin II: Y'all Come Hack Now, Sat, Sep 8 http://zvents.com/e/IhP3T/7o  We'll see y'all there! #rhok @codeforamerica @TheaClay");
  });

  it('reads a search response ({statuses}) without duplicating a tweet that is also embedded', () => {
    const results = file('sferik_search.json');
    assert.equal(results.length, 1, 'a one-line document is one record');
    const posts = postsOf(results);
    assert.deepEqual(posts.map((p) => p.sourceId).sort(), ['414071361066532864', '414073595372265472', '414075829182676992']);
    const original = bySourceId(posts, '414071361066532864');
    assert.deepEqual(original.counts, { likes: 1, boosts: 1, replies: 0 });
    assert.equal(bySourceId(posts, '414073595372265472').boostOfSourceId, '414071361066532864');
    assert.equal(bySourceId(posts, '414075829182676992').replyToSourceId, '414069174856843264');
  });

  it('reads a premium search response ({results})', () => {
    const [post] = postsOf(file('sferik_premium_search.json'));
    assert.equal(post!.sourceId, '924748080133627904');
    assert.equal(post!.text, '@Simondoomband #freebandnames #freejamespattersontitles');
    assert.equal(post!.replyToSourceId, '922560845531377664');
    assert.equal(post!.author.displayName, 'Christian Lewis');
    assert.equal(post!.language, null, 'lang "und" is no language');
  });

  it('reads a single retweet object', () => {
    const posts = postsOf(file('sferik_retweet.json'));
    assert.equal(posts.length, 2);
    const [original, boost] = posts;
    assert.equal(original!.author.handle, 'gruber');
    assert.equal(original!.author.followersCount, 91398);
    assert.equal(iso(original!.createdAt), '2010-10-24T03:46:25.000Z'); // "Sun Oct 24 03:46:25 +0000 2010"
    assert.equal(boost!.author.handle, 'sferik');
    assert.equal(boost!.boostOfSourceId, '28561922516');
    assert.equal(boost!.text, "As for the Series, I'm for the Giants. Fuck Texas, fuck Nolan Ryan, fuck George Bush.");
  });

  it('reads streaming lines ending in CRLF', () => {
    const text = fixtureText('twitter-v1.1/sferik_track_streaming.json');
    assert.ok(text.includes('\r\n'), 'the fixture has CRLF line ends');
    const results = parseFile(twitterV1, text);
    assert.deepEqual(kindsOf(results), { posts: 2 });
    for (const post of postsOf(results)) {
      assert.equal(post.sourceId, '55709764298092545');
      assert.equal(post.text, "The problem with your code is that it's doing exactly what you told it to do.");
      assert.equal(post.counts.boosts, 316);
      assert.equal(iso(post.createdAt), '2011-04-06T19:13:37.000Z');
    }
  });
});

describe('twitter-v1: ids and broken lines', () => {
  it('takes id_str, not the JSON number that lost its last digits', () => {
    // tweet_parser_public_api_sample.json line 1: "id":872836479608733700 but "id_str":"872836479608733696".
    const [first] = jsonLines(fixtureText('twitter-v1.1/tweet_parser_public_api_sample.json'));
    assert.equal((first!.value as { id: number }).id, 872836479608733700);
    const result = twitterV1.parseRecord(first!.value);
    assert.equal(result.kind, 'posts');
    assert.equal(result.kind === 'posts' && result.posts.at(-1)!.sourceId, '872836479608733696');
  });

  it('rejects a tweet whose only id is a rounded number', () => {
    const result = twitterV1.parseRecord({ id: 872836479608733700, created_at: 'Thu Jun 08 15:23:27 +0000 2017', text: 'x', user: { screen_name: 'a' } });
    assert.equal(result.kind, 'reject');
    assert.match(result.kind === 'reject' ? result.reason : '', /id_str/);
  });

  it('reads the 20 lines of public_api_sample.json', () => {
    const results = file('tweet_parser_public_api_sample.json');
    assert.deepEqual(kindsOf(results), { posts: 20 });
    // Line 14: truncated, no extended_tweet (public API, compat mode): the cut text is all there is.
    const cut = bySourceId(postsOf(results), '867474613139156993');
    assert.equal(cut.text, '140 chars + all of this stuff in the previous Tweet. Whoa.\nLorem ipsum dolor sit amet, consectetur adipiscing elit,… https://twitter.com/i/web/status/867474613139156993');
    assert.deepEqual(cut.urls, [], "Twitter's own read-more link is not a shared link");
  });

  it('imports the good lines of tweetsets and reports the broken seventh', () => {
    // Line 7 has "id":0000000000 (leading zeros: not JSON); lines 1-6 are anonymised streaming tweets.
    const results = file('tweetsets_spark-test-tweets.jsonl');
    assert.deepEqual(kindsOf(results), { posts: 6, reject: 1 });
    const posts = postsOf(results);
    const first = bySourceId(posts, '1111111111111111111');
    assert.equal(first.text, 'Optimista sobre el Brexit, la libra esterlina alcanza un máximo en cinco meses http://dlvr.it/RGdMMv #Internacional #Brexit #Diplomacia');
    assert.deepEqual(first.hashtags, ['internacional', 'brexit', 'diplomacia']);
    assert.equal(first.language, 'es');
    // Line 2 retweets 1111111111111111115, whose extended_tweet ends "#brexit #BrexitDeal #peoplesvote".
    const boost = bySourceId(posts, '1111111111111111114');
    assert.equal(boost.boostOfSourceId, '1111111111111111115');
    assert.ok(boost.text.endsWith('Sheer hypocrisy \n#brexit #BrexitDeal #peoplesvote'));
    assert.deepEqual(boost.hashtags, ['brexit', 'brexitdeal', 'peoplesvote']);
    // Line 4 retweets a quote tweet: boost, the quote, and the quoted tweet, each once.
    assert.equal(bySourceId(posts, '1111111111111111101').boostOfSourceId, '1111111111111111106');
    assert.equal(bySourceId(posts, '1111111111111111106').quoteOfSourceId, '1111111111111111102');
    assert.equal(posts.filter((p) => p.sourceId === '1111111111111111102').length, 1);
  });

  it('passes deletion notices on and skips other stream messages', () => {
    assert.deepEqual(twitterV1.parseRecord({ delete: { status: { id: 1234, id_str: '1234', user_id: 3, user_id_str: '3' } } }), { kind: 'delete', network: 'twitter', sourceId: '1234' });
    assert.equal(twitterV1.parseRecord({ limit: { track: 5 } }).kind, 'skip');
  });

  it('splits a pretty-printed document into its tweets', () => {
    const document = JSON.parse(fixtureText('twitter-v1.1/sferik_search.json'));
    assert.equal(twitterV1Document.framing, 'json');
    assert.equal(twitterV1Document.records!(document).length, 3);
  });
});
