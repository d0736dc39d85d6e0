import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { presentPost } from './post.presenter.ts';
import { CreatePostBody, PostPageQuery, PostPageResponse, PostResponse } from './posts.schema.ts';
import { createPost, pageOfPosts } from './posts.service.ts';

export async function postsApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get<{ Params: Static<typeof SlugParams>; Querystring: Static<typeof PostPageQuery> }>(
    '/chats/:slug/posts',
    {
      schema: {
        tags: ['posts'],
        summary: 'A page of the chat’s posts in time order; follow nextCursor for the next page',
        params: SlugParams,
        querystring: PostPageQuery,
        response: { 200: PostPageResponse, ...errorResponses },
      },
    },
    async (request) => {
      const page = await pageOfPosts(db, request.user, request.params.slug, {
        limit: request.query.limit ?? 50,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      });
      return { posts: page.posts.map(presentPost), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof CreatePostBody> }>(
    '/chats/:slug/posts',
    {
      schema: {
        tags: ['posts'],
        summary: 'Post in a chat (members); the chat’s hashtags are added unless omitHashtags',
        params: SlugParams,
        body: CreatePostBody,
        response: { 201: PostResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { post, event } = await createPost(db, request.user, request.params.slug, request.body, { limiter: app.live.limiter });
      await app.live.hub.publish(event);
      return reply.status(201).send(presentPost(post));
    },
  );
}
