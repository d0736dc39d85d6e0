import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import fs from 'node:fs';
import Fastify from 'fastify';
import { listenOnSockets } from './listen-sockets.ts';

/** A GET over a new connection each time. */
function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/who', agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

async function app() {
  const server = Fastify();
  server.get('/who', async () => 'answered');
  await server.ready();
  return server;
}

/** Sockets listening on 127.0.0.1:port, from the kernel's own table. */
function listening(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').filter((line) => {
    const fields = line.trim().split(/\s+/);
    return fields[1] === local && fields[3] === '0A';
  }).length;
}

test('listens with every socket of the group, answers through all of them, and closing the app closes them all', { skip: process.platform !== 'linux' && 'SO_REUSEPORT groups and /proc/net/tcp are Linux-only' }, async () => {
  // Ready before listening, as buildApp leaves it: the group must not need a hook added late.
  const server = await app();
  const port = await listenOnSockets(server, { port: 0, host: '127.0.0.1', count: 4 });
  assert.equal(port, (server.server.address() as net.AddressInfo).port, 'the port the system chose');
  assert.equal(listening(port), 4);
  // The kernel spreads new connections over the group by their address hash: all must be answered.
  const answers = await Promise.all(Array.from({ length: 64 }, () => get(port)));
  assert.deepEqual(new Set(answers), new Set(['answered']));

  await server.close();
  assert.equal(listening(port), 0, 'no socket of the group is left listening');
  await assert.rejects(get(port), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
});

// That closing waits for requests in flight on connections the other sockets accepted is checked
// end to end by test/integration/ops-shutdown.test.ts (`serve` with its 8 sockets, a POST in flight
// at SIGTERM): there, which socket takes a connection is up to the kernel's hash.

test('one socket is a plain listen: the port stays exclusive', async () => {
  const server = await app();
  const port = await listenOnSockets(server, { port: 0, host: '127.0.0.1', count: 1 });
  assert.equal(port, (server.server.address() as net.AddressInfo).port, 'the port the system chose');
  assert.equal(await get(port), 'answered');
  const other = net.createServer();
  await assert.rejects(new Promise((resolve, reject) => other.once('error', reject).listen({ port, host: '127.0.0.1', reusePort: true }, () => resolve(undefined))), /EADDRINUSE/);
  await server.close();
});
