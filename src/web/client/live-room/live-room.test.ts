import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from './sse-parser.ts';
import { reconnectDelay } from './backoff.ts';

describe('SseParser', () => {
  it('parses events split across chunks, skipping comments and the retry field', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.feed('retry: 2000\n\n:thump\n\nid: 7\nevent: post.cr'), []);
    assert.deepEqual(parser.feed('eated\ndata: {"a":1}\n\nid: 8\r\nevent: presence\r\ndata: {"watching":2}\r'), [{ id: '7', event: 'post.created', data: '{"a":1}' }]);
    assert.deepEqual(parser.feed('\n\r\n'), [{ id: '8', event: 'presence', data: '{"watching":2}' }]);
  });

  it('joins multi-line data and defaults the event name', () => {
    assert.deepEqual(new SseParser().feed('data: one\ndata:two\n\n'), [{ id: null, event: 'message', data: 'one\ntwo' }]);
  });
});

describe('reconnectDelay', () => {
  it('doubles from 1 s with ±50 % jitter and never exceeds 30 s', () => {
    assert.equal(reconnectDelay(0, () => 0), 500);
    assert.equal(reconnectDelay(0, () => 0.999999), 1500);
    assert.equal(reconnectDelay(3, () => 0.5), 8000);
    assert.equal(reconnectDelay(5, () => 0.5), 30_000);
    assert.equal(reconnectDelay(40, () => 0.999999), 30_000);
    assert.equal(reconnectDelay(40, () => 0), 15_000);
  });
});
