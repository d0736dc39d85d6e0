import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { SlugParams } from '../../chats/chats.schema.ts';
import { getVisibleChat } from '../../chats/chats.service.ts';
import { EXPORT_FORMATS, exportFileName, exportPath } from './export-formats.ts';
import { runExport } from './export.service.ts';
import { ExportAborted } from './sink.ts';

/**
 * Downloads of a whole transcript: `/chats/SLUG/transcript.csv` and the
 * other formats, for anyone who may read the chat. The response streams
 * while the database is read, so the first bytes leave at once and a
 * 100,000-post chat never sits in memory.
 */
export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  for (const format of EXPORT_FORMATS) {
    app.get<{ Params: Static<typeof SlugParams> }>(exportPath(':slug', format), { schema: { params: SlugParams } }, async (request, reply) => {
      const chat = await getVisibleChat(db, request.params.slug, request.user);
      const out = new PassThrough();
      runExport({ db, chat, baseUrl: app.config.baseUrl, now: Date.now() }, format.name, out).catch((error: unknown) => {
        if (out.destroyed || error instanceof ExportAborted) return; // the reader cancelled the download
        // Headers are gone by now: all we can do is cut the download short so it is not taken for complete.
        request.log.error({ err: error, chat: chat.slug, format: format.name }, 'export failed');
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply
        .type(format.contentType)
        .header('content-disposition', `attachment; filename="${exportFileName(chat.slug, format)}"`)
        .header('cache-control', 'no-store')
        .send(out);
    });
  }
}
