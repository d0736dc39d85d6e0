import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bySourceId, iso, jsonDocument, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { readXArchiveAccount, xArchive, xArchiveWith } from './x-archive.ts';

// testdata/x-archive is written after a real "Download your archive" (see testdata/README.md); values read off it.
const sample = (name: string) => readFileSync(path.join(import.meta.dirname, 'testdata/x-archive/data', name), 'utf8');
const account = readXArchiveAccount(jsonDocument(sample('account.js')))!;

describe('x-archive: data/tweets.js', () => {
  const results = parseFile(xArchiveWith({ account, notes: [] }), sample('tweets.js'));
  const posts = postsOf(results);

  it('reads the owner from data/account.js', () => {
    assert.deepEqual(account, { username: 'dana_museum', accountId: '14215524', displayName: 'Dana (Museum of Things)' });
    assert.deepEqual(kindsOf(results), { posts: 4 });
    for (const post of posts) {
      assert.equal(post.author.handle, 'dana_museum');
      assert.equal(post.author.displayName, 'Dana (Museum of Things)');
      assert.equal(post.author.sourceUserId, '14215524');
    }
  });

  it('reads numbers written as strings, decodes entities and expands links', () => {
    // "favorite_count" : "12", "retweet_count" : "3"; full_text "Q1 Spoons &amp; ladles: … https://t.co/AbCdEf1234".
    const question = bySourceId(posts, '1587864000000000001');
    assert.deepEqual(question.counts, { likes: 12, boosts: 3, replies: 0 });
    assert.equal(question.text, "Q1 Spoons & ladles: #musesocial what's the oddest object you hold? https://museum.example.org/collections?tag=spoons&sort=new");
    assert.deepEqual(question.urls, ['https://museum.example.org/collections?tag=spoons&sort=new']);
    assert.deepEqual(question.hashtags, ['musesocial']);
    assert.equal(iso(question.createdAt), '2022-11-02T18:30:00.000Z');
    assert.equal(question.sourceUrl, 'https://twitter.com/dana_museum/status/1587864000000000001');
  });

  it('keeps ids above 2^53 exact and reads replies', () => {
    // "id" : "1587864999999999999" (a string in the archive; as a number it would be 1587865000000000000).
    const answer = bySourceId(posts, '1587864999999999999');
    assert.equal(answer.kind, 'reply');
    assert.equal(answer.replyToSourceId, '1587863888888888888');
    assert.equal(answer.text, '@sam_curates A1 a spoon-shaped #MuseSocial spoon <3');
    assert.deepEqual(answer.mentions, ['sam_curates']);
  });

  it('knows a retweet by its "RT @" text (the archive keeps no original) and reads offsets in created_at', () => {
    // "created_at" : "Thu Nov 03 04:40:00 +1000 2022" is 18:40 UTC the day before.
    const retweet = bySourceId(posts, '1587865111111111111');
    assert.equal(retweet.kind, 'boost');
    assert.equal(retweet.boostOfSourceId, null);
    assert.equal(iso(retweet.createdAt), '2022-11-02T18:40:00.000Z');
    assert.ok(retweet.text.startsWith('RT @sam_curates: Our registrar'));
  });

  it('knows a quote by its link to another tweet; the photo link is not a shared link', () => {
    const quote = bySourceId(posts, '1587866222222222222');
    assert.equal(quote.kind, 'quote');
    assert.equal(quote.quoteOfSourceId, '1587860000000000042');
    assert.equal(quote.text, 'This one, in our storeroom: https://twitter.com/sam_curates/status/1587860000000000042 https://twitter.com/dana_museum/status/1587866222222222222/photo/1');
    assert.deepEqual(quote.urls, ['https://twitter.com/sam_curates/status/1587860000000000042']);
  });
});

