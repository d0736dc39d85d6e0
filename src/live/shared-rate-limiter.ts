import type { Redis } from 'ioredis';
import { TokenBuckets, type PostingLimiter } from './rate-limiter.ts';

/**
 * The same token bucket as TokenBuckets, kept in Redis so that every app
 * process of a site draws from one bucket per account: with N processes an
 * account could otherwise post N times as fast. The bucket is read,
 * refilled and taken from in one Lua script, so concurrent posts through
 * different processes cannot both take the last token.
 */
const TAKE = `
local burst = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local stored = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(stored[1]) or burst
local at = tonumber(stored[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / refill)
local wait = 0
if tokens < 1 then
  wait = math.ceil((1 - tokens) * refill)
else
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * refill))
return wait
`;

export class RedisTokenBuckets implements PostingLimiter {
  /** Used while Redis does not answer: each process limits on its own rather than not at all. */
  readonly #fallback: TokenBuckets;

  constructor(
    private readonly redis: Redis,
    /** Namespaces the keys like the pub/sub channels, so sites can share one Redis. */
    private readonly site: string,
    readonly burst = 10,
    readonly refillMs = 5000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.#fallback = new TokenBuckets(burst, refillMs);
  }

  async take(key: string, now = Date.now()): Promise<number> {
    try {
      const wait = await this.redis.eval(TAKE, 1, `musesocial:${this.site}:posting:${key}`, this.burst, this.refillMs, now);
      return Number(wait);
    } catch (error) {
      this.onError(error);
      return this.#fallback.take(key, now);
    }
  }
}
