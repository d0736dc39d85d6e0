import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, cookiesOf, form, formCsrf, type TestApp } from '../support/app.ts';
import { buildUser, TEST_PASSWORD, bearerFor } from '../support/factories.ts';
import { findUserByHandle } from '../../src/accounts/users.repository.ts';

for (const target of databaseTargets()) {
  describe(`accounts on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('signs up through the form, hashes the password and starts a session', async () => {
      const csrf = await formCsrf(t.app, '/signup');
      const response = await t.app.inject({
        method: 'POST',
        url: '/signup',
        ...withCookie(form({ handle: 'Dana_O', displayName: 'Dana Okafor', password: 'a very good password', _csrf: csrf.token }), csrf.cookie),
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/');
      const session = response.cookies.find((c) => c.name === 'musesocial_session');
      assert.ok(session, 'session cookie set');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');

      const user = await findUserByHandle(t.database.db, 'dana_o');
      assert.ok(user);
      assert.equal(user.role, 'member');
      assert.match(user.passwordHash, /^\$scrypt\$ln=17,r=8,p=1\$/);
      assert.ok(!user.passwordHash.includes('a very good password'));

      const home = await t.app.inject({ url: '/', headers: { cookie: `musesocial_session=${session.value}`, accept: 'text/html' } });
      assert.match(home.body, /@dana_o/);
    });

    it('refuses a form without a valid CSRF token and stores nothing', async () => {
      const csrf = await formCsrf(t.app, '/signup');
      const forged = await t.app.inject({ method: 'POST', url: '/signup', ...withCookie(form({ handle: 'mallory', password: 'a very good password', _csrf: 'forged' }), csrf.cookie) });
      assert.equal(forged.statusCode, 403);
      const missing = await t.app.inject({ method: 'POST', url: '/signup', ...form({ handle: 'mallory', password: 'a very good password' }) });
      assert.equal(missing.statusCode, 403);
      assert.equal(JSON.parse(missing.body).error.code, 'csrf_failed');
      assert.equal(await findUserByHandle(t.database.db, 'mallory'), undefined);
    });

    it('explains a taken handle and a short password next to the field', async () => {
      await buildUser(t.database.db, { handle: 'sam' });
      const csrf = await formCsrf(t.app, '/signup');
      const taken = await t.app.inject({
        method: 'POST',
        url: '/signup',
        ...withCookie(form({ handle: 'SAM', password: 'a very good password', _csrf: csrf.token }), csrf.cookie),
        headers: { ...form({}).headers, cookie: csrf.cookie, accept: 'text/html' },
      });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /@sam is already taken/);
      assert.match(taken.body, /aria-invalid="true"/);

      const short = await t.app.inject({ method: 'POST', url: '/signup', ...withCookie(form({ handle: 'newbie', password: 'short', _csrf: csrf.token }), csrf.cookie) });
      assert.equal(short.statusCode, 422);
      assert.match(short.body, /at least 10 characters/);
    });

    it('logs in, rotates the session, and logs out server-side', async () => {
      const user = await buildUser(t.database.db, { handle: 'priya' });
      const csrf = await formCsrf(t.app, '/login');
      const planted = 'musesocial_session=planted-by-attacker';
      const login = await t.app.inject({
        method: 'POST',
        url: '/login',
        ...withCookie(form({ handle: '@Priya', password: TEST_PASSWORD, next: '/chats', _csrf: csrf.token }), `${csrf.cookie}; ${planted}`),
      });
      assert.equal(login.statusCode, 303);
      assert.equal(login.headers.location, '/chats');
      const session = login.cookies.find((c) => c.name === 'musesocial_session' && c.value !== '');
      assert.ok(session);
      assert.notEqual(session.value, 'planted-by-attacker');
      const cookie = `musesocial_session=${session.value}`;

      const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      assert.equal(JSON.parse(me.body).handle, user.handle);

      const page = await formCsrf(t.app, '/', cookie);
      const logout = await t.app.inject({ method: 'POST', url: '/logout', ...withCookie(form({ _csrf: page.token }), page.cookie) });
      assert.equal(logout.statusCode, 303);
      const after = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
      assert.equal(after.statusCode, 401, 'the old cookie no longer works');
    });

    it('rejects a wrong password without saying whether the handle exists', async () => {
      await buildUser(t.database.db, { handle: 'lee' });
      const csrf = await formCsrf(t.app, '/login');
      const wrong = await t.app.inject({ method: 'POST', url: '/login', ...withCookie(form({ handle: 'lee', password: 'not the password', _csrf: csrf.token }), csrf.cookie) });
      const unknown = await t.app.inject({ method: 'POST', url: '/login', ...withCookie(form({ handle: 'nobody', password: 'not the password', _csrf: csrf.token }), csrf.cookie) });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.match(wrong.body, /do not match an account/);
      assert.match(unknown.body, /do not match an account/);
    });

    it('does not redirect off-site after log-in', async () => {
      await buildUser(t.database.db, { handle: 'marco' });
      const csrf = await formCsrf(t.app, '/login');
      const response = await t.app.inject({ method: 'POST', url: '/login', ...withCookie(form({ handle: 'marco', password: TEST_PASSWORD, next: '//evil.example/', _csrf: csrf.token }), csrf.cookie) });
      assert.equal(response.headers.location, '/');
    });

    it('refuses banned accounts at log-in and on the API', async () => {
      const banned = await buildUser(t.database.db, { handle: 'troll', bannedAt: Date.now() });
      const csrf = await formCsrf(t.app, '/login');
      const login = await t.app.inject({ method: 'POST', url: '/login', ...withCookie(form({ handle: 'troll', password: TEST_PASSWORD, _csrf: csrf.token }), csrf.cookie) });
      assert.equal(login.statusCode, 403);
      const me = await t.app.inject({ url: '/api/v1/me', headers: await bearerFor(t.database.db, banned) });
      assert.equal(me.statusCode, 200, 'a banned account can still read');
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/v1/chats',
        headers: await bearerFor(t.database.db, await promote(t, banned.handle)),
        payload: { title: 'Nope', hashtags: ['x'], startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z', timeZone: 'UTC' },
      });
      assert.equal(post.statusCode, 403, 'but not write, even as an organizer');
    });

    it('rate-limits log-in attempts per address (25 per 5 minutes)', async () => {
      const csrf = await formCsrf(t.app, '/login');
      // A forged X-Forwarded-For must not make each attempt look like a new address.
      let n = 0;
      const attempt = () => {
        const request = withCookie(form({ handle: 'x', password: 'y', _csrf: csrf.token }), csrf.cookie);
        return t.app.inject({ method: 'POST', url: '/login', remoteAddress: '203.0.113.7', payload: request.payload, headers: { ...request.headers, 'x-forwarded-for': `10.9.8.${n++}` } });
      };
      // Wrong credentials cost a full scrypt each; the limiter must answer before that.
      const statuses: number[] = [];
      for (let i = 0; i < 26; i++) statuses.push((await attempt()).statusCode);
      assert.deepEqual(statuses.slice(0, 25), Array(25).fill(401));
      assert.equal(statuses[25], 429);
      const limited = await attempt();
      assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After header');
      const other = await t.app.inject({ method: 'POST', url: '/login', remoteAddress: '198.51.100.1', ...withCookie(form({ handle: 'x', password: 'y', _csrf: csrf.token }), csrf.cookie) });
      assert.equal(other.statusCode, 401, 'another address is not limited');
    });

    it('accepts API tokens as Bearer and rejects unknown ones loudly', async () => {
      const user = await buildUser(t.database.db, { handle: 'ana', role: 'organizer' });
      const me = await t.app.inject({ url: '/api/v1/me', headers: await bearerFor(t.database.db, user) });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(JSON.parse(me.body).role, 'organizer');
      assert.equal(JSON.parse(me.body).email, undefined, 'no private fields');
      const bad = await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer mst_nope' } });
      assert.equal(bad.statusCode, 401);
      assert.equal(JSON.parse(bad.body).error.code, 'unauthenticated');
    });

    it('sends security headers', async () => {
      const response = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
      assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.ok(response.headers['x-frame-options']);
      assert.ok(response.headers['referrer-policy']);
    });

    it('keeps cookies of the previous response out of the next test', () => {
      // Nothing to share: every test builds its own app and database.
      assert.equal(typeof cookiesOf, 'function');
    });
  });
}

async function promote(t: TestApp, handle: string) {
  await t.database.db.updateTable('users').set({ role: 'organizer' }).where('handle', '=', handle).execute();
  return (await findUserByHandle(t.database.db, handle))!;
}

function withCookie(request: { payload: string; headers: Record<string, string> }, cookie: string) {
  return { payload: request.payload, headers: { ...request.headers, cookie } };
}
