import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { Static } from 'typebox';
import { policies } from '../accounts/policies.ts';
import { AppError } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import { renderWikiBody } from './wiki-content.ts';
import { diffTexts } from './wiki-diff.ts';
import { titleFromSlug, wikiSlug } from './wiki-slug.ts';
import type { WikiPage, WikiRevision } from './wiki.repository.ts';
import { DiffQuery, EditPageForm, NewPageForm, NewPageQuery, ProtectForm, RestoreForm, WikiPageQuery, WikiRevisionParams, WikiSlugParams } from './wiki.schema.ts';
import {
  compareRevisions,
  createPage,
  editPage,
  findPage,
  getEditablePage,
  getPage,
  getRevision,
  pageHistory,
  recentlyChangedPages,
  restoreRevision,
  setProtection,
  WikiConflictError,
} from './wiki.service.ts';
import { WikiDiffPage } from './views/wiki-diff.page.tsx';
import { WikiEditPage, WikiNewPage } from './views/wiki-edit.page.tsx';
import type { EditorState } from './views/wiki-editor.tsx';
import { WikiHistoryPage } from './views/wiki-history.page.tsx';
import { WikiIndexPage } from './views/wiki-index.page.tsx';
import { WikiMissingPage } from './views/wiki-missing.page.tsx';
import { WikiPageScreen } from './views/wiki-page.page.tsx';

type SlugRequest = FastifyRequest<{ Params: Static<typeof WikiSlugParams> }>;

