import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createApiToken } from '../../src/accounts/accounts.service.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildUser, sessionCookieFor, TEST_PASSWORD } from '../support/factories.ts';

const html = { accept: 'text/html' };
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

for (const target of databaseTargets()) {
  describe(`sessions and API tokens on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    /** Logs in with the form; `cookie` is what the browser already holds (e.g. a planted session). */
    async function logIn(handle: string, app = t, cookie = '') {
      const csrf = await formCsrf(app.app, '/login');
      const body = form({ handle, password: TEST_PASSWORD, _csrf: csrf.token });
      return app.app.inject({ method: 'POST', url: '/login', payload: body.payload, headers: { ...body.headers, ...html, cookie: [cookie, csrf.cookie].filter(Boolean).join('; ') } });
    }
    const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/v1/me', headers });

    it('sets the session cookie HttpOnly and SameSite=Lax, and Secure under an https BASE_URL', async () => {
      const user = await buildUser(t.database.db);
      const plain = (await logIn(user.handle)).cookies.find((c) => c.name === 'musesocial_session');
      assert.ok(plain, 'a session cookie is set');
      assert.equal(plain.httpOnly, true);
      assert.equal(plain.sameSite, 'Lax');
      assert.ok(!plain.secure, 'no Secure flag over plain http (the cookie would never come back)');

      const secureApp = await buildTestApp(target.kind, { BASE_URL: 'https://musesocial.example' });
      try {
        const secureUser = await buildUser(secureApp.database.db);
        const response = await logIn(secureUser.handle, secureApp);
        const cookie = response.cookies.find((c) => c.name === 'musesocial_session');
        assert.equal(cookie?.secure, true);
        assert.equal(cookie?.httpOnly, true);
        assert.equal(cookie?.sameSite, 'Lax');
        const csrfCookie = response.cookies.find((c) => c.name === '_csrf');
        if (csrfCookie) assert.equal(csrfCookie.secure, true, 'the CSRF cookie is Secure too');
        assert.match(String(response.headers['strict-transport-security']), /max-age=/);
      } finally {
        await secureApp.close();
      }
    });

    it('rotates the session on log-in: a planted cookie is replaced and stops working', async () => {
      const user = await buildUser(t.database.db);
      const planted = await sessionCookieFor(t.database.db, user);
      const response = await logIn(user.handle, t, planted);
      assert.equal(response.statusCode, 303);
      const fresh = response.cookies.find((c) => c.name === 'musesocial_session')!;
      assert.notEqual(`musesocial_session=${fresh.value}`, planted);
      assert.equal((await me({ cookie: planted })).statusCode, 401, 'the old session is ended');
      assert.equal((await me({ cookie: `musesocial_session=${fresh.value}` })).statusCode, 200);
    });

    it('logs out everywhere: every session of the account ends, other accounts and API tokens keep working', async () => {
      const user = await buildUser(t.database.db);
      const other = await buildUser(t.database.db);
      const laptop = await sessionCookieFor(t.database.db, user);
      const phone = await sessionCookieFor(t.database.db, user);
      const otherSession = await sessionCookieFor(t.database.db, other);
      const token = await bearerFor(t.database.db, user);

      const settings = await t.app.inject({ url: '/settings', headers: { ...html, cookie: laptop } });
      assert.match(settings.body, /<form method="post" action="\/settings\/sessions\/end-all"/);
      const csrf = await formCsrf(t.app, '/settings', laptop);
      const body = form({ _csrf: csrf.token });
      const response = await t.app.inject({ method: 'POST', url: '/settings/sessions/end-all', payload: body.payload, headers: { ...body.headers, ...html, cookie: csrf.cookie } });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/login');

      assert.equal((await me({ cookie: laptop })).statusCode, 401);
      assert.equal((await me({ cookie: phone })).statusCode, 401);
      assert.equal((await me({ cookie: otherSession })).statusCode, 200);
      assert.equal((await me(token)).statusCode, 200, 'API tokens are revoked one by one, not by logging out');
      const left = await t.database.db.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();
      assert.equal(left.length, 0);
    });

    it('refuses "log out everywhere" without the CSRF token', async () => {
      const user = await buildUser(t.database.db);
      const cookie = await sessionCookieFor(t.database.db, user);
      const body = form({});
      const response = await t.app.inject({ method: 'POST', url: '/settings/sessions/end-all', payload: body.payload, headers: { ...body.headers, ...html, cookie } });
      assert.equal(response.statusCode, 403);
      assert.equal((await me({ cookie })).statusCode, 200);
    });

    it('stores API tokens and sessions only as SHA-256 hashes', async () => {
      const user = await buildUser(t.database.db);
      const token = await createApiToken(t.database.db, user, 'script');
      const cookie = (await sessionCookieFor(t.database.db, user)).split('=')[1]!;
      const tokenRow = await t.database.db.selectFrom('apiTokens').selectAll().where('userId', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(tokenRow.tokenHash, sha256(token));
      assert.ok(!Object.values(tokenRow).some((value) => String(value).includes(token)), 'no column holds the token');
      assert.equal(tokenRow.prefix, token.slice(0, 10), 'only a short prefix, to recognise it');
      const sessionRow = await t.database.db.selectFrom('sessions').selectAll().where('userId', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(sessionRow.tokenHash, sha256(cookie));
      assert.ok(!Object.values(sessionRow).some((value) => String(value).includes(cookie)));
    });

    it('revokes an API token through the API: it stops working at once; another account’s token reads as not found', async () => {
      const user = await buildUser(t.database.db);
      const other = await buildUser(t.database.db);
      const auth = await bearerFor(t.database.db, user);
      const doomed = await createApiToken(t.database.db, user, 'old laptop');
      const othersToken = await createApiToken(t.database.db, other, 'theirs');

      const list = await t.app.inject({ url: '/api/v1/tokens', headers: auth });
      assert.equal(list.statusCode, 200);
      const tokens = list.json().tokens as Array<{ id: string; name: string; prefix: string }>;
      assert.deepEqual(tokens.map((x) => x.name).sort(), ['old laptop', 'test']);
      assert.ok(!list.body.includes(doomed), 'the secret is never shown again');
      const doomedId = tokens.find((x) => x.name === 'old laptop')!.id;

      const othersId = (await t.database.db.selectFrom('apiTokens').select('id').where('userId', '=', other.id).executeTakeFirstOrThrow()).id;
      const notYours = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${othersId}`, headers: auth });
      assert.equal(notYours.statusCode, 404);
      assert.equal((await me({ authorization: `Bearer ${othersToken}` })).statusCode, 200);

      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${doomedId}`, headers: auth });
      assert.equal(revoked.statusCode, 204);
      const after = await me({ authorization: `Bearer ${doomed}` });
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().error.code, 'unauthenticated');
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${doomedId}`, headers: auth })).statusCode, 404, 'revoked once');
      assert.equal((await me(auth)).statusCode, 200);
    });

    it('lists tokens on /settings and revokes one with its form', async () => {
      const user = await buildUser(t.database.db);
      const token = await createApiToken(t.database.db, user, 'CI <script>');
      const cookie = await sessionCookieFor(t.database.db, user);
      const page = await t.app.inject({ url: '/settings', headers: { ...html, cookie } });
      assert.ok(page.body.includes('CI &lt;script') && !page.body.includes('CI <script'), 'the name is escaped');
      assert.ok(page.body.includes(token.slice(0, 10)) && !page.body.includes(token));
      const action = /action="(\/settings\/tokens\/\d+\/revoke)"/.exec(page.body)?.[1];
      assert.ok(action);
      const csrf = await formCsrf(t.app, '/settings', cookie);
      const body = form({ _csrf: csrf.token });
      const response = await t.app.inject({ method: 'POST', url: action, payload: body.payload, headers: { ...body.headers, ...html, cookie: csrf.cookie } });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/settings?saved=revoked');
      assert.equal((await me({ authorization: `Bearer ${token}` })).statusCode, 401);
      const after = await t.app.inject({ url: '/settings?saved=revoked', headers: { ...html, cookie } });
      assert.match(after.body, /The API token is revoked/);
      assert.match(after.body, /You have no API tokens/);
    });
  });
}
