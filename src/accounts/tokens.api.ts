import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { ownApiTokens, revokeApiTokenOf } from './credentials.service.ts';

const TokenParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'The token id from GET /api/v1/tokens' }) });
const TokenResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to recognise it' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** `/api/v1/tokens`: the caller's live API tokens, and revoking one (its owner only). */
export async function tokensApi(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
  const tags = ['accounts'];

  app.get(
    '/tokens',
    { schema: { tags, summary: 'Your API tokens that still work (never the secret itself)', response: { 200: Type.Object({ tokens: Type.Array(TokenResponse) }), ...errorResponses } } },
    async (request) => ({
      tokens: (await ownApiTokens(db, request.user)).map((t) => ({
        id: String(t.id),
        name: t.name,
        prefix: t.prefix,
        createdAt: new Date(t.createdAt).toISOString(),
        lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
      })),
    }),
  );

  app.delete<{ Params: Static<typeof TokenParams> }>(
    '/tokens/:id',
    { schema: { tags, summary: 'Revoke one of your API tokens (it stops working at once; another account’s token reads as not found)', params: TokenParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await revokeApiTokenOf(db, request.user, request.params.id);
      return reply.status(204).send();
    },
  );
}
