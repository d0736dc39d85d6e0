import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { publishAll } from '../live/live.api.ts';
import { presentPost } from './post.presenter.ts';
import { PostResponse } from './posts.schema.ts';
import { boostPost, deleteOwnPost, editOwnPost, setLike } from './post-actions.service.ts';

const PostParams = Type.Object({ id: Type.String({ maxLength: 20 }) });
const EditBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const EventsResponse = Type.Object({ events: Type.Array(Type.Object({ id: Type.String(), type: Type.String() })) });

/** What a member does to a post: edit or delete their own, like, boost. */
export async function postActionsApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const tags = ['posts'];

  app.patch<{ Params: Static<typeof PostParams>; Body: Static<typeof EditBody> }>(
    '/posts/:id',
    { schema: { tags, summary: 'Edit your own post within 5 minutes of posting', params: PostParams, body: EditBody, response: { 200: PostResponse, ...errorResponses } } },
    async (request) => {
      const { post, events } = await editOwnPost(db, request.user, request.params.id, request.body.text);
      await publishAll(app, events);
      return presentPost(post);
    },
  );

  app.delete<{ Params: Static<typeof PostParams> }>(
    '/posts/:id',
    { schema: { tags, summary: 'Delete your own post', params: PostParams, response: { 200: EventsResponse, ...errorResponses } } },
    async (request) => publishAll(app, await deleteOwnPost(db, request.user, request.params.id)),
  );

  for (const [method, liked] of [['post', true], ['delete', false]] as const) {
    app[method]<{ Params: Static<typeof PostParams> }>(
      '/posts/:id/like',
      { schema: { tags, summary: liked ? 'Like a post' : 'Take a like back', params: PostParams, response: { 200: PostResponse, ...errorResponses } } },
      async (request) => {
        const { post, events } = await setLike(db, request.user, request.params.id, liked);
        await publishAll(app, events);
        return presentPost(post);
      },
    );
  }

  app.post<{ Params: Static<typeof PostParams> }>(
    '/posts/:id/boost',
    { schema: { tags, summary: 'Boost a post into the chat (once per account)', params: PostParams, response: { 201: PostResponse, ...errorResponses } } },
    async (request, reply) => {
      const { post, events } = await boostPost(db, request.user, request.params.id, { limiter: app.live.limiter });
      await publishAll(app, events);
      return reply.status(201).send(presentPost(post));
    },
  );
}
