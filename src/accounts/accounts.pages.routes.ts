import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { AppError } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../http/authentication.ts';
import { LOGIN_RATE_LIMIT, SIGNUP_RATE_LIMIT } from '../http/security.ts';
import { checkCredentials, endSession, signUp, startSession } from './accounts.service.ts';
import { LoginPage, SignupPage, type FormState } from './accounts.pages.tsx';

const LoginForm = Type.Object({
  handle: Type.String({ maxLength: 100 }),
  password: Type.String({ maxLength: 1000 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.Optional(Type.String()),
});

const SignupForm = Type.Object({
  handle: Type.String({ maxLength: 100 }),
  displayName: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 300 })),
  password: Type.String({ maxLength: 1000 }),
  _csrf: Type.Optional(Type.String()),
});

/** Only same-site paths: `next=//evil.example` must not become an open redirect. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export async function accountPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  const showLogin = (request: FastifyRequest, reply: FastifyReply, form: FormState, next: string, status = 200) =>
    sendPage(request, reply, (ctx) => ({ meta: { title: 'Sign in' }, body: h(LoginPage, { ctx, form, next }) }), status);
  const showSignup = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(request, reply, (ctx) => ({ meta: { title: 'Join' }, body: h(SignupPage, { ctx, form }) }), status);

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.next), 303);
    return showLogin(request, reply, { values: {} }, safeNext(request.query.next));
  });

  app.post<{ Body: Static<typeof LoginForm> }>(
    '/login',
    { schema: { body: LoginForm }, preHandler: app.csrfProtection, config: { rateLimit: LOGIN_RATE_LIMIT } },
    async (request, reply) => {
      const { handle, password } = request.body;
      const next = safeNext(request.body.next);
      const user = await checkCredentials(db, handle, password);
      if (!user) {
        return showLogin(request, reply, { values: { handle }, error: 'That handle and password do not match an account.' }, next, 401);
      }
      if (user.bannedAt !== null) {
        return showLogin(request, reply, { values: { handle }, error: 'This account has been suspended.' }, next, 403);
      }
      await rotateSession(app, request, reply, user);
      return reply.redirect(next, 303);
    },
  );

  app.get('/signup', async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    return showSignup(request, reply, { values: {} });
  });

  app.post<{ Body: Static<typeof SignupForm> }>(
    '/signup',
    { schema: { body: SignupForm }, preHandler: app.csrfProtection, config: { rateLimit: SIGNUP_RATE_LIMIT } },
    async (request, reply) => {
      const { handle, displayName, email } = request.body;
      const values = { handle, displayName: displayName ?? '', email: email ?? '' };
      try {
        const user = await signUp(db, { handle, displayName, email, password: request.body.password });
        await rotateSession(app, request, reply, user);
        return reply.redirect('/', 303);
      } catch (error) {
        if (error instanceof AppError && error.field) {
          const status = error.code === 'conflict' ? 409 : 422;
          const message = error.message.slice(error.field.length + 2);
          return showSignup(request, reply, { values, fieldErrors: { [error.field]: message }, error: 'Please correct the marked field.' }, status);
        }
        throw error;
      }
    },
  );

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await endSession(db, cookie);
    clearSessionCookie(reply);
    return reply.redirect('/', 303);
  });
}

/** A fresh session id at every sign-in, so a planted cookie can't be upgraded (session fixation). */
async function rotateSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, user: Parameters<typeof startSession>[1]) {
  const old = request.cookies[SESSION_COOKIE];
  if (old) await endSession(app.database.db, old);
  const secret = await startSession(app.database.db, user, { userAgent: request.headers['user-agent'] ?? null, ip: request.ip });
  setSessionCookie(app, reply, secret);
}
