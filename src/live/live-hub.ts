import type { PubSub } from './pubsub/pubsub.ts';
import { chatChannel, decodeMessage, encodeMessage, toBatch, toWire, type LiveEvent, type WireBatch, type WireEvent } from './live-event.ts';

export type Listener = (batch: WireBatch) => void;

/**
 * This process's view of live rooms: one pub/sub subscription per chat
 * channel, however many local viewers watch it, dropped when the last
 * viewer leaves (reference counting as in Mastodon's streaming server).
 * Each event is serialized once and handed to every local listener.
 * Events arriving in the same turn of the event loop are handed over as
 * one batch (see WireBatch): idle rooms see no delay beyond that turn, and
 * a room busier than the process can write event by event gets fewer,
 * larger writes instead of a growing backlog.
 */
export class LiveHub {
  readonly #listeners = new Map<number, Set<Listener>>();
  readonly #queued = new Map<number, WireEvent[]>();
  #flushScheduled = false;

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
      this.#deliver(event.chatId, toWire(event));
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
    this.#queued.clear();
    await this.pubsub.close();
  }

  #dispatch(chatId: number, message: string): void {
    const event = decodeMessage(message);
    if (event && event.chatId === chatId) this.#deliver(chatId, toWire(event));
  }

  #deliver(chatId: number, event: WireEvent): void {
    if (!this.#listeners.has(chatId)) return;
    const queue = this.#queued.get(chatId);
    if (queue) queue.push(event);
    else this.#queued.set(chatId, [event]);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    const queued = [...this.#queued];
    this.#queued.clear();
    for (const [chatId, events] of queued) {
      const set = this.#listeners.get(chatId);
      if (!set) continue;
      const batch = toBatch(events);
      for (const listener of set) listener(batch);
    }
  }
}
