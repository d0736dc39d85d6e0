import { toBatch, type WireBatch, type WireEvent } from './live-event.ts';

export type Listener = (batch: WireBatch) => void;

/** How many viewers one turn of the event loop writes to before letting other work run. */
export const LISTENERS_PER_TURN = 1000;

/**
 * Hands a process's live events to its viewers in rounds.
 *
 * Batches: a round takes everything queued so far, each chat's events as
 * one batch (one write per viewer), so a room busier than the process can
 * write event by event gets fewer, larger writes rather than a backlog.
 *
 * Slices: writing to 10,000 viewers takes about 100 ms on a small machine
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
      setImmediate(() => this.#round());
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#queued.clear();
  }

  #round(): void {
    if (this.#stopped || this.#queued.size === 0) {
      this.#running = false;
      return;
    }
    const work: Array<{ batch: WireBatch; listeners: Listener[] }> = [];
    for (const [chatId, events] of this.#queued) {
      // The viewers there are now: one joining later starts from the database, after these events.
      const listeners = this.listenersOf(chatId);
      if (listeners) work.push({ batch: toBatch(events), listeners: [...listeners] });
    }
    this.#queued.clear();
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
    setImmediate(() => this.#round());
  }
}
