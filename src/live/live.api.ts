import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import type { LiveEvent } from './live-event.ts';
import { pinQuestion, releaseQuestion, setRoomOpen } from './questions.service.ts';

const QuestionParams = Type.Object({ slug: Type.String({ maxLength: 80 }), number: Type.Integer({ minimum: 1, maximum: 99 }) });
const EventsResponse = Type.Object({ events: Type.Array(Type.Object({ id: Type.String(), type: Type.String() })) });

/** Publishes after commit and answers with the ids of what was published. */
export async function publishAll(app: FastifyInstance, events: LiveEvent[]) {
  for (const event of events) await app.live.hub.publish(event);
  return { events: events.map((e) => ({ id: String(e.seq), type: e.type })) };
}

/** The host console's API: release and pin questions, open and close the room. */
export async function liveApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const ok = { 200: EventsResponse, ...errorResponses };

  app.post<{ Params: Static<typeof QuestionParams> }>(
    '/chats/:slug/questions/:number/release',
    { schema: { tags: ['live'], summary: 'Release question N now (hosts): posts “QN …” and threads answers under it', params: QuestionParams, response: ok } },
    async (request) => publishAll(app, await releaseQuestion(db, request.user, request.params.slug, request.params.number)),
  );

  app.post<{ Params: Static<typeof QuestionParams> }>(
    '/chats/:slug/questions/:number/pin',
    { schema: { tags: ['live'], summary: 'Pin question N at the top of the room (hosts)', params: QuestionParams, response: ok } },
    async (request) => publishAll(app, await pinQuestion(db, request.user, request.params.slug, request.params.number)),
  );

  app.delete<{ Params: Static<typeof SlugParams> }>(
    '/chats/:slug/pin',
    { schema: { tags: ['live'], summary: 'Unpin the pinned question (hosts)', params: SlugParams, response: ok } },
    async (request) => publishAll(app, await pinQuestion(db, request.user, request.params.slug, null)),
  );

  for (const [action, open] of [['open', true], ['close', false]] as const) {
    app.post<{ Params: Static<typeof SlugParams> }>(
      `/chats/:slug/${action}`,
      { schema: { tags: ['live'], summary: open ? 'Open the room now (hosts)' : 'Close the room now (hosts)', params: SlugParams, response: ok } },
      async (request) => publishAll(app, await setRoomOpen(db, request.user, request.params.slug, open)),
    );
  }
}
