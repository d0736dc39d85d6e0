import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { listVisibleChats } from '../chats/chats.service.ts';
import { sendPage } from './render.ts';
import { HomePage } from './pages/home.tsx';

export async function homePage(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  app.get('/', async (request, reply) => {
    const [upcoming, recent] = await Promise.all([
      listVisibleChats(db, request.user, { when: 'upcoming', limit: 4 }),
      listVisibleChats(db, request.user, { when: 'past', limit: 6 }),
    ]);
    const [nextUp = null, ...later] = upcoming.chats;
    return sendPage(request, reply, (ctx) => ({
      meta: { title: 'Musesocial', description: 'Community hashtag chats: calendar, live rooms and archives.' },
      body: h(HomePage, { ctx, nextUp, upcoming: later, recent: recent.chats }),
    }));
  });
}
