import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { sendPage } from '../../web/render.ts';
import { SlugParams } from '../../chats/chats.schema.ts';
import { getVisibleChat } from '../../chats/chats.service.ts';
import { parseTranscriptQuery, TranscriptQuerySchema, type RawTranscriptQuery } from './transcript-query.ts';
import { planTranscript, transcriptPage } from './transcript.service.ts';
import { OTHER, type GroupKey } from './transcript-groups.ts';
import { loadPermalink } from './permalink.service.ts';
import { TranscriptPageView } from './views/transcript.page.tsx';
import { PermalinkPage } from './views/permalink.page.tsx';
import { chatStories } from '../../stories/chat-stories.ts';

const PostParams = Type.Object({ slug: SlugParams.properties.slug, id: Type.String({ maxLength: 40 }) });

/** The transcript page (HTML, works without JavaScript) and one page per post. */
export async function transcriptPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get<{ Params: Static<typeof SlugParams>; Querystring: RawTranscriptQuery }>(
    '/chats/:slug/transcript',
    { schema: { params: SlugParams, querystring: TranscriptQuerySchema } },
    async (request, reply) => {
      const chat = await getVisibleChat(db, request.params.slug, request.user);
      const { query, errors } = parseTranscriptQuery(request.query);
      const plan = Object.keys(errors).length > 0 ? null : await planTranscript(db, chat, query.filter);
      const asked = query.filter.question;
      if (plan && typeof asked === 'number' && !plan.groups.includes(asked)) errors.question = noSuchQuestion(asked, plan.groups);
      const refused = Object.keys(errors).length > 0;
      const page = refused || !plan ? null : await transcriptPage(db, chat, query, { plan });
      const stories = await chatStories(db, request.user, chat);
      return sendPage(
        request,
        reply,
        (ctx) => ({
          meta: { title: `Transcript: ${chat.title}`, description: `Every post of the #${chat.hashtags[0]?.display ?? ''} chat “${chat.title}”, grouped by question.` },
          body: h(TranscriptPageView, { ctx, view: { chat, page, raw: request.query, errors, stories } }),
        }),
        refused ? 400 : 200,
      );
    },
  );

  app.get<{ Params: Static<typeof PostParams> }>('/chats/:slug/posts/:id', { schema: { params: PostParams } }, async (request, reply) => {
    const view = await loadPermalink(db, request.user, request.params.slug, request.params.id);
    const excerpt = [...view.post.text].slice(0, 80).join('');
    return sendPage(request, reply, (ctx) => ({
      meta: { title: `${view.post.authorDisplayName}: ${excerpt}`, description: `A post in the chat “${view.chat.title}”.` },
      body: h(PermalinkPage, { ctx, view }),
    }));
  });
}

/** A question filter naming a question the chat does not have (listed, or answered in its archive). */
function noSuchQuestion(asked: number, groups: GroupKey[]): string {
  const numbers = groups.filter((key): key is number => key !== OTHER);
  return numbers.length === 0 ? `this chat has no questions; there is no Q${asked}` : `this chat has no Q${asked}; its questions are ${numbers.map((n) => `Q${n}`).join(', ')}`;
}
