import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { h } from 'preact';
import type { Static } from 'typebox';
import type { DB, User } from '../../db/schema.ts';
import { forbidden, unauthenticated } from '../../errors.ts';
import { policies } from '../../accounts/policies.ts';
import { sendPage } from '../../web/render.ts';
import { CreateChatBody, SlugParams, UpdateChatBody } from '../chats.schema.ts';
import { createChat, getEditableChat, updateChat } from '../chats.service.ts';
import { createSeries } from '../series/series.service.ts';
import { ChatFormBody, formValues, parseChatForm, type ChatFormValues } from './chat-form.parse.ts';
import { formProblem } from './chat-form.errors.ts';
import { newChatValues, valuesFromChat } from './chat-form.values.ts';
import { ChatFormPage, type ChatFormView } from './chat-form.tsx';
import { assertMatchesSchema } from './schema-check.ts';

type FormBody = Static<typeof ChatFormBody>;

/** `/chats/new` and `/chats/SLUG/edit`: HTML forms over the same service calls as the JSON API. */
export async function chatFormPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  const show = (request: FastifyRequest, reply: FastifyReply, view: ChatFormView, status = 200) =>
    sendPage(request, reply, (ctx) => ({ meta: { title: view.mode === 'create' ? 'Schedule a chat' : `Edit ${view.title}` }, body: h(ChatFormPage, { ctx, view }) }), status);

  app.get('/chats/new', async (request, reply) => {
    if (!request.user) return reply.redirect(`/login?next=${encodeURIComponent('/chats/new')}`, 303);
    mayCreate(request.user);
    return show(request, reply, { mode: 'create', values: newChatValues(request.user) });
  });

  app.post<{ Body: FormBody }>('/chats/new', { schema: { body: ChatFormBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const user = mayCreate(request.user);
    const values = formValues(request.body);
    try {
      return reply.redirect(`/chats/${await scheduleFromForm(db, user, values)}`, 303);
    } catch (error) {
      const problem = formProblem(error);
      if (!problem) throw error;
      return show(request, reply, { mode: 'create', values, problem }, problem.status);
    }
  });

  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug/edit', { schema: { params: SlugParams } }, async (request, reply) => {
    if (!request.user) return reply.redirect(`/login?next=${encodeURIComponent(`/chats/${request.params.slug}/edit`)}`, 303);
    const chat = await getEditableChat(db, request.params.slug, request.user);
    return show(request, reply, { mode: 'edit', values: valuesFromChat(chat), slug: chat.slug, title: chat.title });
  });

  app.post<{ Params: Static<typeof SlugParams>; Body: FormBody }>(
    '/chats/:slug/edit',
    { schema: { params: SlugParams, body: ChatFormBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      // Authorize before reading the input: a stranger learns nothing from validation messages.
      const chat = await getEditableChat(db, request.params.slug, request.user);
      const values = formValues(request.body);
      try {
        const { recurrence: _ignored, ...fields } = parseChatForm(values, { allowRepeat: false });
        // An emptied address field keeps the current one rather than failing the slug pattern.
        const input = { ...fields, slug: fields.slug ?? chat.slug };
        assertMatchesSchema(UpdateChatBody, input);
        const updated = await updateChat(db, request.user, chat.slug, input);
        return reply.redirect(`/chats/${updated.slug}`, 303);
      } catch (error) {
        const problem = formProblem(error);
        if (!problem) throw error;
        return show(request, reply, { mode: 'edit', values, slug: chat.slug, title: chat.title, problem }, problem.status);
      }
    },
  );
}

function mayCreate(user: User | null): User {
  if (!user) throw unauthenticated();
  if (!policies.createChat(user)) throw forbidden('Only organizers and admins can schedule chats');
  return user;
}

/** Creates the chat, or every date of a series; returns the slug to show next (the first date). */
async function scheduleFromForm(db: Kysely<DB>, user: User, values: ChatFormValues): Promise<string> {
  const input = parseChatForm(values, { allowRepeat: true });
  assertMatchesSchema(CreateChatBody, input);
  if (input.recurrence) return (await createSeries(db, user, input)).occurrences[0]!.slug;
  return (await createChat(db, user, input)).slug;
}
