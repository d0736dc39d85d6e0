import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { errorResponses, ErrorResponse } from '../../http/schemas.ts';
import { ImportQuery, ImportResponse, MAX_ICS_BYTES, presentImport } from './import.schema.ts';
import { importCalendar } from './import.service.ts';

/**
 * `POST /api/v1/chats/import` with the .ics as the body (text/calendar).
 * The parser for that type is added in this plugin only, so no other
 * route accepts calendar bodies.
 */
export async function calendarImportApi(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('text/calendar', { parseAs: 'buffer', bodyLimit: MAX_ICS_BYTES }, (_request, body, done) => done(null, body));

  app.post<{ Querystring: Static<typeof ImportQuery> }>(
    '/chats/import',
    {
      bodyLimit: MAX_ICS_BYTES,
      schema: {
        tags: ['chats'],
        summary: 'Create chats from an iCalendar (.ics) file (organizers, admins; API token)',
        description:
          'Send the file as the body with Content-Type text/calendar. Each event becomes a chat unless it was imported before, is all-day or cancelled (skipped), or cannot be read (rejected, with its line). Recurring events give their first occurrence. A file that is not iCalendar stores nothing.',
        consumes: ['text/calendar'],
        querystring: ImportQuery,
        response: { 200: ImportResponse, 201: ImportResponse, ...errorResponses, 413: ErrorResponse, 415: ErrorResponse },
      },
    },
    async (request, reply) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const report = await importCalendar(app.database.db, request.user, { bytes, hashtag: request.query.hashtag, fileField: 'body' });
      return reply.status(report.created > 0 ? 201 : 200).send(presentImport(report, app.config.baseUrl));
    },
  );
}
