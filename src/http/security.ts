import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { AppError, errorBody } from '../errors.ts';

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

  // Off by default; routes opt in with `config.rateLimit` (see LOGIN_RATE_LIMIT).
  await app.register(rateLimit, {
    global: false,
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
