import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisTokenBuckets } from '../../src/live/shared-rate-limiter.ts';

const REDIS_URL = process.env.MUSESOCIAL_TEST_REDIS_URL || '';

/**
 * The posting limit (burst 10, then one per 5 s) drawn from one bucket per
 * account by every process of a site: two limiters on their own Redis
 * connections stand for two app processes.
 */
describe('posting limit shared through Redis', { skip: REDIS_URL ? false : 'no Redis (set MUSESOCIAL_TEST_REDIS_URL)' }, () => {
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };
  after(() => connections.forEach((c) => c.disconnect()));

  it('lets an account post its burst once across two processes, then one every 5 s', async () => {
    const site = `http://test-${crypto.randomBytes(4).toString('hex')}.example`;
    const one = new RedisTokenBuckets(connect(), site, 10, 5000);
    const two = new RedisTokenBuckets(connect(), site, 10, 5000);
    const now = 1_000_000;
    for (let i = 0; i < 10; i += 1) assert.equal(await (i % 2 ? one : two).take('user:1', now), 0, `post ${i + 1} of the burst`);
    assert.equal(await one.take('user:1', now), 5000, 'the 11th post waits for the next token, whichever process takes it');
    assert.equal(await two.take('user:1', now + 1000), 4000);
    assert.equal(await two.take('user:1', now + 5000), 0, 'a token every 5 s');
    assert.equal(await one.take('user:2', now), 0, 'other accounts have their own bucket');

    const otherSite = new RedisTokenBuckets(connect(), `${site}/other`, 10, 5000);
    assert.equal(await otherSite.take('user:1', now), 0, 'another site sharing the Redis has its own buckets');
  });

  it('limits each process on its own while Redis does not answer', async () => {
    const errors: unknown[] = [];
    const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    down.on('error', () => {});
    connections.push(down);
    const limiter = new RedisTokenBuckets(down, 'http://down.example', 10, 5000, (error) => errors.push(error));
    for (let i = 0; i < 10; i += 1) assert.equal(await limiter.take('user:1', 0), 0);
    assert.equal(await limiter.take('user:1', 0), 5000, 'still limited, by the local bucket');
    assert.ok(errors.length > 0, 'the outage is reported');
  });
});
