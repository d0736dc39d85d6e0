import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { notFound } from '../../errors.ts';
import { SlugParams } from '../chats.schema.ts';
import { getVisibleChat } from '../chats.service.ts';
import { extendSeries } from './series.service.ts';

const ExtendForm = Type.Object({
  count: Type.String({ pattern: '^\\s*\\d{1,2}\\s*$', description: 'How many more dates (1–52)' }),
  _csrf: Type.Optional(Type.String()),
});

/** The "Add dates" button on a chat page of a series. */
export async function seriesPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof ExtendForm> }>(
    '/chats/:slug/series/extend',
    { schema: { params: SlugParams, body: ExtendForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const chat = await getVisibleChat(db, request.params.slug, request.user);
      if (!chat.seriesKey) throw notFound('Series');
      await extendSeries(db, request.user, chat.seriesKey, Number(request.body.count));
      return reply.redirect(`/chats/${chat.slug}#series-dates`, 303);
    },
  );
}
