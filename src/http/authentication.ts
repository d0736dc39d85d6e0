import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { userForApiToken, userForSession, SESSION_DAYS } from '../accounts/accounts.service.ts';
import { AppError, unauthenticated } from '../errors.ts';
import type { User } from '../db/schema.ts';

export const SESSION_COOKIE = 'musesocial_session';

/**
 * Resolves who is asking, once per request: a `Bearer` API token wins,
 * otherwise the session cookie. Unknown or expired credentials are treated
 * as anonymous for cookies (the cookie is cleared) and rejected for tokens,
 * so a script with a revoked token fails loudly instead of reading as a guest.
 */
export const authentication = fp(async (app: FastifyInstance) => {
  app.decorateRequest('user', null);
  app.decorateRequest('authMethod', null);

  app.addHook('onRequest', async (request, reply) => {
    // A route with credentials of its own (/metrics: METRICS_TOKEN) is not about accounts.
    if (request.routeOptions.config?.ownCredentials) return;
    const db = app.database.db;
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const user = match ? await userForApiToken(db, match[1]!) : null;
      if (!user) throw new AppError('unauthenticated', 'The API token is missing, malformed or revoked');
      request.user = user;
      request.authMethod = 'token';
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const user = await userForSession(db, cookie);
      if (user) {
        request.user = user;
        request.authMethod = 'session';
        rejectCrossSiteApiWrite(request);
      } else {
        clearSessionCookie(reply);
      }
    }
  });
});

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.secureCookies,
    maxAge: SESSION_DAYS * 24 * 60 * 60,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw unauthenticated();
  return request.user;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * HTML forms carry a CSRF token; the JSON API, when used with the session
 * cookie, must prove the request comes from a script on our own pages:
 * either a JSON body or an `X-Requested-With` header. A cross-site form can
 * send neither, and a cross-site script cannot without a CORS preflight
 * that we never grant. API tokens (Bearer) are not sent by browsers on
 * their own, so they need no such proof.
 */
function rejectCrossSiteApiWrite(request: FastifyRequest): void {
  if (!request.url.startsWith('/api/') || !WRITE_METHODS.has(request.method)) return;
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json') || request.headers['x-requested-with'] !== undefined) {
    const hasBody = request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0';
    if (!hasBody || type.startsWith('application/json') || type === '') return;
  }
  throw new AppError('csrf_failed', 'API writes with a session cookie must send application/json or an X-Requested-With header');
}
