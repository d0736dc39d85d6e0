import type { FastifyInstance, FastifyReply } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { policies } from '../accounts/policies.ts';
import { AppError } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import { findVisibleStory, parseStoryId } from './stories.service.ts';
import { loadStoryView } from './story-view.ts';
import { EXPORT_STYLE_HASH, EXPORT_TYPES, exportStory, type StoryExportFormat } from './story-export.tsx';
import { embedCode, embedSize, storyIdFromUrl } from './story-embed.ts';
import { StoryPage } from './views/story.page.tsx';
import { renderEmbedDocument } from './views/story-embed.page.tsx';

// `/stories/12`, or an export by suffix: `/stories/12.md`.
const StoryFileParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}(\\.(html|md|json))?$' }) });
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const ExportQuery = Type.Object({ format: Type.Enum(['html', 'md', 'json']) });
const OembedQuery = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  format: Type.Optional(Type.String({ maxLength: 10 })),
  maxwidth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  maxheight: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
});

/** Reading a story: the page, its exports, the iframe embed and the oEmbed endpoint. */
export async function storyPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const baseUrl = app.config.baseUrl;

  const sendExport = async (reply: FastifyReply, id: number, viewer: Parameters<typeof findVisibleStory>[1], format: StoryExportFormat, download: boolean) => {
    const story = await findVisibleStory(db, viewer, id);
    const body = exportStory(await loadStoryView(db, story), format, baseUrl);
    if (format === 'html') {
      // A standalone file: its one inline stylesheet is allowed by hash, nothing else runs.
      reply.header('content-security-policy', `default-src 'none'; style-src ${EXPORT_STYLE_HASH}; img-src https: data:; frame-ancestors 'none'`);
    }
    if (download) reply.header('content-disposition', `attachment; filename="story-${id}.${format}"`);
    return reply.type(EXPORT_TYPES[format]).header('cache-control', 'no-cache').send(body);
  };

  app.get<{ Params: Static<typeof StoryFileParams> }>('/stories/:id', { schema: { params: StoryFileParams } }, async (request, reply) => {
    const [rawId, suffix] = request.params.id.split('.');
    const id = parseStoryId(rawId!);
    if (suffix) return sendExport(reply, id, request.user, suffix as StoryExportFormat, false);
    const story = await findVisibleStory(db, request.user, id);
    const view = await loadStoryView(db, story);
    const canEdit = policies.editStory(request.user, story.access);
    const url = `${baseUrl}/stories/${id}`;
    return sendPage(request, reply, (ctx) => ({
      meta: {
        title: story.title,
        description: `A story of the chat “${story.chats[0]?.title ?? ''}”.`,
        alternates: [
          { type: 'application/json+oembed', href: `${baseUrl}/oembed?url=${encodeURIComponent(url)}&format=json`, title: story.title },
          { type: 'application/json', href: `${url}.json`, title: 'This story as JSON' },
          { type: 'text/markdown', href: `${url}.md`, title: 'This story as Markdown' },
        ],
      },
      body: h(StoryPage, { ctx, view, canEdit, baseUrl }),
    }));
  });

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ExportQuery> }>(
    '/stories/:id/export',
    { schema: { params: IdParams, querystring: ExportQuery } },
    async (request, reply) => sendExport(reply, parseStoryId(request.params.id), request.user, request.query.format as StoryExportFormat, true),
  );

  app.get<{ Params: Static<typeof IdParams> }>('/stories/:id/embed', { schema: { params: IdParams } }, async (request, reply) => {
    const story = await findVisibleStory(db, request.user, parseStoryId(request.params.id));
    const view = await loadStoryView(db, story);
    // The one page other sites may frame: helmet's CSP says frame-ancestors 'self' and
    // X-Frame-Options SAMEORIGIN everywhere else.
    const csp = String(reply.getHeader('content-security-policy') ?? '');
    reply.header('content-security-policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
    reply.removeHeader('x-frame-options');
    return reply.type('text/html; charset=utf-8').send(renderEmbedDocument(view, baseUrl));
  });

  // oEmbed (https://oembed.com): a consumer turns a story link into the iframe.
  app.get<{ Querystring: Static<typeof OembedQuery> }>('/oembed', { schema: { querystring: OembedQuery } }, async (request, reply) => {
    const format = request.query.format ?? 'json';
    if (format !== 'json') throw new AppError('not_implemented', 'format: only json is supported', 'format');
    // Embeds are public: only stories anyone may read, whoever asks.
    const story = await findVisibleStory(db, null, storyIdFromUrl(request.query.url, baseUrl));
    const size = embedSize(request.query.maxwidth, request.query.maxheight);
    return reply.header('access-control-allow-origin', '*').send({
      version: '1.0',
      type: 'rich',
      provider_name: 'Musesocial',
      provider_url: baseUrl,
      title: story.title,
      ...(story.chats[0] ? { author_name: `#${story.chats[0].hashtags[0]?.display ?? story.chats[0].slug}`, author_url: `${baseUrl}/chats/${story.chats[0].slug}` } : {}),
      html: embedCode(baseUrl, story, size),
      width: size.width,
      height: size.height,
      cache_age: 3600,
    });
  });
}
