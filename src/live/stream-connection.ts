import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WireBatch, WireEvent } from './live-event.ts';

/** Where a viewer starts: after the event it names (Last-Event-ID), or from the chat's current position. */
export interface StreamStart {
  resumeAfter: number | null;
  currentSeq: () => Promise<number>;
  /**
   * Writes the response head (status, headers, `retry:`). Called once the
   * position is fixed, never before: a client takes the head as "the stream
   * is open", and a post it makes from then on must come after the
   * position, not fall in the moment between head and position.
   */
  sendHead: () => void;
}

/** Loads a chat's stored events with after < seq < before (before optional), oldest first, at most `limit`, serialized. */
export type EventLoader = (afterSeq: number, limit: number, beforeSeq?: number) => Promise<WireEvent[]>;

const REPLAY_PAGE = 500;
/** A viewer this far behind is cut off; it reconnects and resumes from the database instead of growing our memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * One SSE viewer. Guarantees each event reaches it once and in order:
 * events at or below `lastSeq` are dropped, and a gap (an event that
 * arrives before one it follows, e.g. from another process, or one lost
 * while Redis was down) is filled from the database before going on.
 */
export class StreamConnection {
  #lastSeq = 0;
  #ready = false;
  #pending: Promise<void>;
  #closed = false;
  #open: () => void = () => {};

  constructor(
    private readonly response: ServerResponse,
    private readonly load: EventLoader,
    private readonly onClose: () => void,
    start: StreamStart,
  ) {
    // Nothing is sent until start(): the caller subscribes first, so no
    // event can slip between reading the current position and listening.
    this.#pending = new Promise<void>((resolve) => (this.#open = resolve)).then(() => this.#init(start)).catch((error: unknown) => this.close(error));
  }

  start(): void {
    this.#open();
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  get closed(): boolean {
    return this.#closed;
  }

  deliver(batch: WireBatch): void {
    if (this.#closed) return;
    if (this.#ready && batch.contiguous && batch.events[0]!.seq === this.#lastSeq + 1) {
      // The common case, kept synchronous: in order, nothing pending, one write for the batch.
      this.#lastSeq = batch.events.at(-1)!.seq;
      const socket = rawSocket(this.response);
      if (socket) {
        socket.write(batch.chunk);
        if (socket.writableLength > MAX_BUFFERED_BYTES) this.close(new Error('viewer too slow'));
      } else {
        this.#send(batch.bytes);
      }
      return;
    }
    this.#ready = false;
    for (const event of batch.events) {
      this.#pending = this.#pending.then(() => this.#catchUpTo(event)).catch((error: unknown) => this.close(error));
    }
  }

  /**
   * Sends an event that is not stored (presence). Its `id:` is the last
   * stored event this viewer received, so a reconnect resumes exactly where
   * it would have anyway. Queued behind any replay in progress, so it never
   * carries a position the viewer has not reached yet.
   */
  sendEphemeral(type: string, payload: string): void {
    if (this.#closed) return;
    this.#pending = this.#pending
      .then(() => {
        if (!this.#closed) this.response.write(`id: ${this.#lastSeq}\nevent: ${type}\ndata: ${payload}\n\n`);
      })
      .catch((error: unknown) => this.close(error));
  }

  /** A comment line: keeps proxies from closing an idle stream (not before the head: a write would send a default one). */
  heartbeat(): void {
    if (!this.#closed && this.response.headersSent) this.response.write(':thump\n\n');
  }

  close(reason?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    if (reason) this.response.destroy();
    else this.response.end();
    this.onClose();
  }

  async #init(start: StreamStart): Promise<void> {
    this.#lastSeq = start.resumeAfter ?? (await start.currentSeq());
    if (this.#closed) return;
    start.sendHead();
    if (start.resumeAfter !== null) await this.#replay();
    this.#ready = true;
  }

  async #catchUpTo(event: WireEvent): Promise<void> {
    if (this.#closed || event.seq <= this.#lastSeq) {
      this.#ready = !this.#closed;
      return;
    }
    if (event.seq > this.#lastSeq + 1) await this.#replay(event.seq);
    if (event.seq === this.#lastSeq + 1) this.#write(event);
    this.#ready = !this.#closed;
  }

  /**
   * Sends stored events after lastSeq (and before `beforeSeq`), page by
   * page, each page in one write: after a restart every viewer replays what
   * it missed at once, and a write per event would multiply the system calls.
   */
  async #replay(beforeSeq?: number): Promise<void> {
    for (;;) {
      const events = await this.load(this.#lastSeq, REPLAY_PAGE, beforeSeq);
      if (this.#closed) return;
      let page = '';
      for (const event of events) {
        if (event.seq !== this.#lastSeq + 1) continue;
        page += event.wire;
        this.#lastSeq = event.seq;
      }
      if (page !== '') this.#send(page);
      if (events.length < REPLAY_PAGE) return;
    }
  }

  #write(event: WireEvent): void {
    this.#lastSeq = event.seq;
    this.#send(event.wire);
  }

  #send(data: string | Buffer): void {
    this.response.write(data);
    if (this.response.writableLength > MAX_BUFFERED_BYTES) this.close(new Error('viewer too slow'));
  }
}

/**
 * The socket a batch's pre-framed chunk (WireBatch.chunk) may go to
 * directly, skipping Node's per-write chunk framing: a fan-out writes the
 * same batch to thousands of viewers, and that framing (four buffers per
 * write) was a third of the cost of each write. Only on a chunked response
 * whose head went out and that holds its socket: Node assigns the socket
 * to a response once everything queued before it was written, so nothing
 * can be overtaken. Heartbeats, replays and the final chunk still go
 * through the response, onto the same socket, in order.
 */
function rawSocket(response: ServerResponse): Socket | null {
  const socket = response.socket;
  if (socket === null || !response.chunkedEncoding || !response.headersSent || response.writableEnded) return null;
  return socket;
}
