import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { policies } from '../accounts/policies.ts';
import { AppError } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { applyStoryOp, createStory, deleteStory, findEditableStory, inviteCurator, parseStoryId, uninviteCurator, updateStory } from './stories.service.ts';
import { loadStoryView } from './story-view.ts';
import { seriesStoryChats } from './chat-stories.ts';
import { findChatBySlug } from '../chats/chats.repository.ts';
import { searchChatPosts } from './stories.repository.ts';
import { focusKey, parseOpForm } from './story-op-form.ts';
import { StoryEditorPage, type EditorView } from './views/story-editor.page.tsx';
import type { FinderView } from './views/post-finder.tsx';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const CuratorParams = Type.Object({ id: IdParams.properties.id, userId: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const csrf = { _csrf: Type.Optional(Type.String()) };
// Form fields are loose strings; the service and parseOpForm say what is wrong, by field.
const OpBody = Type.Object({
  op: Type.String({ maxLength: 30 }),
  section: Type.Optional(Type.String({ maxLength: 20 })),
  item: Type.Optional(Type.String({ maxLength: 20 })),
  post: Type.Optional(Type.String({ maxLength: 20 })),
  direction: Type.Optional(Type.String({ maxLength: 10 })),
  heading: Type.Optional(Type.String({ maxLength: 1000 })),
  text: Type.Optional(Type.String({ maxLength: 20000 })),
  ...csrf,
});
const SettingsBody = Type.Object({ title: Type.String({ maxLength: 1000 }), introduction: Type.String({ maxLength: 40000 }), ...csrf });
const StatusBody = Type.Object({ status: Type.Enum(['draft', 'published']), ...csrf });
const HandleBody = Type.Object({ handle: Type.String({ maxLength: 200 }), ...csrf });
const CsrfBody = Type.Object(csrf);
const DraftBody = Type.Object({ ...csrf, scope: Type.Optional(Type.Union([Type.Literal('chat'), Type.Literal('series')])) });
const EditorQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  author: Type.Optional(Type.String({ maxLength: 120 })),
  question: Type.Optional(Type.String({ maxLength: 10 })),
  focus: Type.Optional(Type.String({ maxLength: 60, pattern: '^[a-z0-9-]*$' })),
});
type EditorQueryT = Static<typeof EditorQuery>;

const FINDER_LIMIT = 30;

/** The editor page and its forms (each a CSRF form redirecting back with 303), and "Draft a story" on a chat. */
export async function storyEditorPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  const showEditor = async (request: FastifyRequest, reply: FastifyReply, id: number, query: EditorQueryT, error: string | null = null, status = 200) => {
    const story = await findEditableStory(db, request.user, id);
    const view = await loadStoryView(db, story);
    const finder = await findPosts(story.chats.map((c) => c.id), query);
    const editor: EditorView = { view, canManage: policies.manageStory(request.user, story.access), finder, error, focus: query.focus ?? null };
    return sendPage(request, reply, (ctx) => ({ meta: { title: `Edit: ${story.title}` }, body: h(StoryEditorPage, { ctx, editor }) }), status);
  };

  const findPosts = async (chatIds: number[], query: EditorQueryT): Promise<FinderView> => {
    const raw = { q: query.q?.trim() ?? '', author: query.author?.trim() ?? '', question: query.question?.trim() ?? '' };
    if (!raw.q && !raw.author && !raw.question) return { raw, results: null, error: null };
    const question = raw.question === '' ? null : raw.question === 'other' ? 'other' : /^[0-9]{1,3}$/.test(raw.question) ? Number(raw.question) : undefined;
    if (question === undefined) return { raw, results: null, error: 'Answers: must be a question number or “other”' };
    const results = await searchChatPosts(db, { chatIds, text: raw.q || null, author: raw.author.replace(/^@/, '') || null, question, limit: FINDER_LIMIT });
    return { raw, results, error: null };
  };

  /** Runs a form's write; a refused field re-renders the editor with the message instead of an error page. */
  const formWrite = async (request: FastifyRequest, reply: FastifyReply, id: number, write: () => Promise<string>) => {
    try {
      return reply.redirect(await write(), 303);
    } catch (error) {
      if (error instanceof AppError && error.field) return showEditor(request, reply, id, {}, error.message, error.status);
      throw error;
    }
  };

  app.get<{ Params: Static<typeof IdParams>; Querystring: EditorQueryT }>('/stories/:id/edit', { schema: { params: IdParams, querystring: EditorQuery } }, (request, reply) =>
    showEditor(request, reply, parseStoryId(request.params.id), request.query),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof OpBody> }>(
    '/stories/:id/edit',
    { schema: { params: IdParams, body: OpBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const id = parseStoryId(request.params.id);
      return formWrite(request, reply, id, async () => {
        const op = parseOpForm(request.body);
        await applyStoryOp(db, request.user, id, op);
        const focus = focusKey(op);
        return `/stories/${id}/edit${focus ? `?focus=${focus}` : ''}`;
      });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof SettingsBody> }>(
    '/stories/:id/settings',
    { schema: { params: IdParams, body: SettingsBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const id = parseStoryId(request.params.id);
      return formWrite(request, reply, id, async () => {
        await updateStory(db, request.user, id, { title: request.body.title, introduction: request.body.introduction });
        return `/stories/${id}/edit`;
      });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof StatusBody> }>(
    '/stories/:id/status',
    { schema: { params: IdParams, body: StatusBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const id = parseStoryId(request.params.id);
      await updateStory(db, request.user, id, { status: request.body.status as 'draft' | 'published' });
      // Published: show it as readers will see it; back to draft: keep editing.
      return reply.redirect(request.body.status === 'published' ? `/stories/${id}` : `/stories/${id}/edit`, 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof HandleBody> }>(
    '/stories/:id/curators',
    { schema: { params: IdParams, body: HandleBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const id = parseStoryId(request.params.id);
      return formWrite(request, reply, id, async () => {
        await inviteCurator(db, request.user, id, request.body.handle);
        return `/stories/${id}/edit#curators-title`;
      });
    },
  );

  app.post<{ Params: Static<typeof CuratorParams>; Body: Static<typeof CsrfBody> }>(
    '/stories/:id/curators/:userId/remove',
    { schema: { params: CuratorParams, body: CsrfBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const id = parseStoryId(request.params.id);
      await uninviteCurator(db, request.user, id, Number(request.params.userId));
      return reply.redirect(`/stories/${id}/edit#curators-title`, 303);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CsrfBody> }>(
    '/stories/:id/delete',
    { schema: { params: IdParams, body: CsrfBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const id = parseStoryId(request.params.id);
      const story = await findEditableStory(db, request.user, id);
      await deleteStory(db, request.user, id);
      return reply.redirect(story.chats[0] ? `/chats/${story.chats[0].slug}` : '/', 303);
    },
  );

  // "Draft a story" on the chat page: one click, then the editor.
  // With scope=series, the story covers the series' chats that have begun (see seriesStoryChats).
  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof DraftBody> }>(
    '/chats/:slug/stories',
    { schema: { params: SlugParams, body: DraftBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const chat = request.body.scope === 'series' ? await findChatBySlug(db, request.params.slug) : undefined;
      const series = chat ? await seriesStoryChats(db, chat) : [];
      const input = series.length > 1 ? { chats: series, draft: true } : { chat: request.params.slug, draft: true };
      const story = await createStory(db, request.user, input);
      return reply.redirect(`/stories/${story.id}/edit`, 303);
    },
  );
}
