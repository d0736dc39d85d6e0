import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { getVisibleChat, accessOf } from '../chats/chats.service.ts';
import { policies } from '../accounts/policies.ts';
import { forbidden } from '../errors.ts';
import { requireUser } from '../http/authentication.ts';
import { publishAll } from '../live/live.api.ts';
import { moderationLog } from '../live/room.repository.ts';
import { banUser, deletePostAsModerator, hidePost, muteInChat, setSlowMode } from './moderation.service.ts';

const PostParams = Type.Object({ id: Type.String({ maxLength: 20 }) });
const HandleBody = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false });
const HandleParams = Type.Object({ slug: Type.String({ maxLength: 80 }), handle: Type.String({ maxLength: 60 }) });
const UserParams = Type.Object({ handle: Type.String({ maxLength: 60 }) });
const SlowModeBody = Type.Object({ seconds: Type.Integer({ minimum: 0, maximum: 3600 }) }, { additionalProperties: false });
const EventsResponse = Type.Object({ events: Type.Array(Type.Object({ id: Type.String(), type: Type.String() })) });
const Done = Type.Object({ ok: Type.Boolean() });

export async function moderationApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const tags = ['moderation'];

  for (const [action, hidden] of [['hide', true], ['unhide', false]] as const) {
    app.post<{ Params: Static<typeof PostParams> }>(
      `/posts/:id/${action}`,
      { schema: { tags, summary: hidden ? 'Hide a post from every viewer (hosts, moderators)' : 'Show a hidden post again', params: PostParams, response: { 200: EventsResponse, ...errorResponses } } },
      async (request) => publishAll(app, await hidePost(db, request.user, request.params.id, hidden)),
    );
  }

  app.post<{ Params: Static<typeof PostParams> }>(
    '/posts/:id/remove',
    { schema: { tags, summary: 'Delete someone’s post (hosts, moderators)', params: PostParams, response: { 200: EventsResponse, ...errorResponses } } },
    async (request) => publishAll(app, await deletePostAsModerator(db, request.user, request.params.id)),
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof HandleBody> }>(
    '/chats/:slug/mutes',
    { schema: { tags, summary: 'Mute an account in this chat', params: SlugParams, body: HandleBody, response: { 200: Done, ...errorResponses } } },
    async (request) => (await muteInChat(db, request.user, request.params.slug, request.body.handle, true), { ok: true }),
  );

  app.delete<{ Params: Static<typeof HandleParams> }>(
    '/chats/:slug/mutes/:handle',
    { schema: { tags, summary: 'Unmute an account in this chat', params: HandleParams, response: { 200: Done, ...errorResponses } } },
    async (request) => (await muteInChat(db, request.user, request.params.slug, request.params.handle, false), { ok: true }),
  );

  app.put<{ Params: Static<typeof SlugParams>; Body: Static<typeof SlowModeBody> }>(
    '/chats/:slug/slow-mode',
    { schema: { tags, summary: 'Slow mode: one post per N seconds per person (0 turns it off)', params: SlugParams, body: SlowModeBody, response: { 200: Done, ...errorResponses } } },
    async (request) => (await setSlowMode(db, request.user, request.params.slug, request.body.seconds), { ok: true }),
  );

  for (const [method, banned] of [['post', true], ['delete', false]] as const) {
    app[method]<{ Params: Static<typeof UserParams> }>(
      '/users/:handle/ban',
      { schema: { tags, summary: banned ? 'Ban an account from the server (moderators, admins)' : 'Lift a ban', params: UserParams, response: { 200: Done, ...errorResponses } } },
      async (request) => (await banUser(db, request.user, request.params.handle, banned), { ok: true }),
    );
  }

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/chats/:slug/moderation-log',
    {
      schema: {
        tags,
        summary: 'Every moderation action in this chat, newest first (hosts, moderators)',
        params: SlugParams,
        response: {
          200: Type.Object({
            actions: Type.Array(
              Type.Object({
                action: Type.String(),
                actor: Type.Union([Type.String(), Type.Null()]),
                target: Type.Union([Type.String(), Type.Null()]),
                post: Type.Union([Type.String(), Type.Null()]),
                detail: Type.Union([Type.String(), Type.Null()]),
                at: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const chat = await getVisibleChat(db, request.params.slug, user);
      if (!policies.moderateChat(user, accessOf(chat))) throw forbidden('Only the chat’s hosts and moderators can read its log');
      const rows = await moderationLog(db, chat.id);
      return {
        actions: rows.map((r) => ({
          action: r.action,
          actor: r.actorHandle,
          target: r.targetHandle,
          post: r.targetPostId === null ? null : String(r.targetPostId),
          detail: r.detail,
          at: new Date(r.createdAt).toISOString(),
        })),
      };
    },
  );
}
