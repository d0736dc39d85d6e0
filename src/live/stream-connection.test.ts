import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamConnection } from './stream-connection.ts';
import { toBatch, toWire, type LiveEvent } from './live-event.ts';

function event(seq: number): LiveEvent {
  return { seq, chatId: 1, type: 'post.created', payload: JSON.stringify({ seq }) };
}

/**
 * A real HTTP server whose one stream starts from a position the test
 * hands over when it chooses: the moment between "connected" and
 * "position read" is held open, where a race would otherwise be luck.
 */
async function streamServer() {
  let position!: (seq: number) => void;
  const positionRead = new Promise<number>((resolve) => (position = resolve));
  let connection!: StreamConnection;
  let created!: () => void;
  const connected = new Promise<void>((resolve) => (created = resolve));
  const server = http.createServer((_request, response) => {
    connection = new StreamConnection(response, async () => [], () => {}, {
      resumeAfter: null,
      currentSeq: () => positionRead,
      sendHead: () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('retry: 2000\n\n');
      },
    });
    connection.start();
    created();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    position,
    connected,
    get connection() {
      return connection;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('StreamConnection over HTTP', () => {
  it('sends its head only once the position it starts from is read, so nothing the client does after the head can fall before it', async (t) => {
    const server = await streamServer();
    t.after(async () => {
      request.destroy();
      server.connection?.close();
      server.position(0);
      await server.close();
    });
    let headAt = 0;
    let body = '';
    const request = http.get(server.url, { agent: false }, (response) => {
      headAt = Date.now();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
    });
    request.on('error', () => {});
    await server.connected;

    // Position not read yet: no head, and a heartbeat must not send a default one.
    server.connection.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(headAt, 0, 'no head before the position is known');

    // Event 5 is stored while the position is read: the position includes it, so it is not sent.
    server.connection.deliver(toBatch([toWire(event(5))]));
    server.position(5);
    while (headAt === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    // What comes after the head is after the position.
    server.connection.deliver(toBatch([toWire(event(6))]));
    server.connection.heartbeat();
    const deadline = Date.now() + 2000;
    while (!body.includes(':thump') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.match(body, /^retry: 2000\n\n/);
    assert.deepEqual([...body.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])), [6]);
    assert.equal(body.indexOf(':thump'), body.length - ':thump\n\n'.length, 'the heartbeat comes after the head and the event');

  });
});
