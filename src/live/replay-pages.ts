import { toWire, type LiveEvent, type WireEvent } from './live-event.ts';

type Load = (chatId: number, afterSeq: number, limit: number, beforeSeq?: number) => Promise<LiveEvent[]>;

/** How long a page may be reused at most, even if no event arrived (stored events can be rewritten: consent). */
const TTL_MS = 2000;
const MAX_PAGES = 256;

/**
 * Pages of stored events shared by the viewers that ask for the same range
 * at about the same time. After a restart every viewer of a room reconnects
 * within seconds, asking for the events after one of a handful of ids:
 * without sharing, each reads and serializes the same rows again.
 *
 * A page is reused only while the chat's stamp (LiveHub.stampOf) is the
 * one it was read under, i.e. no event of the chat reached this process
 * since: an event stored after the read is published after its commit, so
 * it changes the stamp before a viewer could be handed a page that lacks
 * it. Chats nobody here watches have no stamp and are never shared.
 */
export class ReplayPages {
  readonly #pages = new Map<string, { stamp: number; at: number; events: Promise<WireEvent[]> }>();

  constructor(
    private readonly load: Load,
    private readonly stampOf: (chatId: number) => number | undefined,
  ) {}

  get(chatId: number, afterSeq: number, limit: number, beforeSeq?: number): Promise<WireEvent[]> {
    const stamp = this.stampOf(chatId);
    if (stamp === undefined) return this.#read(chatId, afterSeq, limit, beforeSeq);
    const key = `${chatId}:${afterSeq}:${limit}:${beforeSeq ?? ''}`;
    const now = performance.now();
    const page = this.#pages.get(key);
    if (page && page.stamp === stamp && now - page.at < TTL_MS) return page.events;

    if (this.#pages.size >= MAX_PAGES) this.#sweep(now);
    const events = this.#read(chatId, afterSeq, limit, beforeSeq);
    this.#pages.set(key, { stamp, at: now, events });
    events.catch(() => this.#pages.delete(key));
    return events;
  }

  async #read(chatId: number, afterSeq: number, limit: number, beforeSeq?: number): Promise<WireEvent[]> {
    return (await this.load(chatId, afterSeq, limit, beforeSeq)).map(toWire);
  }

  #sweep(now: number): void {
    for (const [key, page] of this.#pages) if (now - page.at >= TTL_MS || this.stampOf(Number(key.split(':', 1)[0])) !== page.stamp) this.#pages.delete(key);
    if (this.#pages.size >= MAX_PAGES) this.#pages.clear();
  }
}
