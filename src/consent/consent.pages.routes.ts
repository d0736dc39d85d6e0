import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { AppError, notFound } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import { findUserByHandle } from '../accounts/users.repository.ts';
import { publishAll } from '../live/live.api.ts';
import { carryOutRequest, consentOverview, declineRequest, describeDone, forgetAsAdmin, pendingRequestFor, previewForget, requestRemoval, type AdminForgetInput } from './consent.service.ts';
import { ConsentAdminPage, type ForgetFormState } from './views/consent-admin.page.tsx';
import { ConsentConfirmPage } from './views/consent-confirm.page.tsx';
import { ConsentRequestPage } from './views/consent-request.page.tsx';
import type { ConsentFormState } from './views/consent-request-form.tsx';

const Mode = Type.Enum(['remove', 'anonymise']);
// Lengths are checked by the service, so an over-long field comes back on the form.
const Text = Type.String({ maxLength: 20_000 });

const ForgetForm = Type.Object({
  author: Type.String({ maxLength: 1000 }),
  network: Type.Optional(Type.String({ maxLength: 20 })),
  mode: Mode,
  requestedBy: Text,
  reason: Type.Optional(Text),
  confirm: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String()),
});
const RequestAction = Type.Object({
  action: Type.Enum(['carry-out', 'decline']),
  mode: Type.Optional(Mode),
  note: Type.Optional(Text),
  _csrf: Type.Optional(Type.String()),
});
const RequestParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const MemberRequest = Type.Object({ mode: Mode, reason: Type.Optional(Text), _csrf: Type.Optional(Type.String()) });
const HandleParams = Type.Object({ handle: Type.String({ maxLength: 100 }) });
const NoticeQuery = Type.Object({ done: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$', maxLength: 200 })), declined: Type.Optional(Type.String({ maxLength: 10 })) });

/** Consent pages: the admins' `/admin/consent` and the member's request from their profile. */
export async function consentPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  const showAdmin = async (request: FastifyRequest, reply: FastifyReply, form: ForgetFormState, notice: string | null, status = 200) => {
    const overview = await consentOverview(db, request.user);
    return sendPage(request, reply, (ctx) => ({ meta: { title: 'Consent' }, body: h(ConsentAdminPage, { ctx, overview, form, notice }) }), status);
  };

  app.get<{ Querystring: Static<typeof NoticeQuery> }>('/admin/consent', { schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const { done, declined } = request.query;
    const notice = done ? await describeDone(db, request.user, done.split(',').map(Number)) : declined ? 'Request declined.' : null;
    return showAdmin(request, reply, { values: {}, errors: {} }, notice);
  });

  app.post<{ Body: Static<typeof ForgetForm> }>('/admin/consent/forget', { schema: { body: ForgetForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const body = request.body;
    const input: AdminForgetInput = { author: body.author, mode: body.mode, requestedBy: body.requestedBy, reason: body.reason ?? '', ...(body.network ? { network: body.network } : {}) };
    const refuse = (errors: Record<string, string>) => showAdmin(request, reply, { values: { ...input, network: body.network ?? 'any' }, errors }, null, 400);
    const fieldError = (error: unknown): Record<string, string> => {
      if (!(error instanceof AppError) || error.code !== 'validation_failed' || !error.field) throw error;
      return { [error.field]: error.message.slice(error.field.length + 2) };
    };
    if (body.confirm !== 'yes') {
      // Every field's problem at once: the author is looked up, and who asked must be said, whatever the other is.
      const errors: Record<string, string> = input.requestedBy.trim() ? {} : { requestedBy: 'say who asked, and how (it goes in the log)' };
      const authors = await previewForget(db, request.user, input.author, input.network).catch((error: unknown) => (Object.assign(errors, fieldError(error)), null));
      if (!authors || Object.keys(errors).length > 0) return refuse(errors);
      return sendPage(request, reply, (ctx) => ({ meta: { title: 'Confirm' }, body: h(ConsentConfirmPage, { ctx, authors, input }) }));
    }
    try {
      const report = await forgetAsAdmin(db, request.user, input);
      await publishAll(app, report.liveEvents);
      return reply.redirect(`/admin/consent?done=${report.logIds.join(',')}`, 303);
    } catch (error) {
      return refuse(fieldError(error));
    }
  });

  app.post<{ Params: Static<typeof RequestParams>; Body: Static<typeof RequestAction> }>(
    '/admin/consent/requests/:id',
    { schema: { params: RequestParams, body: RequestAction }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { action, mode, note } = request.body;
      if (action === 'decline') {
        await declineRequest(db, request.user, request.params.id, note ?? '');
        return reply.redirect('/admin/consent?declined=1', 303);
      }
      const report = await carryOutRequest(db, request.user, request.params.id, mode ?? 'remove');
      await publishAll(app, report.liveEvents);
      return reply.redirect(`/admin/consent?done=${report.logIds.join(',')}`, 303);
    },
  );

  const member = async (request: FastifyRequest<{ Params: Static<typeof HandleParams> }>) => {
    const user = await findUserByHandle(db, request.params.handle);
    if (!user) throw notFound(`@${request.params.handle}`);
    return user;
  };
  const showRequest = async (request: FastifyRequest<{ Params: Static<typeof HandleParams> }>, reply: FastifyReply, form: ConsentFormState, status = 200) => {
    const user = await member(request);
    const pending = request.user?.id === user.id ? ((await pendingRequestFor(db, user)) ?? null) : null;
    return sendPage(request, reply, (ctx) => ({ meta: { title: 'Remove my posts' }, body: h(ConsentRequestPage, { ctx, user, pending, form }) }), status);
  };

  app.get<{ Params: Static<typeof HandleParams> }>('/@:handle/consent-request', { schema: { params: HandleParams } }, async (request, reply) =>
    showRequest(request, reply, { values: {}, errors: {} }),
  );

  app.post<{ Params: Static<typeof HandleParams>; Body: Static<typeof MemberRequest> }>(
    '/@:handle/consent-request',
    { schema: { params: HandleParams, body: MemberRequest }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const user = await member(request);
      try {
        await requestRemoval(db, request.user, user, { mode: request.body.mode, reason: request.body.reason ?? '' });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation_failed' || !error.field) throw error;
        const errors = { [error.field]: error.message.slice(error.field.length + 2) };
        return showRequest(request, reply, { values: { mode: request.body.mode, reason: request.body.reason ?? '' }, errors }, 400);
      }
      return reply.redirect(`/@${user.handle}#consent`, 303);
    },
  );
}
