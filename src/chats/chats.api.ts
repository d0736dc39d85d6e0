import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { presentChat } from './chat.presenter.ts';
import { ChatListQuery, ChatListResponse, ChatResponse, CreateChatBody, SlugParams, UpdateChatBody } from './chats.schema.ts';
import { createChat, getVisibleChat, listVisibleChats, updateChat } from './chats.service.ts';
import { CreatedChatResponse } from './series/series.schema.ts';
import { createSeries } from './series/series.service.ts';
import { presentSeries } from './series/series.presenter.ts';

/** `/api/v1/chats`: thin handlers — validate (schemas), call the service, present. */
export async function chatsApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const present = (chat: Parameters<typeof presentChat>[0]) => presentChat(chat, app.config.baseUrl);

  app.get<{ Querystring: Static<typeof ChatListQuery> }>(
    '/chats',
    { schema: { tags: ['chats'], summary: 'List chats', querystring: ChatListQuery, response: { 200: ChatListResponse, ...errorResponses } } },
    async (request) => {
      const q = request.query;
      const page = await listVisibleChats(db, request.user, {
        when: q.when ?? 'all',
        limit: q.limit ?? 20,
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.host ? { host: q.host } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return { chats: page.chats.map(present), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof CreateChatBody> }>(
    '/chats',
    {
      schema: {
        tags: ['chats'],
        summary: 'Schedule a chat (organizers, admins); with `recurrence`, a whole series, answered with its first date and `series`',
        body: CreateChatBody,
        response: { 201: CreatedChatResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.body.recurrence) {
        const view = await createSeries(db, request.user, request.body);
        const first = view.occurrences[0]!;
        return reply
          .status(201)
          .header('location', `/api/v1/chats/${first.slug}`)
          .send({ ...present(first), series: presentSeries(view, app.config.baseUrl) });
      }
      const chat = await createChat(db, request.user, request.body);
      return reply.status(201).header('location', `/api/v1/chats/${chat.slug}`).send(present(chat));
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/chats/:slug',
    { schema: { tags: ['chats'], summary: 'Read a chat', params: SlugParams, response: { 200: ChatResponse, ...errorResponses } } },
    async (request) => present(await getVisibleChat(db, request.params.slug, request.user)),
  );

  app.patch<{ Params: Static<typeof SlugParams>; Body: Static<typeof UpdateChatBody> }>(
    '/chats/:slug',
    {
      schema: {
        tags: ['chats'],
        summary: 'Update a chat (its organizer, hosts, admins); only the fields sent change',
        params: SlugParams,
        body: UpdateChatBody,
        response: { 200: ChatResponse, ...errorResponses },
      },
    },
    async (request) => present(await updateChat(db, request.user, request.params.slug, request.body)),
  );
}
