import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filterParams, parseTranscriptQuery } from './transcript-query.ts';
import { decodeCursor, encodeCursor } from './transcript-cursor.ts';

describe('transcript filters', () => {
  it('reads handles, question numbers, types and the boost toggle', () => {
    const { query, errors } = parseTranscriptQuery({ author: ' @Dana@Museum.Social ', question: 'Q3', type: 'Reply', boosts: 'show' });
    assert.deepEqual(errors, {});
    assert.deepEqual(query.filter, { author: 'dana@museum.social', question: 3, type: 'reply', boosts: 'show' });
    assert.deepEqual(filterParams(query.filter), { author: 'dana@museum.social', question: '3', type: 'reply', boosts: 'show' });
    assert.equal(parseTranscriptQuery({ question: 'other' }).query.filter.question, 'other');
    assert.deepEqual(filterParams(parseTranscriptQuery({ author: '', question: '', type: '' }).query.filter), {});
  });

  it('names the field of every bad value', () => {
    const { errors } = parseTranscriptQuery({ author: 'a b', question: '0', type: 'rant', boosts: 'maybe', cursor: '!!' });
    assert.deepEqual(Object.keys(errors).sort(), ['author', 'boosts', 'cursor', 'question', 'type']);
    const other = encodeCursor({ group: 2, at: null, inclusive: false });
    assert.match(parseTranscriptQuery({ question: '1', cursor: other }).errors.cursor!, /another question/);
  });

  it('round-trips positions and refuses forged ones', () => {
    for (const cursor of [
      { group: 3, at: { createdAt: 1773169200000, id: 42 }, inclusive: true },
      { group: 'other' as const, at: null, inclusive: false },
    ]) {
      assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor);
    }
    assert.throws(() => decodeCursor(Buffer.from('3|x:1|0').toString('base64url')), /cursor: is not a transcript position/);
  });
});
