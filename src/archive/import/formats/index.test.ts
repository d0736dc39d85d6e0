import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixtureText, parseFile, postsOf } from './testing/fixture-files.ts';
import { IMPORT_FORMATS, IMPORT_FORMAT_NAMES, detectFormat, formatByName } from './index.ts';

const HEAD = 64 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every file of the import-format fixture folders, and what it is (null: not an importable file). */
const EXPECTED: Record<string, [string, 'json' | 'jsonl' | 'csv'] | null> = {
  'twitter-v1.1/SOURCES.txt': null,
  // One-line documents: read as JSONL, whose parser accepts arrays and search responses.
  'twitter-v1.1/sferik_premium_search.json': ['twitter-v1', 'jsonl'],
  'twitter-v1.1/sferik_retweet.json': ['twitter-v1', 'jsonl'],
  'twitter-v1.1/sferik_search.json': ['twitter-v1', 'jsonl'],
  'twitter-v1.1/sferik_statuses.json': ['twitter-v1', 'jsonl'],
  'twitter-v1.1/sferik_track_streaming.json': ['twitter-v1', 'jsonl'],
  'twitter-v1.1/tweet_parser_original_format_examples.jsonl': ['twitter-v1', 'jsonl'],
  'twitter-v1.1/tweet_parser_public_api_sample.json': ['twitter-v1', 'jsonl'],
  'twitter-v1.1/tweetsets_spark-test-tweets.jsonl': ['twitter-v1', 'jsonl'],
  'twarc2/SOURCES.txt': null,
  'twarc2/cashtags.jsonl': ['twarc2', 'jsonl'],
  'twarc2/cotweet.jsonl': ['twarc2', 'jsonl'],
  'twarc2/edited.jsonl': ['twarc2', 'jsonl'],
  'twarc2/flat_first20.jsonl': ['twarc2', 'jsonl'],
  'twarc2/geo_tweets.jsonl': ['twarc2', 'jsonl'],
  'twarc2/media_tweet.jsonl': ['twarc2', 'jsonl'],
  'twarc2/mentions_tweet.jsonl': ['twarc2', 'jsonl'],
  'twarc2/quoted_edit.jsonl': ['twarc2', 'jsonl'],
  'twarc2/streaming_output_with_error.jsonl': ['twarc2', 'jsonl'],
  'twarc2/two_tweets.jsonl': ['twarc2', 'jsonl'],
  'twarc2/verified_type.jsonl': ['twarc2', 'jsonl'],
  'tags-csv/SOURCES.txt': null,
  'tags-csv/tidytags_sample-data.csv': ['tags', 'csv'],
  'tags-csv/tidytags_sample-tweet.csv': ['tags', 'csv'],
  'mastodon/SOURCES.txt': null,
  'mastodon/rest-api/get_account_statuses_default.json': ['mastodon', 'json'],
  'mastodon/rest-api/get_context_with_ancesters.json': ['mastodon', 'json'],
  'mastodon/rest-api/get_context_with_token.json': ['mastodon', 'json'],
  'mastodon/rest-api/get_status_default.json': ['mastodon', 'json'],
  'mastodon/rest-api/get_status_instance.json': ['mastodon', 'json'],
  'mastodon/rest-api/get_timeline_hashtag_default.json': ['mastodon', 'json'],
  'mastodon/rest-api/get_timeline_hashtag_instance.json': ['mastodon', 'json'],
  'mastodon/rest-api/get_timeline_public_instance.json': ['mastodon', 'json'],
  'mastodon/streaming/websocket_examples_from_docs.jsonl': ['mastodon', 'jsonl'],
  // Server-sent events ("event: …\ndata: …") are not a file format anyone archives with.
  'mastodon/streaming/sse_examples_from_docs.txt': null,
  'bluesky/SOURCES.txt': null,
  'bluesky/jetstream/golden_v1.jsonl': ['jetstream', 'jsonl'],
  'bluesky/jetstream/expected_v1.jsonl': ['jetstream', 'jsonl'],
  'bluesky/jetstream/expected_v1.manifest.json': null,
};
const NOT_IMPORTABLE = /\.meta\.json$|bluesky\/lexicons\//;

