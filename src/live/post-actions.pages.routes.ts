import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { boostPost, deleteOwnPost, setLike } from '../posts/post-actions.service.ts';
import { deletePostAsModerator, hidePost } from '../moderation/moderation.service.ts';
import type { PostingLimiter } from './rate-limiter.ts';
import type { LiveEvent } from './live-event.ts';
import { CsrfOnly, roomAction } from './room-responses.pages.ts';

type Run = (db: Kysely<DB>, user: User | null, id: string, limiter: PostingLimiter) => Promise<LiveEvent[]>;

/** The post buttons, by the last path segment; each service authorizes the viewer itself. */
const ACTIONS: Record<string, Run> = {
  like: async (db, user, id) => (await setLike(db, user, id, true)).events,
  unlike: async (db, user, id) => (await setLike(db, user, id, false)).events,
  boost: async (db, user, id, limiter) => (await boostPost(db, user, id, { limiter })).events,
  delete: (db, user, id) => deleteOwnPost(db, user, id),
  hide: (db, user, id) => hidePost(db, user, id, true),
  unhide: (db, user, id) => hidePost(db, user, id, false),
  remove: (db, user, id) => deletePostAsModerator(db, user, id),
};

const ActionParams = Type.Object({
  slug: Type.String({ maxLength: 80 }),
  id: Type.String({ maxLength: 20 }),
  action: Type.Union(Object.keys(ACTIONS).map((name) => Type.Literal(name))),
});

/** A post's buttons without JavaScript: like, boost, delete your own; hide, unhide, delete as a moderator. */
export async function postActionPages(app: FastifyInstance): Promise<void> {
  app.post<{ Params: Static<typeof ActionParams>; Body: Static<typeof CsrfOnly> }>(
    '/chats/:slug/live/posts/:id/:action',
    { schema: { params: ActionParams, body: CsrfOnly }, preHandler: app.csrfProtection },
    (request, reply) => {
      const { slug, id, action } = request.params;
      const run = ACTIONS[action]!;
      const gone = action === 'delete' || action === 'remove' || action === 'hide';
      return roomAction(app, request, reply, slug, () => run(app.database.db, request.user, id, app.live.limiter), gone ? '' : `#post-${id}`);
    },
  );
}
