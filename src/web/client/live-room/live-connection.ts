import { SseParser, type SseMessage } from './sse-parser.ts';
import { reconnectDelay } from './backoff.ts';

export interface StreamEvent {
  seq: number;
  type: string;
  data: unknown;
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'failed';

/** The server sends a heartbeat comment every 15 s; silence this long means a dead connection. */
const SILENCE_MS = 45_000;

/**
 * The room's event stream, read with fetch rather than EventSource so that
 * we choose when and how to reconnect: jittered exponential back-off instead
 * of EventSource's fixed retry, no attempts while the browser is offline, a
 * watchdog for half-open connections, and every reconnect resumes after the
 * last event applied (`?lastEventId=`). Events at or below that id are
 * dropped, so each is handled once, in order.
 */
export class LiveConnection {
  #lastSeq: number;
  #attempt = 0;
  #controller: AbortController | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #silenceTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly url: string,
    lastSeq: number,
    private readonly handlers: { event(event: StreamEvent): void; state(state: ConnectionState, retryInMs?: number): void },
  ) {
    this.#lastSeq = lastSeq;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  start(): void {
    window.addEventListener('offline', this.#onOffline);
    window.addEventListener('online', this.#onOnline);
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    window.removeEventListener('offline', this.#onOffline);
    window.removeEventListener('online', this.#onOnline);
    this.#drop();
    clearTimeout(this.#retryTimer);
  }

  #connect(): void {
    clearTimeout(this.#retryTimer);
    if (this.#stopped) return;
    if (!navigator.onLine) return this.handlers.state('offline');
    const controller = new AbortController();
    this.#controller = controller;
    this.handlers.state(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const url = `${this.url}?presence=true&lastEventId=${this.#lastSeq}`;
    fetch(url, { headers: { accept: 'text/event-stream' }, cache: 'no-store', signal: controller.signal })
      .then(async (response) => {
        // 4xx will not heal by retrying (the chat was unpublished, or the id refused).
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          this.#controller = null;
          return this.handlers.state('failed');
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        this.#attempt = 0;
        this.handlers.state('live');
        await this.#read(response.body, controller);
        throw new Error('stream ended');
      })
      .catch(() => {
        // Superseded (offline, stop, watchdog): whoever dropped it decides what next.
        if (this.#controller !== controller) return;
        this.#controller = null;
        this.#retryLater();
      });
  }

  async #read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    this.#armWatchdog(controller);
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.#controller !== controller) return;
      this.#armWatchdog(controller);
      for (const message of parser.feed(decoder.decode(value, { stream: true }))) this.#dispatch(message);
    }
  }

  #dispatch(message: SseMessage): void {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    const seq = Number(message.id);
    // Presence is not stored: its id repeats the last stored one, so it is not a new position.
    if (message.event === 'presence') return this.handlers.event({ seq, type: message.event, data });
    if (!Number.isInteger(seq) || seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    this.handlers.event({ seq, type: message.event, data });
  }

  #retryLater(): void {
    if (this.#stopped) return;
    if (!navigator.onLine) return this.handlers.state('offline');
    const delay = reconnectDelay(this.#attempt++);
    this.handlers.state('reconnecting', delay);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #armWatchdog(controller: AbortController): void {
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = setTimeout(() => {
      if (this.#controller !== controller) return;
      this.#drop();
      this.#retryLater();
    }, SILENCE_MS);
  }

  /** Ends the current connection without triggering its own retry. */
  #drop(): void {
    clearTimeout(this.#silenceTimer);
    const controller = this.#controller;
    this.#controller = null;
    controller?.abort();
  }

  #onOffline = (): void => {
    this.#drop();
    clearTimeout(this.#retryTimer);
    this.handlers.state('offline');
  };

  #onOnline = (): void => {
    // Back online: try at once, the back-off starts over.
    if (this.#controller) return;
    this.#attempt = 0;
    this.#connect();
  };
}
