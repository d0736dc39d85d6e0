import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { errorBody } from '../errors.ts';
import { errorResponses } from '../http/schemas.ts';
import { presentWikiPage, presentWikiRevision } from './wiki.presenter.ts';
import { PutWikiPageBody, WikiConflictResponse, WikiPageResponse, WikiRevisionListResponse, WikiSlugParams } from './wiki.schema.ts';
import { getPage, pageHistory, putPage, WikiConflictError } from './wiki.service.ts';

/** `/api/v1/wiki`: anyone reads; members write with optimistic concurrency (baseRevision). */
export async function wikiApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const baseUrl = app.config.baseUrl;

  app.get<{ Params: Static<typeof WikiSlugParams> }>(
    '/wiki/:slug',
    { schema: { tags: ['wiki'], summary: 'Read a wiki page (current revision)', params: WikiSlugParams, response: { 200: WikiPageResponse, ...errorResponses } } },
    async (request) => presentWikiPage(await getPage(db, request.params.slug), baseUrl),
  );

  app.put<{ Params: Static<typeof WikiSlugParams>; Body: Static<typeof PutWikiPageBody> }>(
    '/wiki/:slug',
    {
      schema: {
        tags: ['wiki'],
        summary: 'Save a new revision (members); baseRevision 0 creates the page. 409 `conflict` when the page moved past baseRevision.',
        params: WikiSlugParams,
        body: PutWikiPageBody,
        response: { 200: WikiPageResponse, 201: WikiPageResponse, ...errorResponses, 409: WikiConflictResponse },
      },
    },
    async (request, reply) => {
      try {
        const { page, created } = await putPage(db, request.user, request.params.slug, request.body);
        return reply.status(created ? 201 : 200).send(presentWikiPage(page, baseUrl));
      } catch (error) {
        if (!(error instanceof WikiConflictError)) throw error;
        const body = errorBody(error);
        return reply.status(409).send({ error: { ...body.error, currentRevision: error.current.current.number } });
      }
    },
  );

  app.get<{ Params: Static<typeof WikiSlugParams> }>(
    '/wiki/:slug/revisions',
    { schema: { tags: ['wiki'], summary: 'Every revision of a page, newest first', params: WikiSlugParams, response: { 200: WikiRevisionListResponse, ...errorResponses } } },
    async (request) => {
      const { page, revisions } = await pageHistory(db, request.params.slug);
      return { page: page.slug, revisions: revisions.map((r) => presentWikiRevision(page.slug, r, baseUrl)) };
    },
  );
}
