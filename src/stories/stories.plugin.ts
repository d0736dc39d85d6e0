import type { FastifyInstance } from 'fastify';
import { storiesApi } from './stories.api.ts';
import { storyPages } from './stories.pages.routes.ts';
import { storyEditorPages } from './story-editor.routes.ts';

/** Every stories route: pages, API (under /api/v1), oEmbed and embeds. */
export async function storiesFeature(app: FastifyInstance): Promise<void> {
  await app.register(storyPages);
  await app.register(storyEditorPages);
  await app.register(storiesApi, { prefix: '/api/v1' });
}
