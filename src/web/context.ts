import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../db/schema.ts';

/** What every page needs to know about the request it answers. */
export interface PageContext {
  user: User | null;
  csrfToken: string;
  path: string;
  /** The zone to render times in: the member's setting, else null (organizer's zone + browser script). */
  readerZone: string | null;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  let csrfToken: string | null = null;
  return {
    user: request.user,
    // Made on first use: a token costs a random secret and an HMAC, and for a
    // visitor without cookies it sets the `_csrf` cookie. Pages without a form
    // (transcripts, the chat list for guests) then set no cookie at all, which
    // is what lets the page cache (src/http/page-cache.ts) share them.
    get csrfToken() {
      return (csrfToken ??= reply.generateCsrf());
    },
    path: request.url.split('?')[0] ?? '/',
    readerZone: request.user?.timeZone ?? null,
  };
}
