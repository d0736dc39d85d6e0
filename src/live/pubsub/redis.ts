import { Redis } from 'ioredis';
import type { PubSub } from './pubsub.ts';

/**
 * Redis pub/sub between app processes. A subscribing connection cannot
 * issue other commands, hence two connections. While Redis is unreachable
 * ioredis retries in the background and publishes fail fast; viewers then
 * catch up from the database when the next event arrives or they reconnect.
 */
export class RedisPubSub implements PubSub {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #handlers = new Map<string, (message: string) => void>();

  constructor(url: string, onError: (error: Error) => void = () => {}) {
    const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000) };
    this.#publisher = new Redis(url, options);
    this.#subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.#publisher.on('error', onError);
    this.#subscriber.on('error', onError);
    this.#subscriber.on('message', (channel: string, message: string) => this.#handlers.get(channel)?.(message));
  }

  /** The connection for ordinary commands (the other one is subscribed): presence counts use it. */
  get commands(): Redis {
    return this.#publisher;
  }

  /** Resolves once both connections are up (or rejects after `timeoutMs`). */
  async ready(timeoutMs = 5000): Promise<void> {
    const wait = (client: Redis) =>
      client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', () => resolve()));
    await Promise.race([
      Promise.all([wait(this.#publisher), wait(this.#subscriber)]),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Redis did not answer')), timeoutMs).unref()),
    ]);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<void> {
    this.#handlers.set(channel, onMessage);
    await this.#subscriber.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.#handlers.delete(channel);
    await this.#subscriber.unsubscribe(channel).catch(() => {});
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.#publisher.publish(channel, message);
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }
}
