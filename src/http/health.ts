import type { FastifyInstance } from 'fastify';
import { ping } from '../db/database.ts';

/** A database that takes longer than this to answer `select 1` counts as unreachable. */
const READY_TIMEOUT_MS = 2000;

/**
 * Probes for load balancers and orchestrators (see docs/DEPLOYMENT.md).
 * /healthz is liveness: the process answers, with no database round trip,
 * so a database outage never gets healthy processes restarted. /readyz is
 * readiness: 200 when the database answers, else 503, so traffic goes
 * elsewhere until it is back. (/healthz used to ping the database; its
 * 200 body is unchanged, and checks that need the database use /readyz.)
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ status: 'ok', database: app.database.kind });
  });

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ok = await Promise.race([ping(app.database), new Promise<boolean>((resolve) => setTimeout(resolve, READY_TIMEOUT_MS, false).unref())]);
    reply.header('cache-control', 'no-store');
    if (ok) return reply.send({ status: 'ready', database: app.database.kind });
    return reply.status(503).send({ status: 'unavailable', database: app.database.kind, error: { code: 'unavailable', message: 'The database does not answer' } });
  });

  // Browsers and feed readers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/assets/favicon.svg', 301));
}
