import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { SlugParams } from '../chats/chats.schema.ts';
import { pinQuestion, releaseQuestion, setRoomOpen } from './questions.service.ts';
import { CsrfOnly, roomAction } from './room-responses.pages.ts';

const QuestionParams = Type.Object({
  slug: Type.String({ maxLength: 80 }),
  number: Type.Integer({ minimum: 1, maximum: 99 }),
  action: Type.Union([Type.Literal('release'), Type.Literal('pin')]),
});

/** The host console's buttons without JavaScript; questions.service.ts checks the viewer is a host. */
export async function consolePages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.post<{ Params: Static<typeof QuestionParams>; Body: Static<typeof CsrfOnly> }>(
    '/chats/:slug/live/questions/:number/:action',
    { schema: { params: QuestionParams, body: CsrfOnly }, preHandler: app.csrfProtection },
    (request, reply) => {
      const { slug, number, action } = request.params;
      const run = action === 'release' ? () => releaseQuestion(db, request.user, slug, number) : () => pinQuestion(db, request.user, slug, number);
      return roomAction(app, request, reply, slug, run, action === 'release' ? `#q${number}` : '#console');
    },
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof CsrfOnly> }>(
    '/chats/:slug/live/unpin',
    { schema: { params: SlugParams, body: CsrfOnly }, preHandler: app.csrfProtection },
    (request, reply) => roomAction(app, request, reply, request.params.slug, () => pinQuestion(db, request.user, request.params.slug, null), '#console'),
  );

  for (const [state, open] of [['open', true], ['close', false]] as const) {
    app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof CsrfOnly> }>(
      `/chats/:slug/live/${state}`,
      { schema: { params: SlugParams, body: CsrfOnly }, preHandler: app.csrfProtection },
      (request, reply) => roomAction(app, request, reply, request.params.slug, () => setRoomOpen(db, request.user, request.params.slug, open), '#console'),
    );
  }
}
