import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { createStory, deleteStory, findVisibleStory, listStories, parseStoryId, updateStory } from './stories.service.ts';
import { loadStoryView } from './story-view.ts';
import { presentStory, presentStoryListItem } from './story.presenter.ts';
import { CreateStoryBody, StoryListQuery, StoryListResponse, StoryParams, StoryResponse, UpdateStoryBody } from './stories.schema.ts';

/** `/api/v1/stories`: thin handlers — validate (schemas), call the service, present. */
export async function storiesApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const baseUrl = app.config.baseUrl;
  const tags = ['stories'];
  const present = async (story: Awaited<ReturnType<typeof findVisibleStory>>) => presentStory(await loadStoryView(db, story), baseUrl);

  app.get<{ Querystring: Static<typeof StoryListQuery> }>(
    '/stories',
    { schema: { tags, summary: 'Stories you may read: published ones, and drafts you curate (newest first)', querystring: StoryListQuery, response: { 200: StoryListResponse, ...errorResponses } } },
    async (request) => {
      const stories = await listStories(db, request.user, { ...(request.query.chat ? { chat: request.query.chat } : {}), ...(request.query.limit ? { limit: request.query.limit } : {}) });
      return { stories: stories.map((s) => presentStoryListItem(s, baseUrl)) };
    },
  );

  app.post<{ Body: Static<typeof CreateStoryBody> }>(
    '/stories',
    {
      schema: {
        tags,
        summary: 'Start a story of a chat (or several); `draft: true` fills it with key answers per question, other conversation and the most shared links (organizer or admin)',
        body: CreateStoryBody,
        response: { 201: StoryResponse, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await present(await createStory(db, request.user, request.body))),
  );

  app.get<{ Params: Static<typeof StoryParams> }>(
    '/stories/:id',
    { schema: { tags, summary: 'A story with its sections and items; hidden and removed posts are left out', params: StoryParams, response: { 200: StoryResponse, ...errorResponses } } },
    async (request) => present(await findVisibleStory(db, request.user, parseStoryId(request.params.id))),
  );

  app.patch<{ Params: Static<typeof StoryParams>; Body: Static<typeof UpdateStoryBody> }>(
    '/stories/:id',
    {
      schema: {
        tags,
        summary: 'Edit a story: title, introduction, status (publish/unpublish), the whole structure in order, co-curators (organizer, co-curators, admins)',
        params: StoryParams,
        body: UpdateStoryBody,
        response: { 200: StoryResponse, ...errorResponses },
      },
    },
    async (request) => present(await updateStory(db, request.user, parseStoryId(request.params.id), request.body)),
  );

  app.delete<{ Params: Static<typeof StoryParams> }>(
    '/stories/:id',
    { schema: { tags, summary: 'Delete a story (organizer or admin)', params: StoryParams, response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses } } },
    async (request, reply) => {
      await deleteStory(db, request.user, parseStoryId(request.params.id));
      return reply.status(204).send();
    },
  );
}
