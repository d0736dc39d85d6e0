import { toBatch, type WireBatch, type WireEvent } from './live-event.ts';

export type Listener = (batch: WireBatch) => void;

/** How many viewers one turn of the event loop writes to before letting other work run. */
export const LISTENERS_PER_TURN = 1000;

/**
 * A round that wrote to n viewers is followed by the next one no sooner
 * than n × this after it began: 15 µs, so the busiest room (10,000 viewers)
 * gets a round every 150 ms and a room of 50 every 0.75 ms.
 */
export const SPACING_PER_LISTENER_MS = 0.015;

/**
 * Hands a process's live events to its viewers in rounds.
 *
 * Batches: a round takes everything queued so far, each chat's events as
 * one batch (one write per viewer), so a room busier than the process can
 * write event by event gets fewer, larger writes rather than a backlog.
 *
 * Spacing: the cost of a write is the system call (a few µs each, almost
 * whatever its size), so what a room costs is viewers × rounds per second.
 * Writing each post as soon as it arrives, a room of 10,000 viewers at 50
 * posts/s would need 500,000 writes/s, more than a core can make; rounds
 * spaced by SPACING_PER_LISTENER_MS per viewer cap the writes at about
 * 67,000/s per process (a third of a core here), however busy the room,
 * for a delay of at most 150 ms in the largest rooms and about a
 * millisecond in small ones. With rounds every 100 ms the server needed
 * nearly half a core for 500,000 deliveries/s (bench/fanout.ts), and on a
 * shared machine the viewers fell behind by seconds.
 *
 * Slices: writing to 10,000 viewers takes 50–100 ms on a small machine
 * (bench/fanout.ts). Done in one go, that would stall every request for as
 * long, and new connections even longer, since libuv accepts one
 * connection per turn of the event loop: a crowd reconnecting after a
 * restart would trickle in. So a round writes to LISTENERS_PER_TURN viewers
 * per turn and yields. Events arriving meanwhile wait for the next round,
 * which keeps every viewer's events in order.
 */
export class FanOut {
  readonly #queued = new Map<number, WireEvent[]>();
  #running = false;
  #stopped = false;
  /** performance.now() before which the next round must not start. */
  #notBefore = 0;

  constructor(
    private readonly listenersOf: (chatId: number) => Iterable<Listener> | undefined,
    private readonly onError: (error: unknown) => void,
  ) {}

  push(chatId: number, event: WireEvent): void {
    if (this.#stopped) return;
    const queue = this.#queued.get(chatId);
    if (queue) queue.push(event);
    else this.#queued.set(chatId, [event]);
    if (!this.#running) {
      this.#running = true;
      this.#next();
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#queued.clear();
  }

  #next(): void {
    const wait = this.#notBefore - performance.now();
    // A timer counts from the loop's cached clock, so it may fire a little early: #round checks again.
    if (wait >= 1) setTimeout(() => this.#next(), Math.ceil(wait));
    else setImmediate(() => this.#round());
  }

  #round(): void {
    if (this.#stopped || this.#queued.size === 0) {
      this.#running = false;
      return;
    }
    const startedAt = performance.now();
    const work: Array<{ batch: WireBatch; listeners: Listener[] }> = [];
    let count = 0;
    for (const [chatId, events] of this.#queued) {
      // The viewers there are now: one joining later starts from the database, after these events.
      const listeners = this.listenersOf(chatId);
      if (!listeners) continue;
      const list = [...listeners];
      count += list.length;
      work.push({ batch: toBatch(events), listeners: list });
    }
    this.#queued.clear();
    this.#notBefore = startedAt + count * SPACING_PER_LISTENER_MS;
    this.#write(work, 0, 0);
  }

  #write(work: Array<{ batch: WireBatch; listeners: Listener[] }>, job: number, index: number): void {
    if (this.#stopped) return;
    let budget = LISTENERS_PER_TURN;
    for (; job < work.length; job += 1, index = 0) {
      const { batch, listeners } = work[job]!;
      while (index < listeners.length) {
        if (budget-- === 0) {
          const [resumeJob, resumeIndex] = [job, index];
          setImmediate(() => this.#write(work, resumeJob, resumeIndex));
          return;
        }
        try {
          listeners[index++]!(batch);
        } catch (error) {
          this.onError(error);
        }
      }
    }
    if (this.#queued.size > 0) this.#next();
    else this.#running = false;
  }
}
