import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { sendPage } from '../../../web/render.ts';
import { SlugParams } from '../../../chats/chats.schema.ts';
import { visibleRun } from './import-run.service.ts';
import { ImportRunPage, RELOAD_SECONDS, runHeading } from './import-run.page.tsx';

// `/chats/SLUG/imports/12`, or its JSON: `/chats/SLUG/imports/12.json`.
const RunParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200 }),
  id: Type.String({ pattern: '^[0-9]{1,15}(\\.json)?$' }),
});

/**
 * An upload's import run: the progress page and the JSON its script polls.
 * Both read the run from the database, so any process can serve them
 * while another one imports. Only the chat's organizer and admins see it
 * (the upload form's rule).
 */
export async function importRunPages(app: FastifyInstance): Promise<void> {
  const database = app.database;

  // The runs have no list of their own: the import form lists the latest uploads and earlier imports.
  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug/imports', { schema: { params: SlugParams } }, async (request, reply) =>
    reply.redirect(`/chats/${encodeURIComponent(request.params.slug)}/import#import-history`, 301),
  );

  app.get<{ Params: Static<typeof RunParams> }>('/chats/:slug/imports/:id', { schema: { params: RunParams } }, async (request, reply) => {
    const [rawId, suffix] = request.params.id.split('.');
    const json = suffix === 'json';
    if (!request.user && !json) return reply.redirect(`/login?next=${encodeURIComponent(`/chats/${request.params.slug}/imports/${rawId}`)}`, 303);
    const { chat, run } = await visibleRun(database, request.user, request.params.slug, Number(rawId));
    // Progress changes by the second: never from a cache.
    reply.header('cache-control', 'no-store');
    if (json) return reply.type('application/json; charset=utf-8').send(run);
    return sendPage(request, reply, () => ({
      meta: { title: run.status === 'running' ? `Importing into ${chat.title}` : `${runHeading(run)}: ${chat.title}`, ...(run.status === 'running' ? { reloadWithoutScriptSeconds: RELOAD_SECONDS } : {}) },
      body: h(ImportRunPage, { chat, run }),
    }));
  });
}
