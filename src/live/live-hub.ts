import type { PubSub } from './pubsub/pubsub.ts';
import { chatChannel, decodeMessage, encodeMessage, toWire, type LiveEvent } from './live-event.ts';
import { FanOut, type Listener } from './fan-out.ts';

export type { Listener };

/**
 * How long an event that arrived ahead of its predecessor waits for it.
 * With several processes, events are numbered in commit order but reach
 * Redis in whatever order their processes publish, so seq 10 often comes a
 * moment before seq 9. Reordering once here, for the whole room, spares
 * every viewer of this process its own database read to fill the gap
 * (thousands of reads per reordering, which is what brought two processes
 * on PostgreSQL down under load). Past this wait the event goes on and the
 * viewers fill the gap from the database: the predecessor was lost.
 */
export const REORDER_WAIT_MS = 200;

interface RoomOrder {
  /** The seq expected next. */
  next: number;
  /** Events that arrived ahead of `next`, by seq. */
  held: Map<number, LiveEvent>;
  timer: NodeJS.Timeout | null;
  /** The highest seq read back from the database (deliverStored): a late pub/sub copy of it is dropped here, not by every viewer. */
  storedUpTo: number;
}

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
  readonly #order = new Map<number, RoomOrder>();

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
        this.#forgetOrder(chatId);
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
      if (this.#fanOut.count(event.chatId) > 0) this.#arrive(event);
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

  /** The highest seq of the chat passed on to this process's viewers in order; undefined before the first. */
  passedOn(chatId: number): number | undefined {
    const order = this.#order.get(chatId);
    return order ? order.next - 1 : undefined;
  }

  /** An event read back from the database that pub/sub never brought (see StoredEventWatch). */
  deliverStored(event: LiveEvent): void {
    if (this.#fanOut.count(event.chatId) === 0) return;
    this.#arrive(event);
    const order = this.#order.get(event.chatId)!;
    order.storedUpTo = Math.max(order.storedUpTo, event.seq);
  }

  /** Writes to viewers made so far and the events they carried (see FanOut.totals). */
  get deliveryTotals(): { readonly writes: number; readonly events: number } {
    return this.#fanOut.totals;
  }

  /** Chats with a pub/sub subscription in this process. */
  subscribedChats(): number[] {
    return this.#fanOut.chats();
  }

  async close(): Promise<void> {
    this.#stamps.clear();
    for (const chatId of [...this.#order.keys()]) this.#forgetOrder(chatId);
    this.#fanOut.stop();
    await this.pubsub.close();
  }

  #dispatch(chatId: number, message: string): void {
    const event = decodeMessage(message);
    if (event && event.chatId === chatId && this.#fanOut.count(chatId) > 0) this.#arrive(event);
  }

  /** Passes events on in seq order, holding one that came early for up to REORDER_WAIT_MS. */
  #arrive(event: LiveEvent): void {
    const order = this.#order.get(event.chatId);
    if (!order) {
      this.#order.set(event.chatId, { next: event.seq + 1, held: new Map(), timer: null, storedUpTo: 0 });
      this.#push(event);
      return;
    }
    if (event.seq > order.next) {
      order.held.set(event.seq, event);
      order.timer ??= setTimeout(() => this.#giveUpWaiting(event.chatId), REORDER_WAIT_MS).unref();
      return;
    }
    if (event.seq <= order.storedUpTo) return;
    // The expected one, or one older than that (already given up on, or a repeat): viewers drop what they already have.
    this.#push(event);
    if (event.seq < order.next) return;
    order.next = event.seq + 1;
    for (let held = order.held.get(order.next); held; held = order.held.get(order.next)) {
      order.held.delete(order.next);
      this.#push(held);
      order.next++;
    }
    if (order.held.size === 0 && order.timer) {
      clearTimeout(order.timer);
      order.timer = null;
    }
  }

  /** The missing event did not come: what was held goes on in order, and viewers fill the gap from the database. */
  #giveUpWaiting(chatId: number): void {
    const order = this.#order.get(chatId);
    if (!order) return;
    order.timer = null;
    const held = [...order.held.values()].sort((a, b) => a.seq - b.seq);
    order.held.clear();
    for (const event of held) this.#push(event);
    order.next = held.at(-1)!.seq + 1;
  }

  #forgetOrder(chatId: number): void {
    const order = this.#order.get(chatId);
    if (order?.timer) clearTimeout(order.timer);
    this.#order.delete(chatId);
  }

  #push(event: LiveEvent): void {
    this.#stamps.set(event.chatId, ++this.#lastStamp);
    this.#fanOut.push(event.chatId, toWire(event));
  }
}
