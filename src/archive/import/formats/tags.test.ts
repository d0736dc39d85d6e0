import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bySourceId, csvRows, fixtureText, iso, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { tags } from './tags.ts';

// Values below were read off ../shared/fixtures/tags-csv by hand.
describe('tags: TAGS archive sheets', () => {
  it('tidytags_sample-tweet.csv: one retweet row', () => {
    const [post] = postsOf(parseFile(tags, fixtureText('tags-csv/tidytags_sample-tweet.csv')));
    assert.equal(post!.sourceId, '1219758386436165633');
    assert.equal(post!.author.handle, 'gsa_aect');
    assert.equal(post!.author.sourceUserId, '922536306437181440');
    assert.equal(post!.author.followersCount, 223);
    // Retweet text is cut at 140 in the sheet, and stays as it is.
    assert.equal(post!.text, 'RT @AECT: The #AECT19 convention proceedings are available! The papers published in these volumes were presented at the annual AECT Convent…');
    assert.equal(post!.kind, 'boost');
    assert.equal(post!.boostOfSourceId, null, 'a TAGS row does not name the retweeted tweet');
    assert.deepEqual(post!.hashtags, ['aect19']);
    assert.deepEqual(post!.mentions, ['AECT']);
    assert.equal(post!.sourceUrl, 'http://twitter.com/gsa_aect/statuses/1219758386436165633');
    assert.equal(iso(post!.createdAt), '2020-01-21T23:07:15.000Z');
  });

  const text = fixtureText('tags-csv/tidytags_sample-data.csv');
  const posts = postsOf(parseFile(tags, text));

  it('tidytags_sample-data.csv: every row imports (10 rows; one text spans three lines)', () => {
    assert.equal(csvRows(text).length, 10);
    assert.equal(posts.length, 10);
    assert.deepEqual(
      posts.reduce<Record<string, number>>((n, p) => ({ ...n, [p.kind]: (n[p.kind] ?? 0) + 1 }), {}),
      { boost: 8, original: 2 },
    );
    // Row 3: "…Bridging Theory and Practice: \n\nhtt…" inside quotes.
    assert.equal(bySourceId(posts, '1234206946732830720').text, 'RT @veletsianos: Reminder: Call for Chapter Proposals: Critical Digital Pedagogy – Broadening Horizons, Bridging Theory and Practice: \n\nhtt…');
  });

  it('trusts created_at over the sheet-zone `time`, and reads NA as missing', () => {
    // Row 1: created_at "Sun Apr 19 19:22:23 +0000 2020", time "2020-04-19T20:22:23Z", user_followers_count NA.
    const row = bySourceId(posts, '1251954312772812801');
    assert.equal(iso(row.createdAt), '2020-04-19T19:22:23.000Z');
    assert.equal(row.author.followersCount, null);
    assert.equal(row.replyToSourceId, null);
    assert.equal(row.language, null);
  });

  it('finds the retweeted tweet through a retweeted photo and expands its link', () => {
    // Row 2: entities_str media[0].source_status_id_str "1187526111489474561", url https://t.co/Kr50LjJ0vI.
    const row = bySourceId(posts, '1248064163211096064');
    assert.equal(row.boostOfSourceId, '1187526111489474561');
    assert.equal(row.text, 'RT @dtpthanh: Look like sisters? @YamChaivisit #aect19 https://twitter.com/dtpthanh/status/1187526111489474561/photo/1');
    assert.deepEqual(row.mentions, ['dtpthanh', 'YamChaivisit']);
    assert.deepEqual(row.urls, []);
  });

  it('keeps a truncated original as it is, with its read-more link expanded', () => {
    // Row 5: "…great content and great… https://t.co/ODA1A8KUZ5" → twitter.com/i/web/status/1227652243870097408.
    const row = bySourceId(posts, '1227652243870097408');
    assert.equal(row.kind, 'original');
    assert.equal(row.text, 'Give Madinah what it deserves and help Saudi achieve 2030 vision. So many great presenters, great content and great… https://twitter.com/i/web/status/1227652243870097408');
    assert.equal(row.author.followersCount, 5000);
  });
});

describe('tags: damaged sheets', () => {
  const row = (cells: Record<string, string>) => ({
    id_str: '1219758386436165633',
    from_user: 'dana',
    text: 'A1 spoons &amp; ladles #musesocial',
    created_at: 'Tue Jan 21 23:07:15 +0000 2020',
    time: '',
    in_reply_to_status_id_str: '',
    entities_str: '',
    status_url: 'http://twitter.com/dana/statuses/1219758386436165633',
    ...cells,
  });

  it('recovers an id a spreadsheet turned into 1.2E+18 from status_url', () => {
    const result = tags.parseRecord(row({ id_str: '1.21975838643617E+18' }));
    assert.equal(result.kind === 'posts' && result.posts[0]!.sourceId, '1219758386436165633');
  });

  it('reads hashtags from the text when entities_str is empty, and decodes entities', () => {
    const result = tags.parseRecord(row({}));
    assert.equal(result.kind === 'posts' && result.posts[0]!.text, 'A1 spoons & ladles #musesocial');
    assert.deepEqual(result.kind === 'posts' && result.posts[0]!.hashtags, ['musesocial']);
  });

  it('reads a reply from in_reply_to_status_id_str', () => {
    const result = tags.parseRecord(row({ in_reply_to_status_id_str: '1219758386436160000' }));
    assert.equal(result.kind === 'posts' && result.posts[0]!.kind, 'reply');
  });

  it('falls back to `time` without created_at, and rejects a row with neither', () => {
    const fallback = tags.parseRecord(row({ created_at: 'NA', time: '2020-01-21T23:07:15Z' }));
    assert.equal(fallback.kind === 'posts' && iso(fallback.posts[0]!.createdAt), '2020-01-21T23:07:15.000Z');
    assert.deepEqual(tags.parseRecord(row({ created_at: 'NA' })), { kind: 'reject', reason: 'created_at: not a Twitter date ("NA")' });
  });

  it('rejects rows without an author or an id', () => {
    assert.deepEqual(tags.parseRecord(row({ from_user: '' })), { kind: 'reject', reason: 'from_user: missing' });
    assert.equal(tags.parseRecord(row({ id_str: 'NA', status_url: 'NA' })).kind, 'reject');
    assert.deepEqual(kindsOf([tags.parseRecord('not a row')]), { reject: 1 });
  });
});
