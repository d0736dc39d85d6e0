import type { FastifyInstance } from 'fastify';

import { requireUser } from '../http/authentication.ts';
import { errorResponses } from '../http/schemas.ts';
import { presentUser, UserResponse } from './user.presenter.ts';

export async function usersApi(app: FastifyInstance): Promise<void> {
  app.get(
    '/me',
    { schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: UserResponse, ...errorResponses } } },
    async (request) => presentUser(requireUser(request), app.config.baseUrl),
  );
}

