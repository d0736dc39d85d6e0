import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { notFound } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import { chatsHostedBy } from '../chats/chats.repository.ts';
import { countPostsByUser } from '../posts/posts.repository.ts';
import { findUserByHandle } from './users.repository.ts';
import { ProfilePage } from './profile.page.tsx';
import { pendingRequestFor } from '../consent/consent.service.ts';

export async function profilePages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  app.get<{ Params: { handle: string } }>('/@:handle', async (request, reply) => {
    const user = await findUserByHandle(db, request.params.handle);
    if (!user) throw notFound(`@${request.params.handle}`);
    const [chats, posts] = await Promise.all([
      chatsHostedBy(db, user.id, user.handle, 20),
      countPostsByUser(db, user.id),
    ]);
    const consentPending = request.user?.id === user.id ? ((await pendingRequestFor(db, user)) ?? null) : null;
    return sendPage(request, reply, (ctx) => ({
      meta: { title: `${user.displayName} (@${user.handle})` },
      body: h(ProfilePage, { ctx, user, chats, postCount: posts, consentPending }),
    }));
  });
}
