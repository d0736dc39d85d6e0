import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../http/schemas.ts';
import { SearchQuerystring, SearchResponse, type SearchParams } from './search.schema.ts';
import { searchPosts } from './search.service.ts';
import { presentSearchResult } from './search.presenter.ts';

/** `GET /api/v1/search`: every chat's posts the caller may see. */
export async function searchApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: SearchParams }>(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search over all chats’ posts; follow nextCursor for the next page',
        querystring: SearchQuerystring,
        response: { 200: SearchResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { q, sort, cursor, limit } = request.query;
      const found = await searchPosts(app.database, request.user, { q, limit: limit ?? 20, ...(sort ? { sort } : {}), ...(cursor ? { cursor } : {}) });
      return { sort: found.sort, results: found.results.map((r) => presentSearchResult(r, app.config.baseUrl)), nextCursor: found.nextCursor };
    },
  );
}
