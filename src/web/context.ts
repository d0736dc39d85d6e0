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
  return {
    user: request.user,
    csrfToken: reply.generateCsrf(),
    path: request.url.split('?')[0] ?? '/',
    readerZone: request.user?.timeZone ?? null,
  };
}
