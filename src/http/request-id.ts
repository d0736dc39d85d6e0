import crypto from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** What we accept from a proxy's X-Request-Id: short, printable, no spaces. */
const INCOMING_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Every request gets an id that appears on each of its log lines (Fastify's
 * `reqId`) and in the X-Request-Id response header, so a user's report, a
 * proxy's access log and our logs can be joined. A proxy's own X-Request-Id
 * is kept only when TRUST_PROXY says the proxy is trusted; otherwise any
 * client could choose the id its requests are logged under.
 */
export function requestIdOptions(trustProxy: boolean | number | string): Pick<FastifyServerOptions, 'genReqId' | 'requestIdHeader'> {
  const trusted = trustProxy === true || typeof trustProxy === 'string' || (typeof trustProxy === 'number' && trustProxy > 0);
  return {
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const incoming = request.headers['x-request-id'];
      if (trusted && typeof incoming === 'string' && INCOMING_ID.test(incoming)) return incoming;
      return crypto.randomUUID();
    },
  };
}

export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
