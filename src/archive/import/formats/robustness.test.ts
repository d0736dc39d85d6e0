import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ImportFormat, RecordResult } from '../imported-post.ts';
import { csvRows, fixtureText, jsonDocument, jsonLines } from './testing/fixture-files.ts';
import { jetstream } from './jetstream.ts';
import { mastodon, mastodonLines } from './mastodon.ts';
import { mastodonOutbox } from './mastodon-outbox.ts';
import { tags } from './tags.ts';
import { twarc2, twarc2Document } from './twarc2.ts';
import { twitterV1, twitterV1Document } from './twitter-v1.ts';
import { xArchive, xArchiveWith } from './x-archive.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The contract: parseRecord never throws. One malformed line must be
 * reported and counted while the other 2 GB import on.
 */
const FORMATS: ImportFormat[] = [
  twitterV1,
  twitterV1Document,
  twarc2,
  twarc2Document,
  xArchive,
  xArchiveWith({ account: { username: 'dana', accountId: '1', displayName: 'Dana' }, notes: [] }),
  tags,
  mastodon,
  mastodonLines,
  mastodonOutbox,
  jetstream,
];

/** A few hundred cases per run keep the suite fast; MUSESOCIAL_FUZZ_RUNS=20000 digs deeper. */
const RUNS = Number(process.env.MUSESOCIAL_FUZZ_RUNS) || 400;

const KINDS = new Set(['original', 'reply', 'quote', 'boost']);

/** Whatever a parser returns must be a well-formed result, and every post a well-formed post. */
function assertWellFormed(result: RecordResult, format: string): void {
  assert.ok(result && typeof result === 'object', `${format}: no result`);
  switch (result.kind) {
    case 'reject':
    case 'skip':
      assert.ok(typeof result.reason === 'string' && result.reason.length > 0, `${format}: ${result.kind} without a reason`);
      return;
    case 'delete':
      assert.ok(typeof result.sourceId === 'string' && result.sourceId.length > 0, `${format}: delete without an id`);
      return;
    case 'posts':
      assert.ok(result.posts.length > 0, `${format}: empty posts`);
      for (const post of result.posts) {
        assert.ok(typeof post.sourceId === 'string' && post.sourceId !== '', `${format}: sourceId`);
        assert.ok(Number.isFinite(post.createdAt), `${format}: createdAt`);
        assert.equal(typeof post.text, 'string', `${format}: text`);
        assert.ok(KINDS.has(post.kind), `${format}: kind ${post.kind}`);
        assert.ok(typeof post.author.handle === 'string' && post.author.handle !== '', `${format}: handle`);
        assert.equal(typeof post.author.displayName, 'string', `${format}: displayName`);
        for (const list of [post.hashtags, post.mentions, post.urls]) assert.ok(list.every((v) => typeof v === 'string'), `${format}: string lists`);
        for (const n of Object.values(post.counts)) assert.ok(Number.isSafeInteger(n) && n >= 0, `${format}: counts`);
        for (const ref of [post.replyToSourceId, post.quoteOfSourceId, post.boostOfSourceId]) assert.ok(ref === null || typeof ref === 'string', `${format}: references`);
      }
      return;
    default:
      assert.fail(`${format}: unknown result ${JSON.stringify(result)}`);
  }
}

function parseEach(value: unknown): void {
  for (const format of FORMATS) {
    let result: RecordResult;
    try {
      result = format.parseRecord(value);
    } catch (error) {
      assert.fail(`${format.name}/${format.framing} threw on ${JSON.stringify(value)?.slice(0, 200)}: ${(error as Error).stack}`);
    }
    assertWellFormed(result, format.name);
    if (format.records) {
      try {
        for (const record of format.records(value)) assertWellFormed(format.parseRecord(record), format.name);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.fail(`${format.name}.records threw on ${JSON.stringify(value)?.slice(0, 200)}: ${(error as Error).stack}`);
      }
    }
  }
}

/** Real records of every format, to be damaged field by field. */
function realRecords(): unknown[] {
  const lines = (file: string) => jsonLines(fixtureText(file)).flatMap((l) => (l.error ? [] : [l.value]));
  const testdata = (file: string) => readFileSync(path.join(import.meta.dirname, 'testdata', file), 'utf8');
  return [
    ...lines('twitter-v1.1/tweet_parser_original_format_examples.jsonl').slice(0, 12),
    ...lines('twitter-v1.1/sferik_search.json'),
    ...lines('twarc2/two_tweets.jsonl'),
    ...lines('twarc2/quoted_edit.jsonl'),
    ...lines('twarc2/flat_first20.jsonl').slice(10, 13),
    ...(jsonDocument(fixtureText('mastodon/rest-api/get_timeline_hashtag_default.json')) as unknown[]),
    ...lines('mastodon/streaming/websocket_examples_from_docs.jsonl'),
    ...lines('bluesky/jetstream/expected_v1.jsonl').filter((e) => JSON.stringify(e).includes('app.bsky.feed.post')),
    ...csvRows(fixtureText('tags-csv/tidytags_sample-data.csv')),
    ...(jsonDocument(testdata('x-archive/data/tweets.js')) as unknown[]),
    ...((jsonDocument(testdata('mastodon-outbox/outbox.json')) as { orderedItems: unknown[] }).orderedItems),
  ];
}

