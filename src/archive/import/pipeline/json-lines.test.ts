import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImportFormat, ImportedPost, RecordResult } from '../imported-post.ts';
import { parseJsonLines } from './json-lines.ts';

/** A format of our own: `{"id": "…", "text": "…"}` lines; `{"ping": true}` is skipped; anything else rejected. */
const stub: ImportFormat = {
  name: 'twitter-v1',
  framing: 'jsonl',
  detect: () => true,
  parseRecord(record): RecordResult {
    const r = record as { id?: string; text?: string; ping?: boolean };
    if (r.ping) return { kind: 'skip', reason: 'keep-alive' };
    if (typeof r.id !== 'string') return { kind: 'reject', reason: 'id: missing' };
    const post: ImportedPost = {
      network: 'twitter',
      sourceId: r.id,
      sourceUrl: null,
      author: { network: 'twitter', handle: '@Dana', displayName: 'Dana', sourceUserId: null, followersCount: null, profileUrl: null },
      text: r.text ?? '',
      createdAt: 1_700_000_000_000,
      kind: 'original',
      replyToSourceId: null,
      quoteOfSourceId: null,
      boostOfSourceId: null,
      hashtags: ['MuseSocial', 'musesocial'],
      mentions: [],
      urls: [],
      counts: { likes: 1, boosts: 2, replies: 3 },
      language: null,
    };
    return { kind: 'posts', posts: [post] };
  },
};

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('JSON lines to posts', () => {
  it('numbers lines from the chunk’s start, through CRLF, blank lines and a byte-order mark', () => {
    const piece = parseJsonLines(stub, bytes('\ufeff{"id":"1","text":"A2 hello"}\r\n\r\n{"ping":true}\r\n{"id":\r\n{"x":1}\n   \n{"id":"6","text":"Q1 hi"}'));
    assert.equal(piece.lines, 7);
    assert.equal(piece.records, 4 + 1, 'blank lines are not records');
    assert.equal(piece.skipped, 1);
    assert.deepEqual(piece.rejects.map((r) => r.line), [4, 5]);
    assert.match(piece.rejects[0]!.reason, /^not valid JSON \(/);
    assert.equal(piece.rejects[1]!.reason, 'id: missing');
    const batch = piece.posts!;
    assert.deepEqual(batch.sourceId, ['1', '6']);
    assert.deepEqual([...batch.answerMarker], [2, 0]);
    assert.deepEqual([...batch.questionMarker], [0, 1]);
    // Tags lower-cased and each once; one author for both posts, handle normalised.
    assert.deepEqual(batch.tags.slice(batch.tagStart[0], batch.tagStart[1]), ['musesocial']);
    assert.deepEqual(batch.authors.handle, ['dana']);
    assert.deepEqual([...batch.author], [0, 0]);
  });

  it('cuts a rejection reason that would quote a whole line', () => {
    const piece = parseJsonLines(stub, bytes(`{"broken": "${'x'.repeat(5000)}\n`));
    assert.equal(piece.rejects.length, 1);
    assert.ok(piece.rejects[0]!.reason.length <= 300);
  });
});
