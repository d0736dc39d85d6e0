import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';

/**
 * The limits modelled on Mastodon's defaults, over HTTP: sign-in 25 per
 * 5 minutes per address, reads without an account 300 per 5 minutes per
 * address, posting 10 at once then one every 5 s per account. Each answers
 * 429 with Retry-After. With REDIS_URL, the HTTP limits are counted in
 * Redis, so two processes share one budget.
 *
 * SQLite only: the limits live in memory or Redis, not in the database.
 */
const REDIS_URL = process.env.MUSESOCIAL_TEST_REDIS_URL ?? '';

describe('rate limits', () => {
  const apps: TestApp[] = [];
  const open = async (env: Record<string, string> = {}) => {
    const t = await buildTestApp('sqlite', env);
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  /**
   * A sign-in attempt that fails before the password check (no CSRF token):
   * the limit counts every attempt before anything else runs, and skipping
   * scrypt keeps 25 attempts fast. One real wrong password shows the order.
   */
  async function failedLogIn(t: TestApp) {
    const body = form({ handle: 'nobody', password: 'wrong password here' });
    return t.app.inject({ method: 'POST', url: '/login', payload: body.payload, headers: { ...body.headers, accept: 'application/json' } });
  }
  async function wrongPassword(t: TestApp) {
    const csrf = await formCsrf(t.app, '/login');
    const body = form({ handle: 'nobody', password: 'wrong password here', _csrf: csrf.token });
    return t.app.inject({ method: 'POST', url: '/login', payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie, accept: 'application/json' } });
  }

  function assertLimited(response: { statusCode: number; headers: Record<string, unknown>; body: string }, maxSeconds: number) {
    assert.equal(response.statusCode, 429, response.body.slice(0, 200));
    const retryAfter = Number(response.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= maxSeconds, `Retry-After ${response.headers['retry-after']}`);
  }

  it('allows 25 sign-in attempts per 5 minutes per address, then answers 429 with Retry-After', async () => {
    const t = await open();
    assert.equal((await wrongPassword(t)).statusCode, 401);
    for (let n = 2; n <= 25; n++) assert.equal((await failedLogIn(t)).statusCode, 403, `attempt ${n}`);
    const limited = await failedLogIn(t);
    assertLimited(limited, 300);
    assert.equal(JSON.parse(limited.body).error.code, 'rate_limited');
  });

  it('allows 300 reads per 5 minutes without an account; members, static files and probes are not counted', async () => {
    const t = await open();
    const member = await buildUser(t.database.db);
    const cookie = await sessionCookieFor(t.database.db, member);
    for (let n = 1; n <= 300; n++) {
      const response = await t.app.inject({ url: n % 2 ? '/api/v1/chats' : '/chats' });
      assert.equal(response.statusCode, 200, `read ${n}`);
    }
    const api = await t.app.inject({ url: '/api/v1/chats' });
    assertLimited(api, 300);
    assert.equal(api.json().error.code, 'rate_limited');
    const page = await t.app.inject({ url: '/chats', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 429);
    assert.match(String(page.headers['content-type']), /text\/html/, 'browsers get the error page');

    // A made-up session cookie resolves to no one, so it is still counted.
    assert.equal((await t.app.inject({ url: '/api/v1/chats', headers: { cookie: 'musesocial_session=made-up' } })).statusCode, 429);
    assert.equal((await t.app.inject({ url: '/api/v1/chats', headers: { cookie } })).statusCode, 200, 'signed-in members are not limited');
    assert.equal((await t.app.inject({ url: '/api/v1/chats', headers: await bearerFor(t.database.db, member) })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/assets/styles.css' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
    // Another address has its own budget.
    assert.equal((await t.app.inject({ url: '/api/v1/chats', remoteAddress: '192.0.2.7' })).statusCode, 200);
  });

  it('takes the read budget from ANONYMOUS_READ_LIMIT, and 0 turns it off', async () => {
    const small = await open({ ANONYMOUS_READ_LIMIT: '2' });
    assert.equal((await small.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assert.equal((await small.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assert.equal((await small.app.inject({ url: '/api/v1/chats' })).statusCode, 429);
    const off = await open({ ANONYMOUS_READ_LIMIT: '0' });
    for (let n = 0; n < 20; n++) assert.equal((await off.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assert.throws(() => loadConfig({ ANONYMOUS_READ_LIMIT: 'lots' }), (error: Error) => error instanceof ConfigError && /ANONYMOUS_READ_LIMIT: must be a whole number/.test(error.message));
  });

  it('lets an account post 10 times at once, then once every 5 s, answering 429 with Retry-After', async () => {
    const t = await open();
    const organizer = await buildUser(t.database.db, { role: 'organizer' });
    const chat = await buildChat(t.database.db, organizer, { startsInHours: -0.5 });
    const poster = await buildUser(t.database.db);
    const auth = await bearerFor(t.database.db, poster);
    const post = (n: number) => t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: auth, payload: { text: `Post number ${n}` } });
    for (let n = 1; n <= 10; n++) assert.equal((await post(n)).statusCode, 201, `post ${n}`);
    const limited = await post(11);
    assertLimited(limited, 5);
    assert.equal(limited.json().error.code, 'rate_limited');
    const stored = await t.database.db.selectFrom('posts').select('id').where('chatId', '=', chat.id).execute();
    assert.equal(stored.length, 10, 'the refused post is not stored');
    // Someone else still has their own burst.
    const other = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: await bearerFor(t.database.db, await buildUser(t.database.db)), payload: { text: 'Mine' } });
    assert.equal(other.statusCode, 201);
  });

  it('shares the HTTP limits between two processes through Redis', { skip: REDIS_URL ? false : 'no Redis (set MUSESOCIAL_TEST_REDIS_URL)' }, async () => {
    // A BASE_URL of its own: the counters' key space, so parallel tests never share a budget.
    const env = { REDIS_URL, BASE_URL: `http://limits-${crypto.randomBytes(4).toString('hex')}.test`, ANONYMOUS_READ_LIMIT: '4' };
    const one = await open(env);
    const two = await open(env);
    await waitForRedis(one, '198.51.100.1', 4);
    await waitForRedis(two, '198.51.100.2', 4);
    assert.equal((await one.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assert.equal((await two.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assert.equal((await one.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assert.equal((await two.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assertLimited(await one.app.inject({ url: '/api/v1/chats' }), 300);
    assertLimited(await two.app.inject({ url: '/api/v1/chats' }), 300);

    // Sign-in attempts too: 13 on one process and 12 on the other use up the 25.
    for (let n = 1; n <= 25; n++) assert.equal((await failedLogIn(n % 2 ? one : two)).statusCode, 403, `attempt ${n}`);
    assertLimited(await failedLogIn(one), 300);
    assertLimited(await failedLogIn(two), 300);
  });

  it('keeps serving when the Redis that holds the counters is unreachable', async () => {
    const t = await open({ REDIS_URL: 'redis://127.0.0.1:1', ANONYMOUS_READ_LIMIT: '1' });
    const started = Date.now();
    for (let n = 0; n < 3; n++) assert.equal((await t.app.inject({ url: '/api/v1/chats' })).statusCode, 200);
    assert.ok(Date.now() - started < 3000, 'no waiting on the missing Redis');
  });
});

/**
 * The limiter fails open until its Redis connection is up. Wait until a read
 * from a probe address of its own is counted (the remaining budget drops
 * below the limit), so the test's own reads are all counted in Redis.
 */
async function waitForRedis(t: TestApp, probeAddress: string, limit: number): Promise<void> {
  for (let n = 0; n < 100; n++) {
    const response = await t.app.inject({ url: '/api/v1/chats', remoteAddress: probeAddress });
    if (Number(response.headers['x-ratelimit-remaining']) < limit) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('the rate limiter never reached Redis');
}