/** The wiki's HTML pages. Reading is open; every write is a CSRF-checked form authorized by the service. */
export async function wikiPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get('/wiki', async (request, reply) => {
    const pages = await recentlyChangedPages(db);
    const canCreate = policies.createWikiPage(request.user);
    return sendPage(request, reply, (ctx) => ({ meta: { title: 'Wiki' }, body: h(WikiIndexPage, { ctx, pages, canCreate }) }));
  });

  app.get<{ Querystring: Static<typeof NewPageQuery> }>('/wiki/new', { schema: { querystring: NewPageQuery } }, async (request, reply) => {
    if (!request.user) return toLogin(request, reply);
    const state: EditorState = { values: { title: request.query.title ?? '', body: '', summary: '' } };
    return showNew(request, reply, state);
  });

  app.post<{ Body: Static<typeof NewPageForm> }>('/wiki/new', { schema: { body: NewPageForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const values = { title: request.body.title, body: request.body.body, summary: request.body.summary ?? '' };
    try {
      const page = await createPage(db, request.user, values);
      return reply.redirect(`/wiki/${page.slug}`, 303);
    } catch (error) {
      const state = formError(error, values);
      return showNew(request, reply, state, statusOf(error));
    }
  });

  app.get<{ Params: Static<typeof WikiSlugParams>; Querystring: Static<typeof WikiPageQuery> }>(
    '/wiki/:slug',
    { schema: { params: WikiSlugParams, querystring: WikiPageQuery } },
    async (request, reply) => {
      // /wiki/Chat_Etiquette and friends: send people to the one address the page can have.
      const canonical = wikiSlug(request.params.slug);
      if (canonical && canonical !== request.params.slug) return reply.redirect(`/wiki/${canonical}`, 301);
      const page = await findPage(db, request.params.slug);
      if (!page) return showMissing(request, reply, request.query.title);
      const notice = request.query.saved ? `Saved revision ${page.current.number}.` : request.query.restored ? `Restored revision ${request.query.restored} as revision ${page.current.number}.` : null;
      return showPage(request, reply, page, page.current, notice);
    },
  );

  app.get<{ Params: Static<typeof WikiRevisionParams> }>('/wiki/:slug/revisions/:number', { schema: { params: WikiRevisionParams } }, async (request, reply) => {
    const { page, revision } = await getRevision(db, request.params.slug, request.params.number);
    return showPage(request, reply, page, revision, null);
  });

  app.get<{ Params: Static<typeof WikiSlugParams> }>('/wiki/:slug/edit', { schema: { params: WikiSlugParams } }, async (request, reply) => {
    if (!request.user) return toLogin(request, reply);
    const page = await getEditablePage(db, request.user, request.params.slug);
    const { title, body } = page.current;
    return showEdit(request, reply, page, { values: { title, body, summary: '' }, baseRevision: page.current.number });
  });

  app.post<{ Params: Static<typeof WikiSlugParams>; Body: Static<typeof EditPageForm> }>(
    '/wiki/:slug/edit',
    { schema: { params: WikiSlugParams, body: EditPageForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { title, body, summary = '', baseRevision } = request.body;
      const values = { title, body, summary };
      try {
        const page = await editPage(db, request.user, request.params.slug, { title, body, summary, baseRevision });
        return reply.redirect(`/wiki/${page.slug}?saved=${page.current.number}`, 303);
      } catch (error) {
        if (error instanceof WikiConflictError) {
          // Their text stays in the editor; the base moves to the current revision so the merged text can be saved.
          const current = error.current;
          const conflict = { current, diff: diffTexts(current.current.body, body) };
          return showEdit(request, reply, current, { values, baseRevision: current.current.number, conflict }, 409);
        }
        const page = await getPage(db, request.params.slug);
        return showEdit(request, reply, page, { ...formError(error, values), baseRevision }, statusOf(error));
      }
    },
  );

  app.get<{ Params: Static<typeof WikiSlugParams> }>('/wiki/:slug/history', { schema: { params: WikiSlugParams } }, async (request, reply) => {
    const { page, revisions } = await pageHistory(db, request.params.slug);
    const canEdit = policies.editWikiPage(request.user, page);
    return sendPage(request, reply, (ctx) => ({ meta: { title: `History of ${page.title}` }, body: h(WikiHistoryPage, { ctx, page, revisions, canEdit }) }));
  });

  app.get<{ Params: Static<typeof WikiSlugParams>; Querystring: Static<typeof DiffQuery> }>(
    '/wiki/:slug/diff',
    { schema: { params: WikiSlugParams, querystring: DiffQuery } },
    async (request, reply) => {
      const comparison = await compareRevisions(db, request.params.slug, request.query.from, request.query.to);
      return sendPage(request, reply, (ctx) => ({
        meta: { title: `Changes to ${comparison.page.title}` },
        body: h(WikiDiffPage, { ctx, comparison }),
      }));
    },
  );

  app.post<{ Params: Static<typeof WikiSlugParams>; Body: Static<typeof RestoreForm> }>(
    '/wiki/:slug/restore',
    { schema: { params: WikiSlugParams, body: RestoreForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const page = await restoreRevision(db, request.user, request.params.slug, request.body.revision);
      return reply.redirect(`/wiki/${page.slug}?restored=${request.body.revision}`, 303);
    },
  );

  app.post<{ Params: Static<typeof WikiSlugParams>; Body: Static<typeof ProtectForm> }>(
    '/wiki/:slug/protect',
    { schema: { params: WikiSlugParams, body: ProtectForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const page = await setProtection(db, request.user, request.params.slug, request.body.protected === '1');
      return reply.redirect(`/wiki/${page.slug}`, 303);
    },
  );

  async function showPage(request: FastifyRequest, reply: FastifyReply, page: WikiPage, revision: WikiRevision, notice: string | null) {
    const content = await renderWikiBody(db, request.user, revision.body);
    const view = { page, revision, content, notice, canEdit: policies.editWikiPage(request.user, page), canProtect: policies.protectWikiPage(request.user) };
    const title = revision.number === page.current.number ? revision.title : `${revision.title} (revision ${revision.number})`;
    return sendPage(request, reply, (ctx) => ({ meta: { title, description: `Community wiki: ${revision.title}` }, body: h(WikiPageScreen, { ctx, view }) }));
  }

  function showMissing(request: SlugRequest, reply: FastifyReply, requestedTitle: string | undefined) {
    const slug = request.params.slug;
    // The title from a [[link]] keeps its spelling; a bare address gets a readable guess.
    const title = requestedTitle && wikiSlug(requestedTitle) === slug ? requestedTitle.trim() : titleFromSlug(slug);
    const canCreate = policies.createWikiPage(request.user);
    return sendPage(request, reply, (ctx) => ({ meta: { title }, body: h(WikiMissingPage, { ctx, slug, title, canCreate }) }), 404);
  }

  function showNew(request: FastifyRequest, reply: FastifyReply, state: EditorState, status = 200) {
    return sendPage(request, reply, (ctx) => ({ meta: { title: 'New wiki page' }, body: h(WikiNewPage, { ctx, state }) }), status);
  }

  function showEdit(request: FastifyRequest, reply: FastifyReply, page: WikiPage, state: EditorState, status = 200) {
    return sendPage(request, reply, (ctx) => ({ meta: { title: `Editing ${page.title}` }, body: h(WikiEditPage, { ctx, page, state }) }), status);
  }
}

function toLogin(request: FastifyRequest, reply: FastifyReply) {
  return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
}

/** A field error goes back to the form next to its field; anything else is a real error page. */
function formError(error: unknown, values: EditorState['values']): EditorState {
  if (!(error instanceof AppError) || !error.field) throw error;
  const message = error.message.slice(error.field.length + 2);
  return { values, fieldErrors: { [error.field]: message }, error: 'Please correct the marked field; nothing was saved.' };
}

function statusOf(error: unknown): number {
  return error instanceof AppError && error.code === 'conflict' ? 409 : 422;
}
