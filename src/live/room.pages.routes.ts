import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { SlugParams } from '../chats/chats.schema.ts';
import { getVisibleChat } from '../chats/chats.service.ts';
import { createPost } from '../posts/posts.service.ts';
import { editOwnPost } from '../posts/post-actions.service.ts';
import { publishAll } from './live.api.ts';
import { composePost, explainPostError } from './compose-input.pages.ts';
import { renderRoom, roomProblem, RoomQuery } from './room-responses.pages.ts';
import { roomUrls } from './views/room-urls.ts';
import { postActionPages } from './post-actions.pages.routes.ts';
import { consolePages } from './console.pages.routes.ts';
import { moderationPages } from './moderation.pages.routes.ts';

// Form fields are loose strings; createPost says what is wrong with them, by field.
const ComposeForm = Type.Object({
  text: Type.String({ maxLength: 10_000 }),
  replyTo: Type.Optional(Type.String({ maxLength: 20 })),
  quoteOf: Type.Optional(Type.String({ maxLength: 20 })),
  tags: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })])),
  /** Present when the form showed the hashtag chips: then unticked means "leave it off". */
  _tags: Type.Optional(Type.String({ maxLength: 1 })),
  _csrf: Type.Optional(Type.String()),
});
const EditForm = Type.Object({ text: Type.String({ maxLength: 10_000 }), _csrf: Type.Optional(Type.String()) });
const PostParams = Type.Object({ slug: Type.String({ maxLength: 80 }), id: Type.String({ maxLength: 20 }) });

/** The live room's HTML side: the page, its composer, and the forms of its buttons. */
export async function roomPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get<{ Params: Static<typeof SlugParams>; Querystring: RoomQuery }>('/chats/:slug/live', { schema: { params: SlugParams, querystring: RoomQuery } }, (request, reply) =>
    renderRoom(app, request, reply, request.params.slug, { query: request.query }),
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof ComposeForm> }>(
    '/chats/:slug/live/posts',
    { schema: { params: SlugParams, body: ComposeForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { slug } = request.params;
      const body = request.body;
      const kept = body._tags === undefined ? null : body.tags === undefined ? [] : [body.tags].flat();
      try {
        const chat = await getVisibleChat(db, slug, request.user);
        const input = composePost({ text: body.text, replyTo: body.replyTo ?? null, quoteOf: body.quoteOf ?? null, kept }, chat.hashtags.map((h) => h.display));
        const { post, event } = await createPost(db, request.user, slug, input, { limiter: app.live.limiter });
        // Acknowledged only now that it is stored; then everyone hears of it.
        await app.live.hub.publish(event);
        return reply.redirect(`${roomUrls(slug).room}#post-${post.id}`, 303);
      } catch (error) {
        const problem = roomProblem(error);
        if (!problem) throw error;
        const compose = { text: body.text, tags: kept, error: explainPostError(problem.message, problem.field), textError: problem.field === 'text' };
        return renderRoom(app, request, reply, slug, { query: { reply: body.replyTo, quote: body.quoteOf }, ui: { compose }, status: problem.status });
      }
    },
  );

  app.post<{ Params: Static<typeof PostParams>; Body: Static<typeof EditForm> }>(
    '/chats/:slug/live/posts/:id/edit',
    { schema: { params: PostParams, body: EditForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { slug, id } = request.params;
      try {
        const { events } = await editOwnPost(db, request.user, id, request.body.text);
        await publishAll(app, events);
        return reply.redirect(`${roomUrls(slug).room}#post-${id}`, 303);
      } catch (error) {
        const problem = roomProblem(error);
        if (!problem || !/^\d{1,15}$/.test(id)) throw error;
        const editing = { postId: Number(id), text: request.body.text, error: explainPostError(problem.message, problem.field) };
        return renderRoom(app, request, reply, slug, { ui: { editing }, status: problem.status });
      }
    },
  );

  await app.register(postActionPages);
  await app.register(consolePages);
  await app.register(moderationPages);
}
