import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { h } from 'preact';
import type { Static } from 'typebox';
import { AppError } from '../../errors.ts';
import { SlugParams } from '../../chats/chats.schema.ts';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import { sendPage } from '../../web/render.ts';
import { onTheForm } from './unrecognised-format.ts';
import { chatForImport, importHistory, planImport, refusedAtFirstSight, type ImportPlan } from './import.service.ts';
import { ImportFormPage, type ImportFormState } from './import.page.tsx';
import { formatBytes } from './pipeline/progress.ts';
import { BackgroundImports } from './runs/background-imports.ts';
import { makeUploadDir } from './upload-dirs.ts';
import { expandArchives } from './downloaded-archives.ts';
import { packedBytes, unpackedDirOf, UNPACK_WHILE_WAITING_BYTES } from './runs/unpack-uploads.ts';
import { recentRuns, startImportRun } from './runs/import-run.service.ts';
import { runUrl } from './runs/import-run.presenter.ts';
import { importRunPages } from './runs/import-runs.pages.routes.ts';

/** An uploaded file, already on disk: the multipart hook streams it there. */
interface Upload {
  path: string;
  fileName: string;
  truncated: boolean;
}

interface ImportForm {
  file?: Upload | Upload[] | string;
  format?: string;
  _csrf?: string;
}

const MAX_FILES = 10;

/** Temporary directories of a request's uploads, removed when its response is sent unless an import run took them over. */
const uploadDirs = new WeakMap<FastifyRequest, string[]>();

/**
 * `/chats/SLUG/import`: the upload form for a chat's organizer and admins.
 * Uploads stream to temporary files (an archive can be hundreds of MB);
 * once checked, they are imported in the background through the same
 * pipeline as `musesocial import`, and the answer is a redirect to the
 * run's progress page (`/chats/SLUG/imports/ID`) at once: a 1 GB upload
 * takes longer to import than proxies wait for an answer. Multipart
 * parsing is registered in this plugin only, beside the calendar
 * import's own.
 */
export async function archiveImportPages(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: app.config.uploadMaxBytes, files: MAX_FILES, fields: 4, fieldSize: 4096, parts: MAX_FILES + 4 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const dir = await makeUploadDir();
      uploadDirs.set(this, [...(uploadDirs.get(this) ?? []), dir]);
      // Only the base name: it names the file in reports and helps detection, never a path on this server.
      const fileName = path.basename(part.filename || 'upload').slice(0, 200) || 'upload';
      const target = path.join(dir, 'upload');
      await pipeline(part.file, fs.createWriteStream(target));
      (part as MultipartFile & { value: Upload }).value = { path: target, fileName, truncated: part.file.truncated };
    },
  });
  // Before the response leaves (so a client that sees it finds the files gone); again at the
  // end of the exchange for a request that failed or was cut off before sending.
  const removeUploads = async (request: FastifyRequest) => {
    const dirs = uploadDirs.get(request) ?? [];
    uploadDirs.delete(request);
    await Promise.all(dirs.map((dir) => fs.promises.rm(dir, { recursive: true, force: true })));
  };
  app.addHook('onSend', async (request, _reply, payload) => {
    await removeUploads(request);
    return payload;
  });
  app.addHook('onResponse', removeUploads);
  app.addHook('onRequestAbort', removeUploads);

  const db = app.database;
  // Imports outlive their request, not the server: a shutdown stops them between two batches and marks them interrupted.
  const jobs = new BackgroundImports();
  app.addHook('preClose', async () => jobs.askAllToStop());
  app.addHook('onClose', () => jobs.stopAll());
  await app.register(importRunPages);

  const showForm = async (request: FastifyRequest, reply: FastifyReply, chat: ChatDetails, form: ImportFormState, status = 200) => {
    const [history, runs] = await Promise.all([importHistory(db, chat), recentRuns(db, chat)]);
    return sendPage(request, reply, (ctx) => ({ meta: { title: `Import posts into ${chat.title}` }, body: h(ImportFormPage, { ctx, chat, form, history, runs, maxFileBytes: app.config.uploadMaxBytes }) }), status);
  };

  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug/import', { schema: { params: SlugParams } }, async (request, reply) => {
    if (!request.user) return reply.redirect(`/login?next=${encodeURIComponent(`/chats/${request.params.slug}/import`)}`, 303);
    const chat = await chatForImport(db, { via: 'web', user: request.user }, request.params.slug);
    return showForm(request, reply, chat, { format: '' });
  });

  app.post<{ Params: Static<typeof SlugParams>; Body: ImportForm }>(
    '/chats/:slug/import',
    {
      schema: { params: SlugParams },
      // Who may import is known from the session alone: refuse others before their upload is written to disk.
      preParsing: async (request) => {
        await chatForImport(db, { via: 'web', user: request.user }, (request.params as { slug: string }).slug);
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const actor = { via: 'web' as const, user: request.user };
      const chat = await chatForImport(db, actor, request.params.slug);
      const body = request.body ?? {};
      const format = typeof body.format === 'string' ? body.format : '';
      const uploads = (Array.isArray(body.file) ? body.file : [body.file]).filter((f): f is Upload => typeof f === 'object' && f !== null);
      const tooBig = uploads.find((u) => u.truncated);
      if (tooBig) {
        return showForm(request, reply, chat, { format, error: 'Nothing was imported.', fieldErrors: { file: `${tooBig.fileName} is larger than the ${formatBytes(app.config.uploadMaxBytes)} a file may be here; an admin can import it with musesocial import on the server` } }, 413);
      }
      const received = uploads.map(({ path, fileName }) => ({ path, fileName }));
      // Big packed files are opened by the run, after this answer (unpack-uploads.ts); the form checks what it can of them now.
      const unpackLater = (await packedBytes(received)) > UNPACK_WHILE_WAITING_BYTES;
      let plan: ImportPlan;
      try {
        // A packed file (an archive's zip or tarball, a gzipped file) is unpacked beside it (only the files imported), in the upload's own folder, removed with it.
        const { files } = unpackLater ? { files: received } : await expandArchives(received, unpackedDirOf);
        plan = await planImport(db, actor, chat.slug, { files, format });
      } catch (error) {
        if (!(error instanceof AppError) || (error.field !== 'file' && error.field !== 'format')) throw error;
        const message = error.message.slice(error.field.length + 2);
        return showForm(request, reply, chat, { format, error: 'Nothing was imported. Please correct the marked field.', fieldErrors: { [error.field]: message } }, 422);
      }
      // Every file refused from its first bytes (binary, compressed, format unknown): say why, next to the field.
      // Files the run will unpack are looked at by the run (its page then says why).
      const refused = unpackLater ? null : await refusedAtFirstSight(plan);
      if (refused?.every((reason) => reason !== null)) {
        const reasons = plan.files.map((f, i) => `${f.fileName}: ${onTheForm(refused[i]!)}`).join('; ');
        return showForm(request, reply, chat, { format, error: 'Nothing was imported.', fieldErrors: { file: reasons } }, 422);
      }
      const runId = await startImportRun(db, jobs, app.log, { user: request.user!, plan, requestedFormat: format || null, uploadDirs: uploadDirs.get(request) ?? [], ...(unpackLater ? { unpackFirst: received } : {}) });
      // The run owns the files now: they go when it ends, not with this response.
      uploadDirs.delete(request);
      return reply.redirect(runUrl(chat.slug, runId), 303);
    },
  );
}