/** Replaces the value at a path of child indices (taken modulo each level's size) with `value`. */
function damaged(record: unknown, steps: number[], value: unknown): unknown {
  const copy: unknown = structuredClone(record);
  let node = copy;
  for (let i = 0; i < steps.length; i += 1) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[steps[i]! % keys.length]!;
    const child = (node as Record<string, unknown>)[key];
    if (i === steps.length - 1 || typeof child !== 'object' || child === null) {
      if (value === undefined) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = value;
      break;
    }
    node = child;
  }
  return copy;
}

describe('parseRecord never throws', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => parseEach(value)), { numRuns: RUNS });
  });

  it('on real records with fields removed or replaced by arbitrary values', () => {
    const records = realRecords();
    const edit = fc.tuple(fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }));
    fc.assert(
      fc.property(fc.nat(records.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }), (index, edits) => {
        let record = records[index];
        for (const [steps, value] of edits) record = damaged(record, steps, value);
        parseEach(record);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('malformed records are rejected with the reason', () => {
  const date = 'Tue Mar 03 20:04:55 +0000 2015';
  const user = { screen_name: 'dana', name: 'Dana' };
  const cases: [ImportFormat, unknown, RegExp][] = [
    [twitterV1, 'a string', /not a JSON object/],
    [twitterV1, { id_str: '1', created_at: 'yesterday', text: 'x', user }, /^created_at: not a Twitter date/],
    [twitterV1, { id_str: '1', created_at: date, text: 'x' }, /^user: missing/],
    [twitterV1, { id_str: '1', created_at: date, text: 42, user }, /^text: missing/],
    [twitterV1, { id_str: '1', created_at: date, text: 'x', user: { screen_name: 7 } }, /^user.screen_name: missing/],
    [twitterV1, { id_str: 'abc', created_at: date, text: 'x', user }, /^id_str/],
    [twarc2, { data: [{ id: 'x', text: 't' }] }, /^id: missing or not a whole number/],
    [twarc2, { data: { id: '1', text: 't', author_id: '2', created_at: 'now' }, includes: { users: [{ id: '2', username: 'a' }] } }, /^created_at: not an ISO instant/],
    [twarc2, { data: [{ id: '1', text: 't', created_at: '2021-05-18T19:24:56.000Z' }] }, /^author_id: missing/],
    [twarc2, { something: 'else' }, /not a twarc2 response page or tweet/],
    [mastodon, { uri: 'https://a.example/1', created_at: '2025-07-17T19:07:48.000Z', content: '<p>x</p>' }, /^account: missing/],
    [mastodon, { uri: 'https://a.example/1', created_at: '2025-07-17T19:07:48.000Z', content: 5, account: { acct: 'a@b.example' } }, /^content: missing/],
    [mastodon, { uri: 'https://a.example/1', created_at: 17, content: '', account: { acct: 'a@b.example' } }, /^created_at: not an ISO instant/],
    [mastodon, { id: '1', content: 'x', account: { acct: 'a@b.example' } }, /^uri: missing/],
    [mastodonLines, { event: 'update', payload: '{"id": "1", "uri": ' }, /payload of "update": not JSON/],
    [mastodonOutbox, { type: 'Announce', to: ['https://www.w3.org/ns/activitystreams#Public'], id: 'https://a.example/1/activity', actor: 'https://a.example/users/x', published: '2022-11-08T20:08:00Z' }, /^object: missing/],
    [mastodonOutbox, { id: 'x' }, /^type: missing/],
    [jetstream, { did: 'not-a-did', kind: 'commit' }, /^did: not a DID/],
    [jetstream, { did: 'did:plc:x', time_us: 1, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'r', record: { text: 'x', createdAt: 'bad' } } }, /^record.createdAt: not an ISO instant/],
    [tags, { id_str: '1', from_user: 'dana', created_at: date }, /^text: missing/],
  ];

  for (const [format, record, reason] of cases) {
    it(`${format.name}: ${JSON.stringify(record).slice(0, 90)}`, () => {
      const result = format.parseRecord(record);
      assert.equal(result.kind, 'reject', JSON.stringify(result));
      assert.match(result.kind === 'reject' ? result.reason : '', reason);
    });
  }
});