describe('x-archive: without account.js', () => {
  it('finds the owner in one of their own photos', () => {
    // Tweet 4's media expanded_url is twitter.com/dana_museum/status/<its own id>/photo/1.
    const results = parseFile(xArchive, sample('tweets.js'));
    assert.deepEqual(kindsOf(results), { posts: 4 });
    assert.ok(postsOf(results).every((p) => p.author.handle === 'dana_museum' && p.author.displayName === 'dana_museum'));
  });

  it('rejects tweets whose author cannot be known, saying what to add', () => {
    const results = parseFile(xArchive, sample('tweet.js'));
    assert.deepEqual(results, [{ kind: 'reject', reason: "author unknown: tweets.js does not name its author; import it with the archive's data/account.js" }]);
  });

  it('reads the pre-2022 tweet.js (no {"tweet": …} wrapper) with the owner known', () => {
    const [post] = postsOf(parseFile(xArchiveWith({ account, notes: [] }), sample('tweet.js')));
    assert.equal(post!.sourceId, '571111111111111111');
    assert.equal(post!.text, 'Back next week, same time, same #musesocial');
    assert.deepEqual(post!.counts, { likes: 2, boosts: 1, replies: 0 });
    assert.equal(iso(post!.createdAt), '2015-03-03T20:04:55.000Z');
  });

  it('detects archive tweet files and nothing else', () => {
    assert.ok(xArchive.detect(sample('tweets.js'), 'tweets.js'));
    assert.ok(xArchive.detect(sample('tweet.js'), 'tweet.js'));
    assert.ok(!xArchive.detect(sample('account.js'), 'account.js'));
  });
});

describe('x-archive: edited posts', () => {
  // Every version of an edited post is a tweet of its own in tweets.js, each listing all the versions (edit_info).
  const versions = ['1590000000000000001', '1590000000000000002', '1590000000000000003'];
  const entry = (id: string, text: string, over: Record<string, unknown>) => ({
    tweet: { id_str: id, id, created_at: 'Wed Nov 09 18:30:00 +0000 2022', full_text: text, favorite_count: '0', retweet_count: '0', entities: { hashtags: [], user_mentions: [], urls: [] }, ...over },
  });
  const initial = { edit_info: { initial: { editTweetIds: versions, editableUntil: '2022-11-09T19:30:00.000Z', editsRemaining: '3', isEditEligible: true } } };
  const edit = { edit_info: { edit: { initialTweetId: versions[0], editControlInitial: { editTweetIds: versions, editableUntil: '2022-11-09T19:30:00.000Z', editsRemaining: '3', isEditEligible: true } } } };
  const document = [
    entry(versions[0]!, 'Q1 Whats the oddest object in you collection? #musesocial', initial),
    entry(versions[1]!, 'Q1 What’s the oddest object in you collection? #musesocial', edit),
    entry(versions[2]!, 'Q1 What’s the oddest object in your collection? #musesocial', edit),
    entry('1590000000000000009', '@dana_museum A spoon', { in_reply_to_status_id_str: versions[0], in_reply_to_screen_name: 'dana_museum' }),
    // Edited too, but its later version is not in this file: it is kept.
    entry('1590000000000000020', 'Back next week', { edit_info: { initial: { editTweetIds: ['1590000000000000020', '1590000000000000021'] } } }),
  ];
  const format = xArchiveWith({ account, notes: [] });
  const results = format.records!(document).map((record) => format.parseRecord(record));

  it('imports the latest version only, and skips the earlier ones saying why', () => {
    assert.deepEqual(
      postsOf(results).map((post) => [post.sourceId, post.text]),
      [
        [versions[2], 'Q1 What’s the oddest object in your collection? #musesocial'],
        ['1590000000000000009', '@dana_museum A spoon'],
        ['1590000000000000020', 'Back next week'],
      ],
    );
    assert.deepEqual(results.slice(0, 2), [
      { kind: 'skip', reason: `an earlier version of a post edited since: its latest version, ${versions[2]}, is imported` },
      { kind: 'skip', reason: `an earlier version of a post edited since: its latest version, ${versions[2]}, is imported` },
    ]);
  });

  it('names the earlier versions the latest replaces, for an older archive imported before', () => {
    assert.deepEqual(bySourceId(postsOf(results), versions[2]!).replaces, [versions[0], versions[1]]);
    assert.equal(bySourceId(postsOf(results), '1590000000000000020').replaces, undefined, 'a first version replaces nothing');
  });

  it('makes a reply to an earlier version answer the latest', () => {
    assert.equal(bySourceId(postsOf(results), '1590000000000000009').replyToSourceId, versions[2]);
  });
});
