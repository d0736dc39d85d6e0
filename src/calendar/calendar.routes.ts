import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { SlugParams } from '../chats/chats.schema.ts';
import { calendarChats, chatForEventFile } from './calendar.service.ts';
import { buildIcs } from './ics/ics-export.ts';

const CalendarQuery = Type.Object({ tag: Type.Optional(Type.String({ maxLength: 61 })) });

/** `/calendar.ics` (subscribe) and `/chats/SLUG/event.ics` (add one chat). */
export async function calendarRoutes(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const baseUrl = app.config.baseUrl;

  app.get<{ Querystring: Static<typeof CalendarQuery> }>('/calendar.ics', { schema: { querystring: CalendarQuery } }, async (request, reply) => {
    const { chats, tag } = await calendarChats(db, request.query.tag);
    const name = tag ? `#${tag} chats · Musesocial` : 'Musesocial chats';
    return sendCalendar(reply, buildIcs(chats, { baseUrl, name }), 'musesocial.ics', 'inline');
  });

  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug/event.ics', { schema: { params: SlugParams } }, async (request, reply) => {
    const chat = await chatForEventFile(db, request.params.slug, request.user);
    // Drafts are private to their editors: no shared cache may keep them.
    if (chat.status === 'draft') reply.header('cache-control', 'private, no-store');
    return sendCalendar(reply, buildIcs([chat], { baseUrl, name: chat.title }), `${chat.slug}.ics`, 'attachment');
  });
}

function sendCalendar(reply: FastifyReply, body: string, filename: string, disposition: 'inline' | 'attachment'): FastifyReply {
  return reply.type('text/calendar; charset=utf-8').header('content-disposition', `${disposition}; filename="${filename}"`).send(body);
}
