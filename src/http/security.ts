import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { AppError, errorBody } from '../errors.ts';
import { isPageCacheRefresh } from './page-cache.ts';

/**
 * Security headers and rate limiting. The Content-Security-Policy allows
 * only our own scripts and styles: pages carry no inline script, so
 * injected markup that slipped through sanitizing still cannot run.
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: app.config.secureCookies ? [] : null,
      },
    },
    // Story embeds (a later feature) need cross-origin framing of their own route only.
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: app.config.secureCookies,
  });

  // No route reads text/plain, and it is the one body type a cross-site page
  // can send without a CORS preflight besides forms: refuse it with 415.
  app.removeContentTypeParser('text/plain');

  // Off by default; routes opt in with `config.rateLimit` (see LOGIN_RATE_LIMIT).
  // With REDIS_URL the counters live in Redis, so every process behind the
  // proxy counts together; a Redis outage lets requests through (skipOnError)
  // rather than taking the site down with it.
  const redis = app.config.redisUrl ? new Redis(app.config.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  if (redis) {
    redis.on('error', () => {}); // reported by the live pub/sub already; here it only means "not counted"
    app.addHook('onClose', async () => {
      redis.disconnect();
    });
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: `musesocial:${app.config.baseUrl}:rate:`, skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) => {
      const error = new AppError('rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`);
      return Object.assign(new Error(error.message), { statusCode: 429, code: 'rate_limited', body: errorBody(error) });
    },
  });
}

/** Mastodon's default for sign-in: 25 attempts per 5 minutes per address. */
export const LOGIN_RATE_LIMIT = { max: 25, timeWindow: '5 minutes' } as const;
/** Sign-ups are rarer still. */
export const SIGNUP_RATE_LIMIT = { max: 10, timeWindow: '30 minutes' } as const;

/** Mastodon's default for reads without an account: 300 per 5 minutes per address (ANONYMOUS_READ_LIMIT). */
export const ANONYMOUS_READ_WINDOW = '5 minutes';

/** Paths that never count: static files, probes, metrics and the live stream (one long request per viewer; reconnects back off on their own). */
const UNCOUNTED = /^\/(?:assets\/|healthz$|readyz$|metrics$|favicon\.ico$|api\/v1\/chats\/[^/]+\/stream$)/;

/**
 * Limits page and API reads by visitors without an account. Registered after
 * the authentication hook, so it knows who is asking: members (session or
 * token) are not counted, and a made-up cookie does not escape the limit
 * because it resolves to no one.
 */
export function registerAnonymousReadLimit(app: FastifyInstance): void {
  const max = app.config.anonymousReadLimit;
  if (max === 0) return;
  const limit = app.rateLimit({ max, timeWindow: ANONYMOUS_READ_WINDOW, keyGenerator: (request) => `anonymous-read:${request.ip}` });
  app.addHook('onRequest', async (request, reply) => {
    if (request.user !== null || (request.method !== 'GET' && request.method !== 'HEAD') || isPageCacheRefresh(request)) return;
    const path = request.url.split('?', 1)[0]!;
    if (UNCOUNTED.test(path)) return;
    await limit.call(app, request, reply);
  });
}
