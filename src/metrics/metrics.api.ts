import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { chatStats } from './metrics.service.ts';
import { communityGrowth } from './growth.service.ts';
import { presentGrowth, presentStats } from './stats.presenter.ts';
import { GrowthQuery, GrowthResponse, StatsResponse } from './metrics.schema.ts';

/** `/api/v1/chats/:slug/stats` and `/api/v1/stats`: the same figures as the pages. */
export async function metricsApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/chats/:slug/stats',
    { schema: { tags: ['metrics'], summary: 'A chat’s metrics, compared with the previous chat of its series', params: SlugParams, response: { 200: StatsResponse, ...errorResponses } } },
    async (request) => presentStats(await chatStats(db, request.user, request.params.slug), app.config.baseUrl),
  );

  app.get<{ Querystring: Static<typeof GrowthQuery> }>(
    '/stats',
    { schema: { tags: ['metrics'], summary: 'Community growth across chats (optionally of one hashtag) and top topics', querystring: GrowthQuery, response: { 200: GrowthResponse, ...errorResponses } } },
    async (request) => presentGrowth(await communityGrowth(db, request.query.tag)),
  );
}
