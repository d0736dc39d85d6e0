import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { SlugParams } from '../chats/chats.schema.ts';
import { invalid } from '../errors.ts';
import { banUser, muteInChat, setSlowMode } from '../moderation/moderation.service.ts';
import { CsrfOnly, roomAction } from './room-responses.pages.ts';

const HandleParams = Type.Object({ slug: Type.String({ maxLength: 80 }), handle: Type.String({ maxLength: 60 }) });
const SlowModeForm = Type.Object({ seconds: Type.String({ maxLength: 10 }), _csrf: Type.Optional(Type.String()) });

/** Room-wide moderation forms without JavaScript; moderation.service.ts checks who may. */
export async function moderationPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const options = (params: typeof SlugParams | typeof HandleParams) => ({ schema: { params, body: CsrfOnly }, preHandler: app.csrfProtection });

  app.post<{ Params: Static<typeof HandleParams> }>('/chats/:slug/live/mutes/:handle', options(HandleParams), (request, reply) => {
    const { slug, handle } = request.params;
    return roomAction(app, request, reply, slug, () => muteInChat(db, request.user, slug, handle, true), '#moderation');
  });

  app.post<{ Params: Static<typeof HandleParams> }>('/chats/:slug/live/mutes/:handle/remove', options(HandleParams), (request, reply) => {
    const { slug, handle } = request.params;
    return roomAction(app, request, reply, slug, () => muteInChat(db, request.user, slug, handle, false), '#moderation');
  });

  app.post<{ Params: Static<typeof HandleParams> }>('/chats/:slug/live/bans/:handle', options(HandleParams), (request, reply) => {
    const { slug, handle } = request.params;
    return roomAction(app, request, reply, slug, () => banUser(db, request.user, handle, true, { chatSlug: slug }), '#moderation');
  });

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof SlowModeForm> }>(
    '/chats/:slug/live/slow-mode',
    { schema: { params: SlugParams, body: SlowModeForm }, preHandler: app.csrfProtection },
    (request, reply) => {
      const { slug } = request.params;
      return roomAction(
        app,
        request,
        reply,
        slug,
        async () => {
          const raw = request.body.seconds.trim();
          if (!/^\d{1,4}$/.test(raw) || Number(raw) > 3600) throw invalid('seconds', 'slow mode must be a whole number of seconds from 0 to 3600');
          await setSlowMode(db, request.user, slug, Number(raw));
        },
        '#moderation',
      );
    },
  );
}