describe('detectFormat', () => {
  const files = ['twitter-v1.1', 'twarc2', 'tags-csv', 'mastodon', 'bluesky'].flatMap((folder) => filesUnder(path.join(FIXTURES, folder))).map((f) => path.relative(FIXTURES, f));

  it('knows what every fixture file is, and recognises nothing else', () => {
    assert.ok(files.length >= 50, `found ${files.length} fixture files`);
    for (const file of files) {
      const expected = NOT_IMPORTABLE.test(file) ? null : EXPECTED[file];
      assert.notEqual(expected, undefined, `${file} is new: say what it is`);
      const format = detectFormat(readFileSync(path.join(FIXTURES, file), 'utf8').slice(0, HEAD), path.basename(file));
      assert.deepEqual(format && [format.name, format.framing], expected, file);
    }
  });

  it('knows the hand-written X archive and Mastodon export samples', () => {
    const sample = (p: string) => readFileSync(path.join(import.meta.dirname, 'testdata', p), 'utf8').slice(0, HEAD);
    assert.equal(detectFormat(sample('x-archive/data/tweets.js'), 'tweets.js')?.name, 'x-archive');
    assert.equal(detectFormat(sample('x-archive/data/account.js'), 'account.js'), null);
    const outbox = detectFormat(sample('mastodon-outbox/outbox.json'), 'outbox.json');
    assert.deepEqual(outbox && [outbox.name, outbox.framing], ['mastodon-outbox', 'json']);
  });

  it('frames a pretty-printed document as one document', () => {
    const pretty = (file: string) => JSON.stringify(JSON.parse(fixtureText(file).split('\n')[0]!), null, 2);
    for (const [file, name] of [['twitter-v1.1/sferik_statuses.json', 'twitter-v1'], ['twarc2/two_tweets.jsonl', 'twarc2']] as const) {
      const text = pretty(file);
      const format = detectFormat(text.slice(0, HEAD), file)!;
      assert.deepEqual([format.name, format.framing], [name, 'json'], file);
      // Same posts either way.
      assert.deepEqual(postsOf(parseFile(format, text)).map((p) => p.sourceId).sort(), postsOf(parseFile(formatByName(name)!, fixtureText(file))).map((p) => p.sourceId).sort());
    }
  });

  it('recognises a twarc2 page whose first line is longer than the head', () => {
    // A search page holds up to 500 tweets; `includes` and `__twarc` come after them, beyond the 64 KB.
    const page = JSON.parse(fixtureText('twarc2/two_tweets.jsonl'));
    const big = JSON.stringify({ data: Array.from({ length: 300 }, () => page.data[0]), includes: page.includes, __twarc: page.__twarc });
    assert.ok(big.length > HEAD && big.indexOf('"__twarc"') > HEAD);
    const format = detectFormat(`${big}\n${big}\n`.slice(0, HEAD), 'search.jsonl');
    assert.deepEqual(format && [format.name, format.framing], ['twarc2', 'jsonl']);
  });

  it('leaves lines of our own export to `jsonl`, whatever else they contain', () => {
    const line = JSON.stringify({ musesocial: 1, id_str: '1', user: { screen_name: 'dana' }, created_at: 'Tue Mar 03 20:04:55 +0000 2015', author_id: '1', uri: 'x', content: 'x', acct: 'x', did: 'did:plc:x', time_us: 1, kind: 'commit' });
    const head = `${line}\n${line}\n`;
    for (const format of IMPORT_FORMATS.filter((f) => f.name !== 'jsonl')) assert.equal(format.detect(head, 'chat.jsonl'), false, format.name);
    assert.equal(detectFormat(head, 'chat.jsonl')?.name ?? 'jsonl', 'jsonl');
  });

  it('recognises nothing in garbage, empty files and plain text', () => {
    for (const head of ['', '\u0000\u0001\u0002binary', 'hello world\n', '{"a": 1}\n', '[1, 2, 3]']) assert.equal(detectFormat(head, 'x'), null, JSON.stringify(head));
  });
});

describe('formatByName', () => {
  it('finds every format by its --format name', () => {
    // `jsonl` (our own export, registered from src/archive/export) comes first when present.
    assert.deepEqual(IMPORT_FORMAT_NAMES.filter((n) => n !== 'jsonl'), ['x-archive', 'mastodon-outbox', 'jetstream', 'bluesky', 'twarc2', 'twitter-v1', 'mastodon', 'tags']);
    for (const format of IMPORT_FORMATS) assert.equal(formatByName(format.name), format);
    assert.equal(formatByName('storify'), null);
  });

  it('picks the framing that fits the file when given its head', () => {
    assert.equal(formatByName('twitter-v1')!.framing, 'jsonl');
    assert.equal(formatByName('twitter-v1', '[\n  {\n    "id_str": "1"')!.framing, 'json');
    assert.equal(formatByName('mastodon')!.framing, 'json');
    assert.equal(formatByName('mastodon', fixtureText('mastodon/streaming/websocket_examples_from_docs.jsonl'))!.framing, 'jsonl');
  });
});
