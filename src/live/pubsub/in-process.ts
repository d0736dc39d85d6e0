import type { PubSub } from './pubsub.ts';

/** The single-node transport: a publish reaches this process's subscribers only. */
export class InProcessPubSub implements PubSub {
  readonly #handlers = new Map<string, (message: string) => void>();

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<void> {
    this.#handlers.set(channel, onMessage);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.#handlers.delete(channel);
  }

  async publish(channel: string, message: string): Promise<void> {
    const handler = this.#handlers.get(channel);
    // Asynchronous like a network hop, so callers never depend on re-entrancy.
    if (handler) queueMicrotask(() => handler(message));
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
