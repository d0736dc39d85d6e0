import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { policies } from '../accounts/policies.ts';
import { sendPage } from '../web/render.ts';
import { pageOfPosts } from '../posts/posts.service.ts';
import { countChatPosts } from '../posts/posts.repository.ts';
import { accessOf, listVisibleChats } from './chats.service.ts';
import { ChatListPage } from './views/chat-list.page.tsx';
import { ChatPage } from './views/chat.page.tsx';
import { loadRsvpPanel } from '../rsvps/rsvp-panel.ts';
import { SlugParams } from './chats.schema.ts';
import { seriesOfChat } from './series/series.service.ts';
import { chatStories } from '../stories/chat-stories.ts';

const ListQuery = Type.Object({
  when: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past')])),
  tag: Type.Optional(Type.String({ maxLength: 60 })),
  host: Type.Optional(Type.String({ maxLength: 120 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export async function chatPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get<{ Querystring: Static<typeof ListQuery> }>('/chats', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const when = request.query.when ?? 'upcoming';
    const tag = request.query.tag?.trim().replace(/^#/, '') ?? '';
    const host = request.query.host?.trim() ?? '';
    const page = await listVisibleChats(db, request.user, {
      when,
      limit: 20,
      ...(tag ? { tag } : {}),
      ...(host ? { host } : {}),
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
    });
    const view = { when, tag, host, chats: page.chats, nextCursor: page.nextCursor, isLaterPage: Boolean(request.query.cursor) };
    return sendPage(request, reply, (ctx) => ({ meta: { title: 'Chats' }, body: h(ChatListPage, { ctx, view }) }));
  });

  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const { chat, posts } = await pageOfPosts(db, request.user, request.params.slug, { limit: 50 });
    const postCount = await countChatPosts(db, chat.id);
    const canEdit = policies.editChat(request.user, accessOf(chat));
    const series = await seriesOfChat(db, request.user, chat);
    const rsvp = await loadRsvpPanel(db, chat, request.user);
    const stories = await chatStories(db, request.user, chat);
    return sendPage(request, reply, (ctx) => ({
      meta: { title: chat.title, description: `#${chat.hashtags[0]?.display ?? ''} chat: ${chat.title}` },
      body: h(ChatPage, { ctx, chat, posts, postCount, canEdit, rsvp, series, stories }),
    }));
  });
}
