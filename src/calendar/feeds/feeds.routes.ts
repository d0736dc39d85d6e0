import type { FastifyInstance } from 'fastify';
import { feedChats } from '../calendar.service.ts';
import { buildFeed, type FeedFormat } from './feed-builder.ts';

const CONTENT_TYPE: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
};

/** `/feed.atom` and `/feed.rss`: the latest new and changed chats. */
export async function feedRoutes(app: FastifyInstance): Promise<void> {
  for (const format of ['atom', 'rss'] as const) {
    app.get(`/feed.${format}`, async (_request, reply) => {
      const chats = await feedChats(app.database.db);
      return reply.type(CONTENT_TYPE[format]).send(buildFeed(chats, format, { baseUrl: app.config.baseUrl }));
    });
  }
}
