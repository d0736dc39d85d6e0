import type { FastifyInstance } from 'fastify';
import { ping } from '../db/database.ts';

/** For load balancers and the deployment docs: 200 when the database answers, else 503. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const ok = await ping(app.database);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'database unavailable', database: app.database.kind });
  });
  // Browsers and feed readers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/assets/favicon.svg', 301));
}
