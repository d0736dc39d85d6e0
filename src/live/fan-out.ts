import { toBatch, type WireBatch, type WireEvent } from './live-event.ts';

export type Listener = (batch: WireBatch) => void;

/**
 * How many viewers one turn of the event loop writes to before letting other
 * work run. Database answers and new connections wait for the turn in
 * progress, so smaller turns answer requests sooner; but 200 (tried under
 * bench:mixed) stretched the 10,000-viewer sweeps of bench:fanout by the
 * extra turns' overhead, p99 301 ms against 193–223 ms with 500.
 */
export const LISTENERS_PER_TURN = 500;

/**
 * A turn also ends once it has written for this long (checked every
 * TIME_CHECK_EVERY writes). 500 writes take 2–5 ms on an idle machine
 * but several times that on a saturated one, where a request that
 * arrived meanwhile would wait for all of it; bounded by time, turns
 * shrink exactly when writes get slow.
 */
export const TURN_TIME_BUDGET_MS = 3;
const TIME_CHECK_EVERY = 25;
/** How far behind its schedule the fan-out may let turns come quicker to catch up (see #turn). */
const MAX_CATCH_UP_MS = 2;

/**
 * A turn that wrote to n viewers is followed by the next one no sooner
 * than n × this after it began: 15 µs, so a sweep over the busiest room
 * (10,000 viewers) takes 150 ms and one over a room of 50 0.75 ms.
 */
export const SPACING_PER_LISTENER_MS = 0.015;

/**
 * A room's sweeps begin at least viewers × this apart (40 µs: a room
 * costs at most 25,000 writes a second, however many viewers it has), but
 * never more than ROOM_SWEEP_WAIT_CAP_MS apart. Spacing turns alone let a
 * room of 2,500 viewers be swept every 37 ms on an idle machine, a write
 * per viewer for every post or two, and under bench:mixed the writes'
 * system calls were about half of each server's CPU. With this floor a
 * write carries at least the events of 100 ms. (On that saturated machine
 * sweeps were already slower than the floor: 16,000–19,000 writes/s per
 * server carrying 6.6–8 events each.) Small rooms barely wait (50 viewers:
 * 2 ms), and the busiest (10,000 viewers: 150 ms a sweep) are not slowed.
 */
export const ROOM_SWEEP_SPACING_PER_VIEWER_MS = 0.04;
export const ROOM_SWEEP_WAIT_CAP_MS = 100;

/**
 * Hands a process's live events to its viewers: a cursor sweeps over each
 * room's viewers, a slice per turn of the event loop, and gives each one
 * everything that reached the process since the cursor last passed it, as
 * one write.
 *
 * Batches: the cost of a write is the system call (a few µs each, almost
 * whatever its size), so what a room costs is viewers × writes per viewer
 * per second, not events. Each turn, the events that arrived since the
 * previous one become a batch; a viewer is given the batches formed since
 * its last visit, encoded once for every viewer that last had the same
 * batch (in practice a whole slice shares one Buffer).
 *
 * Spacing: writing each post as soon as it arrives, a room of 10,000
 * viewers at 50 posts/s would need 500,000 writes/s, more than a core can
 * make. Turns spaced by SPACING_PER_LISTENER_MS per viewer written cap a
 * process at about 67,000 writes/s (a third to half of a core here),
 * however busy the room: a viewer of the busiest room is visited every
 * 150 ms at most, one of a small room within about a millisecond.
 *
 * Why a sweep rather than rounds (all viewers given one batch, then the
 * next round): an event then waited for the round in progress to end
 * (≈ 120 ms of writes for 10,000 viewers) and then for its own round to
 * reach the viewer, up to twice the round's length; the sweep's cursor
 * reaches every viewer within one sweep of the event's arrival, which
 * halved the worst publish-to-receive delays (bench/fanout.ts).
 *
 * Slices: writing to 10,000 viewers takes 50–120 ms on a small machine.
 * Done in one go, that would stall every request for as long, and new
 * connections even longer, since libuv accepts one connection per turn of
 * the event loop: a crowd reconnecting after a restart would trickle in.
 */
export class FanOut {
  readonly #rooms = new Map<number, Room>();
  /** Rooms with a batch not yet given to every viewer, or events waiting to become one. */
  readonly #active = new Set<Room>();
  #running = false;
  #stopped = false;
  /** performance.now() before which the next turn must not start. */
  #notBefore = 0;
  /** Since the start: writes made (one per viewer visited) and the events they carried; a write's cost is its system call, so their ratio is what batching saves. */
  readonly totals = { writes: 0, events: 0 };

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Starts giving `listener` the chat's events that reach this process from now on. */
  add(chatId: number, listener: Listener): void {
    let room = this.#rooms.get(chatId);
    if (!room) {
      room = new Room();
      this.#rooms.set(chatId, room);
    }
    // Nothing formed before it joined: it starts from the database, which has those events.
    room.viewers.set(listener, room.lastBatch);
  }

  /** Stops giving it events; true when it was the chat's last listener here. */
  remove(chatId: number, listener: Listener): boolean {
    const room = this.#rooms.get(chatId);
    if (!room || !room.viewers.delete(listener) || room.viewers.size > 0) return false;
    this.#rooms.delete(chatId);
    this.#active.delete(room);
    return true;
  }

  count(chatId: number): number {
    return this.#rooms.get(chatId)?.viewers.size ?? 0;
  }

