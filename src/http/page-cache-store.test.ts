import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PageCacheStore } from './page-cache-store.ts';

const page = (text: string) => ({ headers: [], body: Buffer.from(text), etag: `"${text}"`, bytes: Buffer.byteLength(text) });

describe('PageCacheStore', () => {
  it('forgets a page when its lifetime is over', () => {
    let now = 0;
    const store = new PageCacheStore({ ttlMs: 1000, maxEntries: 10, maxBytes: 1000, waitMs: 100, staleMs: 0 }, () => now);
    store.settle('a', 'a', 'a', page('one'));
    now = 999;
    assert.equal(String((store.lookup('a') as { body: Buffer }).body), 'one');
    now = 1000;
    assert.equal(store.lookup('a'), null);
    assert.equal(store.size, 0, 'expired entries are dropped, not just hidden');
  });

  it('stays within its entry and byte bounds, dropping the oldest first', () => {
    const store = new PageCacheStore({ ttlMs: 60_000, maxEntries: 3, maxBytes: 10, waitMs: 100, staleMs: 0 });
    for (const key of ['a', 'b', 'c', 'd']) store.settle(key, key, key, page('xx'));
    assert.equal(store.size, 3);
    assert.equal(store.lookup('a'), null);
    store.settle('e', 'e', 'e', page('123456'));
    assert.ok(store.bytes <= 10, `bytes ${store.bytes}`);
    assert.notEqual(store.lookup('e'), null);
    store.settle('big', 'big', 'big', page('x'.repeat(11)));
    assert.equal(store.lookup('big'), 'uncacheable', 'a page larger than the whole cache is not stored');
    assert.ok(store.bytes <= 10);
  });

  it('offers a page for staleMs past its lifetime as stale, then drops it', () => {
    let now = 0;
    const store = new PageCacheStore({ ttlMs: 1000, maxEntries: 10, maxBytes: 1000, waitMs: 100, staleMs: 500 }, () => now);
    store.settle('a', 'a', 'a', page('one'));
    assert.equal(store.stale('a'), null, 'fresh pages are not stale');
    now = 1000;
    assert.equal(store.lookup('a'), null, 'no longer fresh');
    assert.equal(String(store.stale('a')?.body), 'one');
    assert.equal(store.size, 1, 'kept while it may be served stale');
    now = 1500;
    assert.equal(store.lookup('a'), null);
    assert.equal(store.stale('a'), null);
    assert.equal(store.size, 0);
  });

  it('remembers for one lifetime that a page could not be shared', () => {
    let now = 0;
    const store = new PageCacheStore({ ttlMs: 1000, maxEntries: 10, maxBytes: 1000, waitMs: 100, staleMs: 0 }, () => now);
    store.settle('a', 'a', 'a', null);
    assert.equal(store.lookup('a'), 'uncacheable');
    now = 1000;
    assert.equal(store.lookup('a'), null);
  });

  it('lets waiters go when the render settles, and after waitMs at the latest', async () => {
    const store = new PageCacheStore({ ttlMs: 1000, maxEntries: 10, maxBytes: 1000, waitMs: 50, staleMs: 0 });
    assert.equal(await store.awaitPending('a'), false, 'nothing to wait for');
    store.begin('a');
    const waiting = store.awaitPending('a');
    store.settle('a', 'a', 'a', page('one'));
    assert.equal(await waiting, true);
    store.begin('b');
    const started = Date.now();
    assert.equal(await store.awaitPending('b'), true);
    assert.ok(Date.now() - started < 1000, 'a render that never settles holds nobody for long');
  });
});
