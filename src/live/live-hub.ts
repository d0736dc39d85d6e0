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
  /** Per subscribed chat, a stamp that changes whenever an event of it reaches this process (see stampOf). */
  readonly #stamps = new Map<number, number>();
  #lastStamp = 0;
  /** Also the register of local listeners per chat. */
  readonly #fanOut = new FanOut((error) => this.onError(error));

  constructor(
    readonly pubsub: PubSub,
    /** The site's BASE_URL, so sites sharing one Redis never hear each other. */
    private readonly site: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async subscribe(chatId: number, listener: Listener): Promise<() => void> {
    const first = this.#fanOut.count(chatId) === 0;
    // Registered before the await: a second viewer arriving meanwhile must not subscribe the channel again.
    this.#fanOut.add(chatId, listener);
    if (first) {
      this.#stamps.set(chatId, ++this.#lastStamp);
      const channel = chatChannel(this.site, chatId);
      await this.pubsub.subscribe(channel, (message) => this.#dispatch(chatId, message)).catch((error: unknown) => this.onError(error));
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      if (this.#fanOut.remove(chatId, listener)) {
        this.#stamps.delete(chatId);
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
      if (this.#fanOut.count(event.chatId) > 0) this.#push(event);
    }
  }

  /** Local viewers of one chat (for presence counts and tests). */
  viewerCount(chatId: number): number {
    return this.#fanOut.count(chatId);
  }

  /**
   * Changes whenever an event of the chat reaches this process, and while
   * nobody here watches it (undefined then). Something read from the
   * database when the stamp was s is still complete if the stamp is still
   * s: no event was stored since (see ReplayPages).
   */
  stampOf(chatId: number): number | undefined {
    return this.#stamps.get(chatId);
  }

  /** Chats with a pub/sub subscription in this process. */
  subscribedChats(): number[] {
    return this.#fanOut.chats();
  }

  async close(): Promise<void> {
    this.#stamps.clear();
    this.#fanOut.stop();
    await this.pubsub.close();
  }

  #dispatch(chatId: number, message: string): void {
    const event = decodeMessage(message);
    if (event && event.chatId === chatId && this.#fanOut.count(chatId) > 0) this.#push(event);
  }

  #push(event: LiveEvent): void {
    this.#stamps.set(event.chatId, ++this.#lastStamp);
    this.#fanOut.push(event.chatId, toWire(event));
  }
}
