import type { FastifyInstance } from 'fastify';

/** Every metrics route: the stats pages, their CSV/GEXF downloads and the API (under /api/v1). */
export async function metricsFeature(_app: FastifyInstance): Promise<void> {}
