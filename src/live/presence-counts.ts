import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * How many watch a chat across every app process. Each process reports
 * its own count; the total is what viewers are told.
 */
export interface PresenceCounts {
  /** This process's viewers of the chat now (0 when the last one left). */
  report(chatId: number, local: number): Promise<void>;
  /** Viewers of the chat in all processes. */
  total(chatId: number): Promise<number>;
  close(): Promise<void>;
}

/** One process: the total is the local count. */
export class LocalPresenceCounts implements PresenceCounts {
  readonly #counts = new Map<number, number>();

  async report(chatId: number, local: number): Promise<void> {
    if (local > 0) this.#counts.set(chatId, local);
    else this.#counts.delete(chatId);
  }

  async total(chatId: number): Promise<number> {
    return this.#counts.get(chatId) ?? 0;
  }

  async close(): Promise<void> {
    this.#counts.clear();
  }
}

/** A process that stopped reporting (crashed, cut off) stops counting after this. */
export const PRESENCE_TTL_MS = 15_000;

/**
 * Several processes behind Redis: one hash per chat, a field per process
 * holding `count:expiresAt`. A process refreshes its field whenever its
 * count changes and at least every PRESENCE_TTL_MS / 3 (the caller's
 * timer), so the field of a process killed with -9 is ignored once expired
 * and removed by the next reader. The hash itself expires when every
 * process is gone.
 */
export class RedisPresenceCounts implements PresenceCounts {
  /** Unique per process start: a restarted process does not inherit its old field. */
  readonly #me = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;

  constructor(
    private readonly redis: Redis,
    private readonly site: string,
  ) {}

  async report(chatId: number, local: number): Promise<void> {
    const key = this.#key(chatId);
    if (local === 0) {
      await this.redis.hdel(key, this.#me);
      return;
    }
    await this.redis.multi().hset(key, this.#me, `${local}:${Date.now() + PRESENCE_TTL_MS}`).pexpire(key, 2 * PRESENCE_TTL_MS).exec();
  }

  async total(chatId: number): Promise<number> {
    const key = this.#key(chatId);
    const fields = await this.redis.hgetall(key);
    const now = Date.now();
    let total = 0;
    const expired: string[] = [];
    for (const [field, value] of Object.entries(fields)) {
      const [count, expiresAt] = value.split(':').map(Number);
      if (!Number.isFinite(count) || !Number.isFinite(expiresAt) || expiresAt! <= now) expired.push(field);
      else total += count!;
    }
    if (expired.length > 0) await this.redis.hdel(key, ...expired);
    return total;
  }

  async close(): Promise<void> {}

  #key(chatId: number): string {
    return `musesocial:${this.site}:presence:${chatId}`;
  }
}
