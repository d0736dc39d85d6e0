import type { FastifyInstance } from 'fastify';
import { calendarRoutes } from './calendar.routes.ts';
import { feedRoutes } from './feeds/feeds.routes.ts';
import { calendarImportApi } from './import/import.api.ts';
import { calendarImportPages } from './import/import.pages.routes.ts';

/** Calendar files, news feeds and .ics import: everything that talks to other calendars and readers. */
export async function calendarFeature(app: FastifyInstance): Promise<void> {
  await app.register(calendarRoutes);
  await app.register(feedRoutes);
  await app.register(calendarImportPages);
  await app.register(calendarImportApi, { prefix: '/api/v1' });
}
