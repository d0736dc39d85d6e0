import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

/** The response headers of a stream, read from a real socket (inject cannot hold a stream open). */
function streamHeaders(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
      request.destroy();
    });
    request.on('error', reject);
  });
}

for (const target of databaseTargets()) {
  describe(`live stream security headers on ${target.kind}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let base: string;
    beforeEach(async () => {
      database = await freshDatabase(target.kind);
      app = await buildApp({ config: loadConfig({ BASE_URL: 'http://musesocial.test' }), database, cookieSecret: 'test-secret-that-is-long-enough-000000' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterEach(async () => {
      await app.close();
      await database.dispose();
    });

    it('keeps the headers that apply to any response and leaves out the document-only ones pages carry', async () => {
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, { startsInHours: -0.5 });

      const { status, headers: stream } = await streamHeaders(`${base}/api/v1/chats/${chat.slug}/stream`);
      assert.equal(status, 200);
      assert.match(String(stream['content-type']), /^text\/event-stream/);
      assert.equal(stream['x-content-type-options'], 'nosniff');
      assert.equal(stream['cross-origin-resource-policy'], 'same-origin');
      assert.equal(stream['content-security-policy'], undefined);
      assert.equal(stream['x-frame-options'], undefined);

      // Only the stream is trimmed: pages keep the full set.
      const page = await fetch(`${base}/chats/${chat.slug}`);
      await page.arrayBuffer();
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.equal(page.headers.get('x-frame-options'), 'SAMEORIGIN');
    });
  });
}
