import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { databaseTargets, freshDatabase } from '../support/databases.ts';
import { buildTestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { SseClient } from '../support/sse.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An app whose JSON log lines are collected, as `serve` would print them. */
async function appWithLog(env: Record<string, string> = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const database = await freshDatabase('sqlite');
  const config = loadConfig({ BASE_URL: 'http://musesocial.test', MUSESOCIAL_DATA_DIR: '/nonexistent', ...env });
  const app = await buildApp({ config, database, cookieSecret: 'test-secret-that-is-long-enough-000000', logger: { level: 'info', stream } });
  return { app, lines, close: async () => (await app.close(), await database.dispose()) };
}

function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

for (const target of databaseTargets()) {
  describe(`health probes (${target.kind})`, { skip: target.skip }, () => {
    it('/healthz answers without the database; /readyz follows the database', async () => {
      const { app, database } = await buildTestApp(target.kind);
      try {
        const ready = await app.inject('/readyz');
        assert.equal(ready.statusCode, 200);
        assert.deepEqual(ready.json(), { status: 'ready', database: target.kind });
        assert.deepEqual((await app.inject('/healthz')).json(), { status: 'ok', database: target.kind });

        await database.close(); // the database goes away under the running app
        const live = await app.inject('/healthz');
        assert.equal(live.statusCode, 200, 'liveness does not depend on the database');
        const notReady = await app.inject('/readyz');
        assert.equal(notReady.statusCode, 503);
        assert.match(notReady.headers['content-type'] as string, /application\/json/);
        assert.deepEqual(notReady.json(), { status: 'unavailable', database: target.kind, error: { code: 'unavailable', message: 'The database does not answer' } });
      } finally {
        await app.close();
        await database.dispose().catch(() => {});
      }
    });
  });
}

describe('request ids', () => {
  it('puts one id on every log line of a request and returns it as X-Request-Id', async () => {
    const { app, lines, close } = await appWithLog();
    try {
      const response = await app.inject({ url: '/chats', headers: { 'x-request-id': 'chosen-by-the-client' } });
      const id = response.headers['x-request-id'] as string;
      assert.match(id, UUID, 'without TRUST_PROXY an incoming id is not trusted');
      const mine = lines.filter((line) => line.reqId === id);
      assert.deepEqual(mine.map((line) => line.msg), ['incoming request', 'request completed']);
      const perRequest = lines.filter((line) => 'req' in line || 'res' in line);
      assert.ok(perRequest.every((line) => typeof line.reqId === 'string'), 'every request line carries reqId');

      const missing = await app.inject('/no/such/page');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.headers['x-request-id'] as string, UUID, 'errors carry the id too');
      assert.notEqual(missing.headers['x-request-id'], id);
    } finally {
      await close();
    }
  });

  it('keeps a trusted proxy’s X-Request-Id, but only a sane one', async () => {
    const { app, lines, close } = await appWithLog({ TRUST_PROXY: 'true' });
    try {
      const response = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'nginx-4f2a9c' } });
      assert.equal(response.headers['x-request-id'], 'nginx-4f2a9c');
      assert.ok(lines.some((line) => line.reqId === 'nginx-4f2a9c' && line.msg === 'request completed'));
      const odd = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'has spaces\tand tabs' } });
      assert.match(odd.headers['x-request-id'] as string, UUID);
    } finally {
      await close();
    }
  });
});

describe('Prometheus metrics', () => {
  it('counts requests, latency, posts, streams and imports, in the text format', async () => {
    const { app, database, close } = await buildTestApp('sqlite');
    try {
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, { startsInHours: -0.1 });
      const before = (await app.inject('/metrics')).body;
      const posted = await app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: await bearerFor(database.db, organizer), payload: { text: 'A1 counted' } });
      assert.equal(posted.statusCode, 201, posted.body);
      await database.db
        .insertInto('imports')
        .values({ chatId: chat.id, userId: organizer.id, via: 'cli', fileName: 'tweets.jsonl', format: 'twarc2', status: 'running', startedAt: Date.now(), importedCount: 42 })
        .execute();
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address() as { port: number };
      const stream = await SseClient.connect(`http://127.0.0.1:${address.port}/api/v1/chats/${chat.slug}/stream`);

      const response = await app.inject('/metrics');
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
      const text = response.body;
      const created = '{kind="original"}';
      assert.equal(metricValue(text, 'musesocial_posts_created_total', created) - metricValue(before, 'musesocial_posts_created_total', created), 1);
      assert.equal(metricValue(text, 'musesocial_http_requests_total', '{method="POST",route="/api/v1/chats/:slug/posts",status="201"}'), 1);
      assert.equal(metricValue(text, 'musesocial_http_request_duration_seconds_count', '{method="POST",route="/api/v1/chats/:slug/posts",status="201"}'), 1);
      assert.match(text, /musesocial_http_request_duration_seconds_bucket\{le="0\.25",method="POST",route="\/api\/v1\/chats\/:slug\/posts",status="201"\} 1/);
      assert.equal(metricValue(text, 'musesocial_live_streams'), 1);
      assert.equal(metricValue(text, 'musesocial_live_writes_total'), 0, 'nothing written to the viewer yet');
      assert.equal(metricValue(text, 'musesocial_import_posts_imported_total'), 42);
      assert.equal(metricValue(text, 'musesocial_imports_running'), 1);
      assert.match(text, /^process_resident_memory_bytes \d+/m);
      assert.match(text, /^# TYPE musesocial_http_request_duration_seconds histogram$/m);
      // Two posts reach the viewer (one write each, or one for both): the fan-out's counters say so.
      for (const text of ['A1 live one', 'A1 live two']) {
        const live = await app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: await bearerFor(database.db, organizer), payload: { text } });
        assert.equal(live.statusCode, 201, live.body);
      }
      await stream.waitFor(2);
      const delivered = (await app.inject('/metrics')).body;
      const writes = metricValue(delivered, 'musesocial_live_writes_total');
      assert.ok(writes >= 1 && writes <= 2, `${writes} writes`);
      assert.equal(metricValue(delivered, 'musesocial_live_events_delivered_total'), 2);
      stream.close();

      const unmatched = (await app.inject('/no/such/thing'), (await app.inject('/metrics')).body);
      assert.equal(metricValue(unmatched, 'musesocial_http_requests_total', '{method="GET",route="unmatched",status="404"}'), 1, 'unknown paths share one label value');
    } finally {
      await close();
    }
  });

  it('is served to loopback clients only, unless METRICS_TOKEN is set', async () => {
    const open = await buildTestApp('sqlite');
    try {
      assert.equal((await open.app.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode, 200);
      const outside = await open.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
      assert.equal(outside.statusCode, 403);
      assert.equal(outside.json().error.code, 'forbidden');
    } finally {
      await open.close();
    }
    const token = 'a-metrics-token-of-some-length';
    const guarded = await buildTestApp('sqlite', { METRICS_TOKEN: token });
    try {
      assert.equal((await guarded.app.inject({ url: '/metrics' })).statusCode, 401, 'the token is needed even on loopback');
      assert.equal((await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
      const ok = await guarded.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${token}` } });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /musesocial_http_requests_total/);
    } finally {
      await guarded.close();
    }
    assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN: must be at least 16 characters long/);
  });
});
