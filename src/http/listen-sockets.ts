import net from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Listens on `port` with `count` sockets instead of one, all handing their
 * connections to the app's HTTP server.
 *
 * Why: since libuv 1.45 (Node 20 and later) a listening socket accepts one
 * connection per turn of the event loop (libuv pull request 3696), and a
 * busy live room makes every turn long (a fan-out slice, database answers,
 * requests). In bench:mixed on two PostgreSQL processes a turn took tens of
 * milliseconds, so a process accepted 20–40 connections a second: page
 * readers arriving at the start of the load waited in the kernel's accept
 * queue (up to 378 connections deep) for 5–16 s, while requests on open
 * connections were answered in under 300 ms. With 8 sockets in one
 * SO_REUSEPORT group, the kernel spreads new connections over them and each
 * accepts one per turn: the first seconds' page p99 fell from 9–16 s to
 * 0.3 s (same bench, same machine).
 *
 * SO_REUSEPORT exists on Linux (and some BSDs); elsewhere, and with
 * count 1, this is a plain listen. The group lets another process of the
 * same user bind the same port too (it then shares the connections instead
 * of failing with EADDRINUSE): give each process its own port, as
 * docs/DEPLOYMENT.md does.
 */
/** Resolves with the port listened on (the one the system chose when `port` is 0). */
export async function listenOnSockets(app: FastifyInstance, options: { port: number; host: string; count: number }): Promise<number> {
  const reusePort = options.count > 1 && process.platform === 'linux';
  await app.listen({ port: options.port, host: options.host, ...(reusePort ? { reusePort: true } : {}) });
  const address = app.server.address();
  // Port 0 asked for any free port: the others join the one the first was given.
  const port = typeof address === 'object' && address ? address.port : options.port;
  if (!reusePort) return port;
  const acceptors: net.Server[] = [];
  // Every socket stops accepting when the app's server does (app.close(), graceful shutdown), and
  // the close is done only once the connections they accepted have ended too: a net.Server counts
  // only its own, so the app's server alone would report closed (and the process exit) while a
  // request that came in through another socket was still being answered. The app is ready by
  // now, too late for a Fastify hook, so its server's close() is wrapped instead.
  const closeMain = app.server.close.bind(app.server);
  app.server.close = ((callback?: (error?: Error) => void) => {
    const othersDrained = Promise.all(acceptors.map((acceptor) => new Promise<void>((resolve) => acceptor.close(() => resolve()))));
    return closeMain((error?: Error) => void othersDrained.then(() => callback?.(error)));
  }) as typeof app.server.close;
  for (let i = 1; i < options.count; i += 1) {
    // The HTTP server takes the connection as if it had accepted it (tracked for keep-alive, closed on shutdown).
    // noDelay as Node's HTTP server sets it on the sockets it accepts (else small answers can wait for Nagle's algorithm).
    const acceptor = net.createServer({ noDelay: true }, (socket) => app.server.emit('connection', socket));
    await new Promise<void>((resolve, reject) => {
      acceptor.once('error', reject);
      acceptor.listen({ port, host: options.host, reusePort: true }, () => {
        acceptor.off('error', reject);
        resolve();
      });
    });
    acceptors.push(acceptor);
  }
  return port;
}
