import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { AppError } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import { MAX_QUERY_CHARS } from './search.schema.ts';
import { searchPosts, type SearchResults } from './search.service.ts';
import { SearchPage } from './views/search.page.tsx';

const PageQuery = Type.Object({
  // Longer than MAX_QUERY_CHARS passes here, to be refused on the page with the form (not as JSON);
  // the URL's own limits bound it.
  q: Type.Optional(Type.String()),
  sort: Type.Optional(Type.Enum(['newest', 'relevance'])),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});

/** `/search?q=`: a GET form, so results have addresses and work without JavaScript. */
export async function searchPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof PageQuery> }>('/search', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const q = request.query.q?.trim() ?? '';
    const sort = request.query.sort ?? null;
    let found: SearchResults | null = null;
    let error: string | null = null;
    if (q.length > MAX_QUERY_CHARS) {
      error = `This search is ${q.length.toLocaleString('en-US')} characters long; searches are at most ${MAX_QUERY_CHARS} characters.`;
    } else if (q) {
      try {
        found = await searchPosts(app.database, request.user, { q, limit: 20, ...(sort ? { sort } : {}), ...(request.query.cursor ? { cursor: request.query.cursor } : {}) });
      } catch (caught) {
        if (!(caught instanceof AppError) || caught.code !== 'validation_failed') throw caught;
        error = caught.message;
      }
    }
    const view = { q, sort, found, error, isLaterPage: Boolean(request.query.cursor) };
    return sendPage(request, reply, (ctx) => ({ meta: { title: q ? `Search: ${q}` : 'Search' }, body: h(SearchPage, { ctx, view }) }), error ? 400 : 200);
  });
}
