/** Takes a posting token for a key: 0 when allowed, else milliseconds until one is available. */
export interface PostingLimiter {
  take(key: string, now?: number): number | Promise<number>;
}

/**
 * A token bucket per key: `burst` posts at once, then one every
 * `refillMs`. Modelled on Mastodon's posting limits (burst 10, then one
 * every 5 s). Kept in this process's memory: the single-process default
 * (RedisTokenBuckets shares it between processes).
 */
export class TokenBuckets implements PostingLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly burst = 10,
    readonly refillMs = 5000,
  ) {}

  /** Takes a token; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string, now = Date.now()): number {
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, at: now };
    const refilled = Math.min(this.burst, bucket.tokens + (now - bucket.at) / this.refillMs);
    if (refilled < 1) {
      this.#buckets.set(key, { tokens: refilled, at: now });
      return Math.ceil((1 - refilled) * this.refillMs);
    }
    this.#buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.#buckets.size > 50_000) this.#prune(now);
    return 0;
  }

  /** Full buckets carry no information: forget them. */
  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) / this.refillMs >= this.burst) this.#buckets.delete(key);
    }
  }
}
