import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isBlank, MAX_QUERY_TERMS, parseSearchQuery } from './search-query.ts';

const words = (q: string) => parseSearchQuery(q).include.map((t) => t.text);

describe('parseSearchQuery', () => {
  it('reads words and quoted phrases, straight or curly quotes', () => {
    const query = parseSearchQuery('museum  "open access" “social media”');
    assert.deepEqual(query.include, [
      { text: 'museum', phrase: false, prefix: false },
      { text: 'open access', phrase: true, prefix: false },
      { text: 'social media', phrase: true, prefix: false },
    ]);
    assert.deepEqual(query.issues, []);
  });

  it('runs an unclosed quote to the end', () => {
    assert.deepEqual(parseSearchQuery('"open access').include, [{ text: 'open access', phrase: true, prefix: false }]);
  });

  it('excludes words, phrases, hashtags, authors and chats with a minus', () => {
    const query = parseSearchQuery('museum -sponsored -"ad copy" -#edchat -from:bot -chat:old-chat');
    assert.deepEqual(query.exclude.map((t) => t.text), ['sponsored', 'ad copy']);
    assert.deepEqual(query.excludeHashtags, ['edchat']);
    assert.deepEqual(query.excludeFrom, ['bot']);
    assert.deepEqual(query.excludeChats, ['old-chat']);
    assert.deepEqual(words('a - b'), ['a', 'b'], 'a lone minus is nothing');
  });

  it('reads hashtags lower-cased, without trailing punctuation; number-only tags are words', () => {
    const query = parseSearchQuery('#MuseSocial, #musée #2024');
    assert.deepEqual(query.hashtags, ['musesocial', 'musée']);
    assert.deepEqual(words('#2024'), ['#2024']);
  });

  it('reads from: with or without @, and user@server handles', () => {
    assert.deepEqual(parseSearchQuery('from:Dana from:@sam from:@kim@Museum.Social from:dana.bsky.social').from, ['dana', 'sam', 'kim@museum.social', 'dana.bsky.social']);
  });

  it('reads chat:slug and sort:', () => {
    const query = parseSearchQuery('chat:MuseSocial-2024-05-07 sort:relevance');
    assert.deepEqual(query.chats, ['musesocial-2024-05-07']);
    assert.equal(query.sort, 'relevance');
    assert.equal(parseSearchQuery('sort:latest').sort, 'newest');
  });

  it('treats unknown operators and bad operator values as words', () => {
    assert.deepEqual(words('to:dana chat:Not_A_Slug! sort:random from:!?'), ['to:dana', 'chat:Not_A_Slug!', 'sort:random', 'from:!?']);
  });

  it('marks prefixes and drops punctuation-only words', () => {
    assert.deepEqual(parseSearchQuery('muse* -- ... ** open*access').include, [
      { text: 'muse', phrase: false, prefix: true },
      { text: 'open*access', phrase: false, prefix: false },
    ]);
  });

  it('resolves since:/until: to whole days in UTC, or in the zone given', () => {
    const utc = parseSearchQuery('since:2024-05-01 until:2024-05-31');
    assert.equal(utc.since?.at, Date.UTC(2024, 4, 1));
    assert.equal(utc.until?.at, Date.UTC(2024, 5, 1), 'until includes its whole day');
    const newYork = parseSearchQuery('since:2024-05-01', { zone: 'America/New_York' });
    assert.equal(newYork.since?.at, Date.UTC(2024, 4, 1, 4), 'midnight in New York (EDT) is 04:00 UTC');
  });

  it('explains impossible dates, naming the operator', () => {
    assert.deepEqual(parseSearchQuery('since:2024-02-30').issues, [{ operator: 'since', message: 'since: "2024-02-30" is not a date; write since:YYYY-MM-DD, e.g. since:2024-05-01' }]);
    assert.match(parseSearchQuery('until:yesterday').issues[0]!.message, /^until: "yesterday" is not a date/);
    assert.match(parseSearchQuery('until:').issues[0]!.message, /^until: needs a date/);
    // An operator with nothing after it is a query half-typed, not the word "from".
    assert.deepEqual(parseSearchQuery('museum from:').issues, [{ operator: 'from', message: 'from: needs a handle, as in from:dana or from:@kim@museum.social' }]);
    assert.match(parseSearchQuery('-chat: museum').issues[0]!.message, /^chat: needs a chat's address name/);
    assert.match(parseSearchQuery('since:2024-06-01 until:2024-05-01').issues[0]!.message, /^until: 2024-05-01 is before since: 2024-06-01/);
    assert.match(parseSearchQuery('-since:2024-01-01').issues[0]!.message, /^since: cannot be excluded/);
  });

  it('limits the number of terms', () => {
    const query = parseSearchQuery(Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `w${i}`).join(' '));
    assert.equal(query.issues[0]?.operator, 'q');
    assert.equal(query.include.length, MAX_QUERY_TERMS);
  });

  it('knows a blank query', () => {
    assert.equal(isBlank(parseSearchQuery('  ... sort:newest ')), true);
    assert.equal(isBlank(parseSearchQuery('#musesocial')), false);
    assert.equal(isBlank(parseSearchQuery('since:2024-01-01')), false);
  });

  it('never throws and stays fast on arbitrary input (property)', () => {
    const operatorish = fc.stringMatching(/^-?(from|chat|since|until|sort|#|")[:@#"\-a-z0-9]{0,12}$/);
    const input = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.array(operatorish, { maxLength: 40 }).map((parts) => parts.join(' ')));
    fc.assert(
      fc.property(input, (text) => {
        const started = performance.now();
        const query = parseSearchQuery(text);
        // A hang guard, not a speed test (bench/ measures speed): parsing takes microseconds, and a
        // backtracking blow-up takes seconds; the margin absorbs a loaded machine's pauses.
        assert.ok(performance.now() - started < 500, 'parses without hanging');
        for (const term of [...query.include, ...query.exclude]) assert.match(term.text, /[\p{L}\p{N}]/u);
        assert.ok(query.include.length + query.exclude.length <= MAX_QUERY_TERMS);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles a huge input in linear time', () => {
    const started = performance.now();
    parseSearchQuery('"'.repeat(50_000) + 'a '.repeat(50_000));
    parseSearchQuery('-'.repeat(100_000));
    // Linear: a few milliseconds; quadratic would be tens of seconds. The bound leaves room for a busy machine.
    assert.ok(performance.now() - started < 2000);
  });
});
