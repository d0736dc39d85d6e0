import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { h } from 'preact';
import { AppError, forbidden, unauthenticated } from '../../errors.ts';
import { policies } from '../../accounts/policies.ts';
import { sendPage } from '../../web/render.ts';
import { MAX_ICS_BYTES } from './import.schema.ts';
import { importCalendar } from './import.service.ts';
import { ImportFormPage, ImportReportPage, type ImportFormState } from './views/import.page.tsx';

/** The uploaded file as the multipart hook leaves it in the body. */
interface Upload {
  bytes: Buffer;
  truncated: boolean;
}

interface ImportForm {
  file?: Upload | string;
  hashtag?: string;
  _csrf?: string;
}

/**
 * `/chats/import`: an upload form over the same service as the API.
 * Multipart parsing is registered inside this plugin only; it reads the
 * whole (small) file into memory and marks it when it was cut at the limit,
 * so the form can say so instead of failing the request.
 */
export async function calendarImportPages(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_ICS_BYTES, files: 1, fields: 4, fieldSize: 4096, parts: 5 },
    async onFile(part: MultipartFile) {
      const bytes = await part.toBuffer();
      (part as MultipartFile & { value: Upload }).value = { bytes, truncated: part.file.truncated };
    },
  });

  const showForm = (request: FastifyRequest, reply: FastifyReply, form: ImportFormState, status = 200) =>
    sendPage(request, reply, (ctx) => ({ meta: { title: 'Import chats from a calendar' }, body: h(ImportFormPage, { ctx, form }) }), status);

  app.get('/chats/import', async (request, reply) => {
    if (!request.user) return reply.redirect(`/login?next=${encodeURIComponent('/chats/import')}`, 303);
    if (!policies.createChat(request.user)) throw forbidden('Only organizers and admins can import chats');
    return showForm(request, reply, { hashtag: '' });
  });

  app.post<{ Body: ImportForm }>('/chats/import', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!request.user) throw unauthenticated();
    if (!policies.createChat(request.user)) throw forbidden('Only organizers and admins can import chats');
    const body = request.body ?? {};
    const hashtag = typeof body.hashtag === 'string' ? body.hashtag : '';
    const upload = typeof body.file === 'object' && body.file !== null ? body.file : null;
    if (upload?.truncated) {
      return showForm(request, reply, { hashtag, error: 'The file was not imported.', fieldErrors: { file: `is larger than ${MAX_ICS_BYTES / 1024 / 1024} MB` } }, 413);
    }
    try {
      const report = await importCalendar(app.database.db, request.user, { bytes: upload?.bytes ?? Buffer.alloc(0), hashtag, fileField: 'file' });
      return sendPage(request, reply, (ctx) => ({ meta: { title: 'Import finished' }, body: h(ImportReportPage, { ctx, report }) }));
    } catch (error) {
      if (!(error instanceof AppError) || (error.field !== 'file' && error.field !== 'hashtag')) throw error;
      const message = error.message.slice(error.field.length + 2);
      const status = error.code === 'conflict' ? 409 : 422;
      return showForm(request, reply, { hashtag, error: 'Nothing was imported. Please correct the marked field.', fieldErrors: { [error.field]: message } }, status);
    }
  });
}
