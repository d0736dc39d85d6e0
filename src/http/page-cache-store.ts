/** One cached answer: what the route sent, minus the headers every request gets anew. */
export interface CachedPage {
  headers: Array<[string, string | string[]]>;
  body: Buffer;
  etag: string;
  expiresAt: number;
  bytes: number;
}

export interface PageCacheLimits {
  /** How long an answer is served again as it is. */
  ttlMs: number;
  /**
   * How long past its lifetime an answer may still be served while a
   * render of it is under way (stale-while-revalidate): readers are then
   * at most ttlMs + staleMs behind, and no reader waits for a render of a
   * page that was stored this recently.
   */
  staleMs: number;
  maxEntries: number;
  maxBytes: number;
  /** How long a request waits for the same page being rendered by another one before rendering it itself. */
  waitMs: number;
}

type Slot = { page: CachedPage } | { uncacheableUntil: number };

/**
 * The pages in memory, in the order they were stored. Every entry lives for
 * the same `ttlMs` (+ `staleMs`), so insertion order is also expiry order: expired entries
 * are dropped from the front, and when the bounds are hit the oldest go
 * first. The store therefore never holds more than `maxEntries` pages and
 * `maxBytes` of bodies, however many distinct URLs are asked for.
 *
 * A page being rendered is "pending": other requests for it wait for that
 * one render (up to `waitMs`) instead of each running the same queries, so
 * a burst of readers costs one render per lifetime rather than one each.
 */
export class PageCacheStore {
  readonly #slots = new Map<string, Slot>();
  readonly #pending = new Map<string, { promise: Promise<void>; resolve: () => void; startedAt: number }>();
  /** The request headers a page's answer varies on (its `Vary`), learned from its last answer. */
  readonly #varyByUrl = new Map<string, string[]>();
  #bytes = 0;

  constructor(
    readonly limits: PageCacheLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#slots.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  vary(url: string): string[] {
    return this.#varyByUrl.get(url) ?? [];
  }

  /** A fresh page, `uncacheable` when the last answer could not be shared, or nothing. */
  lookup(key: string): CachedPage | 'uncacheable' | null {
    this.#prune();
    const slot = this.#slots.get(key);
    if (!slot) return null;
    if ('page' in slot) return slot.page.expiresAt > this.now() ? slot.page : null;
    return slot.uncacheableUntil > this.now() ? 'uncacheable' : null;
  }

  /** A page past its lifetime but within staleMs of it (see PageCacheLimits.staleMs), or nothing. */
  stale(key: string): CachedPage | null {
    const slot = this.#slots.get(key);
    if (!slot || !('page' in slot)) return null;
    const now = this.now();
    return slot.page.expiresAt <= now && now < slot.page.expiresAt + this.limits.staleMs ? slot.page : null;
  }

  /** Whether a render of `key` is under way. */
  isPending(key: string): boolean {
    return this.#pending.has(key);
  }

  /**
   * Waits for a render of `key` already under way (at most `waitMs`); false
   * when there was none. The caller looks the page up again afterwards: the
   * answer may vary on a header its own key did not know about yet.
   */
  async awaitPending(key: string): Promise<boolean> {
    const pending = this.#pending.get(key);
    if (!pending) return false;
    if (this.now() - pending.startedAt > this.limits.waitMs) {
      // Its owner never settled (cannot happen through the plugin's hooks, but a stuck render must not block the page).
      this.abandon(key);
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.limits.waitMs)));
    try {
      await Promise.race([pending.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return true;
  }

  /** Marks `key` as being rendered by the caller, who must call settle() (or the waiters time out). */
  begin(key: string): void {
    if (this.#pending.has(key)) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#pending.set(key, { promise, resolve, startedAt: this.now() });
  }

  /** Ends a render that produced nothing to store or judge (its client went away): the waiters render themselves. */
  abandon(pendingKey: string): void {
    const pending = this.#pending.get(pendingKey);
    this.#pending.delete(pendingKey);
    pending?.resolve();
  }

  /** Ends a render: stores the page under `storeKey` (null: the answer could not be shared) and wakes the waiters. */
  settle(pendingKey: string, url: string, storeKey: string, page: Omit<CachedPage, 'expiresAt'> | null, vary: string[] = []): CachedPage | null {
    const stored = page ? { ...page, expiresAt: this.now() + this.limits.ttlMs } : null;
    if (stored && stored.bytes <= this.limits.maxBytes) {
      this.#varyByUrl.delete(url);
      this.#varyByUrl.set(url, vary);
      // A list per URL, oldest dropped first: as bounded as the pages themselves.
      for (const [oldest] of this.#varyByUrl) {
        if (this.#varyByUrl.size <= this.limits.maxEntries) break;
        this.#varyByUrl.delete(oldest);
      }
      this.#put(storeKey, { page: stored });
    } else {
      // Requests for it stop waiting on each other until its lifetime is over.
      this.#put(storeKey, { uncacheableUntil: this.now() + this.limits.ttlMs });
    }
    this.abandon(pendingKey);
    return stored;
  }

  #put(key: string, slot: Slot): void {
    this.#remove(key);
    this.#slots.set(key, slot);
    if ('page' in slot) this.#bytes += slot.page.bytes;
    this.#prune();
    for (const [oldest] of this.#slots) {
      if (this.#slots.size <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) break;
      this.#remove(oldest);
    }
  }

  #remove(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    if ('page' in slot) this.#bytes -= slot.page.bytes;
    this.#slots.delete(key);
  }

  #prune(): void {
    const now = this.now();
    for (const [key, slot] of this.#slots) {
      // Uncacheable marks have no stale time, so one may outlive its turn here by staleMs: lookup() checks times anyway.
      if (('page' in slot ? slot.page.expiresAt + this.limits.staleMs : slot.uncacheableUntil) > now) break;
      this.#remove(key);
    }
  }
}
