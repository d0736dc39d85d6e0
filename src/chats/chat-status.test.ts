import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveStatus } from './chat-status.ts';

describe('effectiveStatus', () => {
  const chat = (status: 'draft' | 'scheduled' | 'live' | 'ended') => ({ status, startsAt: 1000, endsAt: 2000 });
  it('follows the clock for scheduled chats', () => {
    assert.equal(effectiveStatus(chat('scheduled'), 999), 'scheduled');
    assert.equal(effectiveStatus(chat('scheduled'), 1000), 'live');
    assert.equal(effectiveStatus(chat('scheduled'), 2000), 'ended');
  });
  it('keeps a room opened early live until its planned end', () => {
    assert.equal(effectiveStatus(chat('live'), 500), 'live');
    assert.equal(effectiveStatus(chat('live'), 2500), 'ended');
  });
  it('keeps drafts and rooms closed early as they are', () => {
    assert.equal(effectiveStatus(chat('draft'), 1500), 'draft');
    assert.equal(effectiveStatus(chat('ended'), 1500), 'ended');
  });
});