  chats(): number[] {
    return [...this.#rooms.keys()];
  }

  push(chatId: number, event: WireEvent): void {
    const room = this.#rooms.get(chatId);
    if (this.#stopped || !room) return;
    room.pending.push(event);
    this.#active.add(room);
    if (!this.#running) {
      this.#running = true;
      this.#next();
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#rooms.clear();
    this.#active.clear();
  }

  #next(): void {
    const wait = this.#notBefore - performance.now();
    // A timer counts from the loop's cached clock, so it may fire a little early: that only shortens one gap.
    if (wait >= 1) setTimeout(() => this.#turn(), Math.ceil(wait));
    else setImmediate(() => this.#turn());
  }

  #turn(): void {
    if (this.#stopped) return;
    const startedAt = performance.now();
    const deadline = startedAt + TURN_TIME_BUDGET_MS;
    let written = 0;
    let cutShort = false;
    for (const room of this.#active) {
      room.formBatch();
      written += this.#visit(room, LISTENERS_PER_TURN - written, deadline, startedAt);
      if (!room.busy) this.#active.delete(room);
      if (written >= LISTENERS_PER_TURN || performance.now() >= deadline) {
        cutShort = true;
        break;
      }
    }
    // Spaced from when this turn was due rather than when its timer fired: timers fire up to a
    // millisecond late, and over the dozens of turns of a big room's sweep that would add up.
    this.#notBefore = Math.max(this.#notBefore, startedAt - MAX_CATCH_UP_MS) + written * SPACING_PER_LISTENER_MS;
    if (!cutShort) {
      // Every room still active is waiting to begin its next sweep: no turn is needed before the first may.
      let firstStart = Infinity;
      for (const room of this.#active) firstStart = Math.min(firstStart, room.nextSweepAt);
      if (firstStart !== Infinity) this.#notBefore = Math.max(this.#notBefore, firstStart);
    }
    if (this.#active.size > 0) this.#next();
    else this.#running = false;
  }

  /**
   * Moves the room's cursor on until `budget` viewers were written to, the
   * turn's time is up, or nobody lacks anything; returns how many were written to.
   */
  #visit(room: Room, budget: number, deadline: number, now: number): number {
    let written = 0;
    while (written < budget) {
      if (!room.sweep) {
        // Everyone has everything up to sweepFrom once this sweep ends.
        if (room.batches.length === 0 || now < room.nextSweepAt) return written;
        room.sweep = room.viewers.entries();
        room.sweepFrom = room.lastBatch;
        room.nextSweepAt = now + Math.min(room.viewers.size * ROOM_SWEEP_SPACING_PER_VIEWER_MS, ROOM_SWEEP_WAIT_CAP_MS);
      }
      // A live iterator: viewers who leave meanwhile are skipped, those who join are visited at the end.
      const next = room.sweep.next();
      if (next.done) {
        room.endSweep();
        continue;
      }
      const [listener, seen] = next.value;
      if (seen >= room.lastBatch) continue;
      room.viewers.set(listener, room.lastBatch);
      written += 1;
      try {
        const batch = room.since(seen);
        this.totals.writes += 1;
        this.totals.events += batch.events.length;
        listener(batch);
      } catch (error) {
        this.onError(error);
      }
      if (written % TIME_CHECK_EVERY === 0 && performance.now() >= deadline) return written;
    }
    return written;
  }
}

interface Batch {
  id: number;
  events: WireEvent[];
}

/** One chat's viewers in this process and the batches some of them still lack. */
class Room {
  /** Each viewer and the id of the last batch it was given (or the last one formed when it joined); a Map keeps joining order, the sweep's order. */
  readonly viewers = new Map<Listener, number>();
  /** Events that arrived since the last turn. */
  pending: WireEvent[] = [];
  /** Batches some viewer may still lack, oldest first; ids are consecutive. */
  batches: Batch[] = [];
  lastBatch = 0;
  sweep: MapIterator<[Listener, number]> | null = null;
  /** lastBatch when the sweep began. */
  sweepFrom = 0;
  /** performance.now() before which no new sweep begins (see ROOM_SWEEP_SPACING_PER_VIEWER_MS). */
  nextSweepAt = 0;
  /** What a viewer that last had batch `seen` is given, encoded once while lastBatch stays the same. */
  readonly #since = new Map<number, WireBatch>();

  get busy(): boolean {
    return this.pending.length > 0 || this.batches.length > 0;
  }

  formBatch(): void {
    if (this.pending.length === 0) return;
    this.batches.push({ id: ++this.lastBatch, events: this.pending });
    this.pending = [];
    this.#since.clear();
  }

  /** Every event of the batches after `seen`, as one WireBatch. */
  since(seen: number): WireBatch {
    let batch = this.#since.get(seen);
    if (!batch) {
      const first = Math.max(0, seen + 1 - this.batches[0]!.id);
      batch = toBatch(this.batches.slice(first).flatMap((b) => b.events));
      this.#since.set(seen, batch);
    }
    return batch;
  }

  endSweep(): void {
    this.sweep = null;
    // Every viewer was visited (or joined) since sweepFrom was the last batch: none lacks it or any before it.
    const drop = this.batches.findIndex((b) => b.id > this.sweepFrom);
    this.batches = drop === -1 ? [] : this.batches.slice(drop);
    this.#since.clear();
  }
}
