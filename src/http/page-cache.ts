import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PageCacheStore, type CachedPage, type PageCacheLimits } from './page-cache-store.ts';

/**
 * A "microcache" of the public pages read far more often than they change
 * (transcripts, the chat list and pages, search results, calendar files and
 * feeds). Under a live chat these are asked for hundreds of times a second,
 * and rendering each one runs its queries on the same event loop that
 * delivers the live posts; sharing one rendering for a second turns
 * hundreds of renders into a handful.
 *
 * What is shared, and with whom, is deliberately narrow:
 * - only GET requests for the routes in CACHED_ROUTES;
 * - only requests with no Cookie and no Authorization header, so the
 *   answer cannot depend on who is asking (a signed-in member, or anyone
 *   carrying a cookie, always gets a page rendered for them);
 * - only 200 answers with a string body that set no cookie and do not say
 *   `Cache-Control: private`/`no-store`/`no-cache` (a page with a form
 *   makes a CSRF token, which sets the `_csrf` cookie for a visitor
 *   without one, so form pages are never shared);
 * - keyed by scheme, host and URL, plus the request headers the answer
 *   names in `Vary` (`Vary: *` is never stored).
 *
 * Staleness is bounded by the lifetime (1 s by default) rather than by
 * invalidation: every process keeps its own cache, so nothing has to be
 * told about writes in other processes. Concurrent misses for one page wait
 * for a single render.
 *
 * Stale while revalidating: for `staleMs` (4 s by default) after its
 * lifetime a page is still served, marked `stale`, while one render of it
 * runs in the background (an internal request through the whole app, as a
 * visitor's would). Under load a render can take far longer than a hit (on
 * PostgreSQL a transcript is a dozen queries, each waiting its turn on a
 * busy event loop); without this, every reader arriving during that render
 * waited for it, once a second for every hot page. A reader is therefore
 * at most lifetime + staleMs (5 s) behind the database, and about a second
 * behind on a page people keep reading: a live post, an edit or a
 * moderator's removal shows on the public pages within that; members see
 * it at once.
 *
 * Hits carry the stored `ETag` and answer `If-None-Match` with 304. The
 * per-request headers (security headers, request id, rate-limit counters)
 * are set afresh by their own hooks: only the headers the route itself set
 * are stored. The anonymous read limit still counts cached answers (it runs
 * before this hook).
 */
export const CACHED_ROUTES: ReadonlySet<string> = new Set([
  '/',
  '/chats',
  '/chats/:slug',
  '/chats/:slug/transcript',
  '/chats/:slug/posts/:id',
  '/search',
  '/calendar.ics',
  '/chats/:slug/event.ics',
  '/feed.atom',
  '/feed.rss',
]);

/**
 * How long past its lifetime a page may be served stale, in lifetimes: long enough for a render on a
 * loaded PostgreSQL, short enough that a reader is at most five lifetimes behind.
 */
export const STALE_LIFETIMES = 4;

export const DEFAULT_PAGE_CACHE: Omit<PageCacheLimits, 'staleMs'> = {
  // PAGE_CACHE_SECONDS (config.ts); 1 s keeps transcripts of a live chat practically live.
  ttlMs: 1000,
  // A few hundred public URLs are hot at once; 32 MB bounds the worst case (every entry a large transcript page).
  maxEntries: 2000,
  maxBytes: 32 * 1024 * 1024,
  // Waiting for the render under way is never slower than starting another; the bound only covers a stuck one.
  waitMs: 5000,
};

/**
 * Marks the app's own background renders (see above). A random value per
 * process, so no visitor can send it: such a request skips the cached copy
 * and the anonymous read limit.
 */
const REFRESH_HEADER = 'x-page-cache-refresh';
const REFRESH_TOKEN = crypto.randomBytes(18).toString('base64url');

/** Whether the request is the page cache's own background render (the anonymous read limit leaves it out). */
export function isPageCacheRefresh(request: FastifyRequest): boolean {
  return request.headers[REFRESH_HEADER] === REFRESH_TOKEN;
}

/** Headers that belong to one response, never to a stored page. */
const PER_RESPONSE = new Set(['content-length', 'etag', 'set-cookie', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'x-page-cache']);

