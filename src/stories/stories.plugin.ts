import type { FastifyInstance } from 'fastify';

/** Every stories route: pages, API (under /api/v1), oEmbed and embeds. */
export async function storiesFeature(_app: FastifyInstance): Promise<void> {}
