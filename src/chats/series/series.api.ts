import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { errorResponses } from '../../http/schemas.ts';
import { ExtendSeriesBody, SeriesKeyParams, SeriesResponse } from './series.schema.ts';
import { extendSeries, getSeries } from './series.service.ts';
import { presentSeries } from './series.presenter.ts';

/** `/api/v1/series/KEY`: a recurring series and its dates. Series are created through POST /api/v1/chats with `recurrence`. */
export async function seriesApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get<{ Params: Static<typeof SeriesKeyParams> }>(
    '/series/:key',
    { schema: { tags: ['chats'], summary: 'Read a recurring series and its dates', params: SeriesKeyParams, response: { 200: SeriesResponse, ...errorResponses } } },
    async (request) => presentSeries(await getSeries(db, request.user, request.params.key), app.config.baseUrl),
  );

  app.post<{ Params: Static<typeof SeriesKeyParams>; Body: Static<typeof ExtendSeriesBody> }>(
    '/series/:key/extend',
    {
      schema: {
        tags: ['chats'],
        summary: 'Add more dates to a series, after its last one (same rule; details copied from the latest date)',
        params: SeriesKeyParams,
        body: ExtendSeriesBody,
        response: { 201: SeriesResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await extendSeries(db, request.user, request.params.key, request.body.count);
      return reply.status(201).send(presentSeries(view, app.config.baseUrl));
    },
  );
}
