import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { eventsAfter } from './events.repository.ts';
import type { LiveHub } from './live-hub.ts';

/** How often the watch compares what is stored with what reached this process. */
export const WATCH_INTERVAL_MS = 2_000;
/** Events read back per query; a chat further behind is caught up over the next rounds. */
const CATCH_UP_PAGE = 500;

/**
 * Delivers live events that were stored but never came through pub/sub:
 * written by another program on the same database (`musesocial forget`
 * run from the command line), or by another app process while Redis was
 * down. Without this, viewers got them only with the room's next event or
 * on reconnecting.
 *
 * Every WATCH_INTERVAL_MS it reads each watched chat's last stored seq
 * (one query for all of them) and remembers it. An event counts as missing
 * only if it was already stored at the previous round and has still not
 * reached the hub: a whole interval is far longer than any publish in
 * flight takes. Missing events go through the hub like any other, so they
 * reach viewers in order; a viewer that already has one drops it.
 *
 * A chat's first round only takes its position: events stored before then
 * and never published reach the viewers with the next event, as before.
 */
export class StoredEventWatch {
  /** Per watched chat: its last stored seq at the previous round, and at the first (what counts as reached until the hub passes one on). */
  readonly #seen = new Map<number, { last: number; first: number }>();
  readonly #timer: NodeJS.Timeout;
  #running = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly hub: LiveHub,
    private readonly onError: (error: unknown) => void,
    intervalMs = WATCH_INTERVAL_MS,
  ) {
    this.#timer = setInterval(() => void this.check(), intervalMs).unref();
  }

  /** One round (the timer's; tests call it directly). */
  async check(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.#round();
    } catch (error) {
      // The database is away: the next round tries again.
      this.onError(error);
    } finally {
      this.#running = false;
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.#seen.clear();
  }

  async #round(): Promise<void> {
    const chats = this.hub.subscribedChats();
    const watched = new Set(chats);
    for (const chatId of this.#seen.keys()) if (!watched.has(chatId)) this.#seen.delete(chatId);
    if (chats.length === 0) return;
    const stored = await lastStoredSeqs(this.db, chats);
    for (const chatId of chats) {
      const now = stored.get(chatId) ?? 0;
      const seen = this.#seen.get(chatId);
      this.#seen.set(chatId, { last: now, first: seen?.first ?? now });
      if (seen === undefined) continue;
      const reached = this.hub.passedOn(chatId) ?? seen.first;
      if (reached >= seen.last) continue;
      const missing = await eventsAfter(this.db, chatId, reached, CATCH_UP_PAGE, seen.last + 1);
      for (const event of missing) this.hub.deliverStored(event);
    }
  }
}

/** Each chat's last stored event seq (chats without events are absent). */
async function lastStoredSeqs(db: Kysely<DB>, chatIds: number[]): Promise<Map<number, number>> {
  const rows = await db.selectFrom('chatEventCounters').select(['chatId', 'lastSeq']).where('chatId', 'in', chatIds).execute();
  return new Map(rows.map((row) => [row.chatId, row.lastSeq]));
}
