import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../support/databases.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { configuredDatabase, openMigrated } from './ops-backup-helpers.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');

/** Starts a real `musesocial serve`; resolves with its URL. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve', '--no-demo'], { env: { ...process.env, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\w.]+:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, url, exited };
}

/** An open live stream; `ended` resolves when the server closes it. */
function openStream(url: string): Promise<{ ended: Promise<string>; firstBytes: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream' }, agent: false }, (response) => {
      assert.equal(response.statusCode, 200);
      const firstBytes = new Promise<void>((ok) => response.once('data', () => ok()));
      const ended = new Promise<string>((ok) => {
        response.on('end', () => ok('end'));
        response.on('close', () => ok('close'));
        response.on('error', () => ok('error'));
      });
      resolve({ ended, firstBytes });
    });
    request.on('error', reject);
  });
}

for (const target of databaseTargets()) {
  describe(`graceful shutdown of serve (${target.kind})`, { skip: target.skip }, () => {
    it('on SIGTERM stops accepting, ends live streams, finishes the write in flight, and exits 0 within 30 s', async () => {
      const place = await configuredDatabase(target.kind);
      const setup = await openMigrated(place);
      const organizer = await buildUser(setup.db, { role: 'organizer' });
      const chat = await buildChat(setup.db, organizer, { startsInHours: -0.1 });
      const auth = await bearerFor(setup.db, organizer);
      await setup.close();

      const env: Record<string, string> = { MUSESOCIAL_DATA_DIR: place.dir, DATABASE_URL: place.config.database.kind === 'postgres' ? place.config.database.url : '' };
      const server = serve(env);
      try {
        const base = await server.url;
        const stream = await openStream(`${base}/api/v1/chats/${chat.slug}/stream`);
        await stream.firstBytes;

        // A post whose body is still arriving when SIGTERM comes.
        const body = JSON.stringify({ text: 'A1 written during shutdown' });
        const request = http.request(`${base}/api/v1/chats/${chat.slug}/posts`, {
          method: 'POST',
          agent: false,
          headers: { ...auth, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        });
        const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
          request.on('response', (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          });
          request.on('error', reject);
        });
        request.write(body.slice(0, 10));
        await new Promise((resolve) => setTimeout(resolve, 200));

        const signalled = Date.now();
        server.child.kill('SIGTERM');
        assert.match(await stream.ended, /end|close/, 'the live stream is ended so the viewer reconnects elsewhere');
        await assert.rejects(fetch(`${base}/healthz`), 'no new connections while shutting down');

        request.end(body.slice(10));
        const response = await answered;
        assert.equal(response.status, 201, `the write in flight finished: ${response.body}`);
        const { code, at } = await server.exited;
        assert.equal(code, 0, 'a clean exit');
        assert.ok(at - signalled < 30_000, `exited within 30 s (took ${at - signalled} ms)`);

        const after = await openMigrated(place);
        try {
          const rows = await sql<{ text: string }>`select text from posts`.execute(after.db);
          assert.deepEqual(
            rows.rows.map((r) => r.text.split(' #')[0]),
            ['A1 written during shutdown'],
            'the acknowledged post is stored',
          );
        } finally {
          await after.close();
        }
      } finally {
        server.child.kill('SIGKILL');
        await place.dispose();
      }
    });
  });
}