/** Request headers a background render must not copy: they belong to the visitor's own exchange. */
const NOT_COPIED = new Set(['if-none-match', 'if-modified-since', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', REFRESH_HEADER]);

interface Rendering {
  url: string;
  pendingKey: string;
  /** Headers already on the reply before the route ran (set by hooks for every request). */
  before: Set<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    pageCacheRendering: Rendering | null;
  }
}

export const pageCache = fp(async (app: FastifyInstance, options: Partial<PageCacheLimits> & { routes?: ReadonlySet<string> }) => {
  const ttlMs = options.ttlMs ?? DEFAULT_PAGE_CACHE.ttlMs;
  const store = new PageCacheStore({ ...DEFAULT_PAGE_CACHE, staleMs: STALE_LIFETIMES * ttlMs, ...options });
  if (store.limits.ttlMs <= 0) return;
  const routes = options.routes ?? CACHED_ROUTES;
  app.decorateRequest('pageCacheRendering', null);

  /** Renders the page anew for the store, through the whole app, while readers get the stale copy. */
  const refreshInBackground = (request: FastifyRequest, key: string) => {
    store.begin(key);
    const headers: Record<string, string | string[]> = { [REFRESH_HEADER]: REFRESH_TOKEN };
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !NOT_COPIED.has(name)) headers[name] = value;
    app
      .inject({ method: 'GET', url: request.url, headers, ...(request.socket.remoteAddress ? { remoteAddress: request.socket.remoteAddress } : {}) })
      .catch((error: unknown) => request.log.warn({ err: error }, 'page cache refresh'))
      // Settled by the render's onSend; if it never got there, readers must not wait on it.
      .finally(() => store.abandon(key));
  };

  app.addHook('preHandler', async (request, reply) => {
    if (!shareable(request, routes)) return;
    const url = `${request.protocol}://${request.host}${request.url}`;
    let key = keyOf(request, url, store.vary(url));
    if (isPageCacheRefresh(request)) return startRendering(request, reply, url, key, 'refresh');
    let found = store.lookup(key);
    if (found === null) {
      const stale = store.stale(key);
      if (stale) {
        if (!store.isPending(key)) refreshInBackground(request, key);
        return serve(request, reply, stale, 'stale');
      }
      if (await store.awaitPending(key)) {
        key = keyOf(request, url, store.vary(url));
        found = store.lookup(key);
      }
    }
    if (found === 'uncacheable') return;
    if (found) return serve(request, reply, found, 'hit');
    startRendering(request, reply, url, key, 'miss');
  });

  function startRendering(request: FastifyRequest, reply: FastifyReply, url: string, key: string, kind: 'miss' | 'refresh'): void {
    store.begin(key);
    request.pageCacheRendering = { url, pendingKey: key, before: new Set(Object.keys(reply.getHeaders())) };
    reply.header('x-page-cache', kind);
  }

  app.addHook('onSend', async (request, reply, payload) => {
    const rendering = request.pageCacheRendering;
    if (!rendering) return payload;
    request.pageCacheRendering = null;
    const vary = varyOf(reply.getHeader('vary'));
    const storeKey = keyOf(request, rendering.url, vary ?? []);
    if (!vary || !storable(reply, payload)) {
      store.settle(rendering.pendingKey, rendering.url, storeKey, null);
      return payload;
    }
    // Encoded once: a hit then writes the bytes as they are instead of converting the string again for every reader.
    const body = typeof payload === 'string' ? Buffer.from(payload) : (payload as Buffer);
    const etag = etagOf(body);
    const headers: CachedPage['headers'] = [];
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || rendering.before.has(name) || PER_RESPONSE.has(name)) continue;
      headers.push([name, typeof value === 'number' ? String(value) : value]);
    }
    store.settle(rendering.pendingKey, rendering.url, storeKey, { headers, body, etag, bytes: body.length }, vary);
    reply.header('etag', etag);
    return body;
  });

  // A render that never reached onSend (the client went away first) must not keep others waiting.
  const release = async (request: FastifyRequest) => {
    const rendering = request.pageCacheRendering;
    if (!rendering) return;
    request.pageCacheRendering = null;
    store.abandon(rendering.pendingKey);
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
});

function shareable(request: FastifyRequest, routes: ReadonlySet<string>): boolean {
  return (
    request.method === 'GET' &&
    request.user === null &&
    request.headers.cookie === undefined &&
    request.headers.authorization === undefined &&
    routes.has(request.routeOptions.url ?? '')
  );
}

function storable(reply: FastifyReply, payload: unknown): boolean {
  if (reply.statusCode !== 200) return false;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return false;
  if (reply.hasHeader('set-cookie')) return false;
  const cacheControl = String(reply.getHeader('cache-control') ?? '');
  return !/\b(?:private|no-store|no-cache)\b/i.test(cacheControl);
}

/** The request headers named by `Vary`, lower-cased; null for `Vary: *` (the answer cannot be reused). */
function varyOf(header: unknown): string[] | null {
  const names = (Array.isArray(header) ? header.join(',') : String(header ?? ''))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.includes('*')) return null;
  return [...new Set(names)].sort();
}

function keyOf(request: FastifyRequest, url: string, vary: string[]): string {
  if (vary.length === 0) return url;
  return [url, ...vary.map((name) => `${name}: ${String(request.headers[name] ?? '')}`)].join('\n');
}

function etagOf(body: string | Buffer): string {
  return `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}

function serve(request: FastifyRequest, reply: FastifyReply, page: CachedPage, kind: 'hit' | 'stale'): FastifyReply {
  for (const [name, value] of page.headers) reply.header(name, value);
  reply.header('etag', page.etag).header('x-page-cache', kind);
  if (matches(request.headers['if-none-match'], page.etag)) return reply.code(304).send();
  return reply.code(200).send(page.body);
}
