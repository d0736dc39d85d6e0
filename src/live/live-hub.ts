import type { PubSub } from './pubsub/pubsub.ts';
import { chatChannel, decodeMessage, encodeMessage, toWire, type LiveEvent } from './live-event.ts';
import { FanOut, type Listener } from './fan-out.ts';

export type { Listener };

/**
 * This process's view of live rooms: one pub/sub subscription per chat
 * channel, however many local viewers watch it, dropped when the last
 * viewer leaves (reference counting as in Mastodon's streaming server).
 * Each event is serialized once and handed to every local listener, in
 * batches and slices (see FanOut).
 */
export class LiveHub {
  readonly #listeners = new Map<number, Set<Listener>>();
  readonly #fanOut = new FanOut(
    (chatId) => this.#listeners.get(chatId),
    (error) => this.onError(error),
  );

  constructor(
    readonly pubsub: PubSub,
    /** The site's BASE_URL, so sites sharing one Redis never hear each other. */
    private readonly site: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async subscribe(chatId: number, listener: Listener): Promise<() => void> {
    let set = this.#listeners.get(chatId);
    if (!set) {
      set = new Set();
      this.#listeners.set(chatId, set);
      const channel = chatChannel(this.site, chatId);
      await this.pubsub.subscribe(channel, (message) => this.#dispatch(chatId, message)).catch((error: unknown) => this.onError(error));
    }
    set.add(listener);
    return () => {
      const current = this.#listeners.get(chatId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.#listeners.delete(chatId);
        void this.pubsub.unsubscribe(chatChannel(this.site, chatId)).catch((error: unknown) => this.onError(error));
      }
    };
  }

  /** Call after the event's transaction committed. Never throws: viewers recover missed events from the database. */
  async publish(event: LiveEvent): Promise<void> {
    try {
      await this.pubsub.publish(chatChannel(this.site, event.chatId), encodeMessage(event));
    } catch (error) {
      this.onError(error);
      // The transport is down: still deliver to this process's own viewers.
      this.#fanOut.push(event.chatId, toWire(event));
    }
  }

  /** Local viewers of one chat (for presence counts and tests). */
  viewerCount(chatId: number): number {
    return this.#listeners.get(chatId)?.size ?? 0;
  }

  /** Chats with a pub/sub subscription in this process. */
  subscribedChats(): number[] {
    return [...this.#listeners.keys()];
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#fanOut.stop();
    await this.pubsub.close();
  }

  #dispatch(chatId: number, message: string): void {
    const event = decodeMessage(message);
    if (event && event.chatId === chatId && this.#listeners.has(chatId)) this.#fanOut.push(chatId, toWire(event));
  }
}
