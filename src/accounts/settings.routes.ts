import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { AppError } from '../errors.ts';
import { requireUser } from '../http/authentication.ts';
import { sendPage } from '../web/render.ts';
import type { FormState } from './accounts.pages.tsx';
import { SettingsPage } from './settings.page.tsx';
import { updateProfile } from './settings.service.ts';
import { endAllSessions, ownApiTokens, revokeApiTokenOf } from './credentials.service.ts';
import { clearSessionCookie } from '../http/authentication.ts';

const SettingsForm = Type.Object({
  displayName: Type.Optional(Type.String({ maxLength: 1000 })),
  bio: Type.Optional(Type.String({ maxLength: 5000 })),
  timeZone: Type.Optional(Type.String({ maxLength: 100 })),
  _csrf: Type.Optional(Type.String()),
});

const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String()) });
const TokenParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** `/settings`: a signed-in member's display name, bio and time zone. */
export async function settingsPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const show = async (request: FastifyRequest, reply: FastifyReply, form: FormState, saved: boolean | 'revoked', status = 200) => {
    const tokens = await ownApiTokens(db, requireUser(request));
    return sendPage(request, reply, (ctx) => ({ meta: { title: 'Settings' }, body: h(SettingsPage, { ctx, form, saved, tokens }) }), status);
  };

  app.get<{ Querystring: { saved?: string } }>('/settings', async (request, reply) => {
    if (!request.user) return reply.redirect('/login?next=%2Fsettings', 303);
    const { displayName, bio, timeZone } = request.user;
    return show(request, reply, { values: { displayName, bio, timeZone: timeZone ?? '' } }, request.query.saved === 'revoked' ? 'revoked' : request.query.saved === '1');
  });

  // Log out everywhere: every session of the account ends, this one too (API tokens are revoked one by one below).
  app.post<{ Body: Static<typeof CsrfOnly> }>('/settings/sessions/end-all', { schema: { body: CsrfOnly }, preHandler: app.csrfProtection }, async (request, reply) => {
    await endAllSessions(db, request.user);
    clearSessionCookie(reply);
    return reply.redirect('/login', 303);
  });

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof CsrfOnly> }>(
    '/settings/tokens/:id/revoke',
    { schema: { params: TokenParams, body: CsrfOnly }, preHandler: app.csrfProtection },
    async (request, reply) => {
      await revokeApiTokenOf(db, request.user, request.params.id);
      return reply.redirect('/settings?saved=revoked', 303);
    },
  );

  app.post<{ Body: Static<typeof SettingsForm> }>('/settings', { schema: { body: SettingsForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const user = requireUser(request);
    const values = { displayName: request.body.displayName ?? '', bio: request.body.bio ?? '', timeZone: request.body.timeZone ?? '' };
    try {
      await updateProfile(db, user, values);
      // Post/redirect/get: a reload does not resubmit, and the page renders in the new zone.
      return reply.redirect('/settings?saved=1', 303);
    } catch (error) {
      if (error instanceof AppError && error.field) {
        const message = error.message.slice(error.field.length + 2);
        return show(request, reply, { values, fieldErrors: { [error.field]: message }, error: 'Please correct the marked field.' }, false, 422);
      }
      throw error;
    }
  });
}
