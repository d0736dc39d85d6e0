import type { FastifyInstance } from 'fastify';
import { metricsPages } from './metrics.pages.routes.ts';
import { metricsApi } from './metrics.api.ts';

/** Every metrics route: the stats pages, their CSV/GEXF downloads and the API (under /api/v1). */
export async function metricsFeature(app: FastifyInstance): Promise<void> {
  await app.register(metricsPages);
  await app.register(metricsApi, { prefix: '/api/v1' });
}
