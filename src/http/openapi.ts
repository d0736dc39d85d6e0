import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';

/**
 * The OpenAPI document is generated from the route schemas, so it cannot
 * drift from what the server validates. Only `/api/v1` routes are listed.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Musesocial API',
        version: '1',
        description:
          'Community hashtag chats: calendar, posts, archive. Authenticate with a session cookie or `Authorization: Bearer TOKEN` (create one with `musesocial token create HANDLE`). Errors are `{ "error": { "code", "message" } }`.',
      },
      servers: [{ url: app.config.baseUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'musesocial_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }, {}],
    },
    hideUntagged: true,
  });
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(app.swagger());
  });
}
