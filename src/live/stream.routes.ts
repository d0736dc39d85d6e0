import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { getVisibleChat } from '../chats/chats.service.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { errorResponses } from '../http/schemas.ts';
import { invalid } from '../errors.ts';
import { eventsAfter, lastEventSeq } from './events.repository.ts';
import { StreamConnection } from './stream-connection.ts';
import { ReplayPages } from './replay-pages.ts';
import { PRESENCE_TTL_MS, type PresenceCounts } from './presence-counts.ts';

const StreamQuery = Type.Object({
  lastEventId: Type.Optional(Type.String({ maxLength: 20, description: 'Resume after this event id (for clients that cannot send the Last-Event-ID header)' })),
  presence: Type.Optional(Type.Boolean({ description: 'Also send `presence` events ({watching}): not stored, their id repeats the last stored event' })),
});

/**
 * An event stream is never rendered as a document, so the document-only
 * headers (CSP, framing, referrer, COOP…) do nothing on it, yet Node keeps
 * a response's headers for as long as it is open: about 2.5 KB per viewer,
 * measured by bench/memory.ts. The headers that apply to any response
 * (nosniff, Cross-Origin-Resource-Policy) stay.
 */
const STREAM_SECURITY_HEADERS = {
  contentSecurityPolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

/** Reconnect delay the browser's EventSource uses (it adds our client's jitter on top). */
const RETRY_MS = 2000;

export async function streamRoutes(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const presence = new Presence(
    (chatId) => app.live.hub.viewerCount(chatId),
    () => app.live.hub.subscribedChats(),
    app.live.presence,
    (error) => app.log.warn({ err: error }, 'presence'),
  );
  const replayPages = new ReplayPages(
    (chatId, after, limit, before) => eventsAfter(db, chatId, after, limit, before),
    (chatId) => app.live.hub.stampOf(chatId),
  );
  app.addHook('onClose', async () => presence.close());

  app.get<{ Params: Static<typeof SlugParams>; Querystring: Static<typeof StreamQuery> }>(
    '/chats/:slug/stream',
    {
      helmet: STREAM_SECURITY_HEADERS,
      schema: {
        tags: ['live'],
        summary: 'Server-Sent Events of a chat: every event has an id; reconnect with Last-Event-ID to receive each missed event once, in order',
        params: SlugParams,
        querystring: StreamQuery,
        response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      // Closures below keep only the id: the chat's details would otherwise stay in memory once per viewer.
      const chatId = (await getVisibleChat(db, request.params.slug, request.user)).id;
      const resumeAfter = parseEventId(request.headers['last-event-id'] ?? request.query.lastEventId);

      reply.hijack();
      const response = reply.raw;
      const sendHead = () => {
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          'x-accel-buffering': 'no',
          connection: 'keep-alive',
        });
        response.write(`retry: ${RETRY_MS}\n\n`);
      };

      let unsubscribe = () => {};
      const connection = new StreamConnection(
        response,
        (after, limit, before) => replayPages.get(chatId, after, limit, before),
        () => {
          unsubscribe();
          app.live.streams.remove(connection);
          presence.leave(chatId, connection);
        },
        { resumeAfter, currentSeq: () => lastEventSeq(db, chatId), sendHead },
      );
      app.live.streams.add(connection);
      // Subscribe before start(): events published during the replay queue up behind it.
      unsubscribe = await app.live.hub.subscribe(chatId, (batch) => connection.deliver(batch));
      presence.join(chatId, connection, request.query.presence === true);
      request.raw.on('close', () => connection.close());
      if (connection.closed || request.raw.destroyed) connection.close();
      else connection.start();
    },
  );
}

/**
 * How many watch each chat, told to the viewers who asked (`?presence=1`).
 * The number is every process's: each reports its own viewers to
 * app.live.presence (summed over Redis when there are several) and reads
 * the total back. Changes are coalesced, so a crowd arriving at once costs
 * one broadcast, not one each; a timer renews this process's report and
 * picks up the other processes' changes.
 */
class Presence {
  readonly #listening = new Map<number, Set<StreamConnection>>();
  readonly #timers = new Map<number, NodeJS.Timeout>();
  /** The total last told to each chat's listeners. */
  readonly #told = new Map<number, number>();
  readonly #refresh: NodeJS.Timeout;
  #closed = false;

  constructor(
    private readonly local: (chatId: number) => number,
    private readonly watchedChats: () => number[],
    private readonly counts: PresenceCounts,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#refresh = setInterval(() => {
      for (const chatId of this.watchedChats()) void this.#update(chatId, false);
    }, PRESENCE_TTL_MS / 3).unref();
  }

  join(chatId: number, connection: StreamConnection, wantsEvents: boolean): void {
    if (connection.closed) return;
    if (wantsEvents) {
      const set = this.#listening.get(chatId) ?? new Set();
      this.#listening.set(chatId, set.add(connection));
    }
    this.#changed(chatId);
  }

  leave(chatId: number, connection: StreamConnection): void {
    const set = this.#listening.get(chatId);
    set?.delete(connection);
    if (set?.size === 0) this.#listening.delete(chatId);
    this.#changed(chatId);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#refresh);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#listening.clear();
  }

  #changed(chatId: number): void {
    if (this.#closed || this.#timers.has(chatId)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(chatId);
      void this.#update(chatId, true);
    }, PRESENCE_COALESCE_MS);
    this.#timers.set(chatId, timer.unref());
  }

  /** Reports this process's count, reads the total, and tells the listeners (on a local change, or when the total moved). */
  async #update(chatId: number, localChange: boolean): Promise<void> {
    const local = this.local(chatId);
    let total = local;
    try {
      await this.counts.report(chatId, local);
      // Never below what this process sees itself, whatever the store says.
      total = Math.max(local, await this.counts.total(chatId));
    } catch (error) {
      this.onError(error);
    }
    const listening = this.#listening.get(chatId);
    if (this.#closed || !listening) {
      this.#told.delete(chatId);
      return;
    }
    // A local change may have brought a listener that was never told, even if the total is the same.
    if (!localChange && this.#told.get(chatId) === total) return;
    this.#told.set(chatId, total);
    const payload = JSON.stringify({ watching: total });
    for (const connection of listening) connection.sendEphemeral('presence', payload);
  }
}

const PRESENCE_COALESCE_MS = 250;

function parseEventId(raw: string | string[] | undefined): number | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return null;
  if (!/^\d{1,15}$/.test(value)) throw invalid('Last-Event-ID', 'must be an event id this server sent');
  return Number(value);
}
