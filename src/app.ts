import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import staticFiles from '@fastify/static';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import './http/fastify-types.ts';
import { refuseNulCharacters } from './http/nul-characters.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerAnonymousReadLimit, registerSecurity } from './http/security.ts';
import { registerOpenApi, registerOpenApiRoute } from './http/openapi.ts';
import { authentication } from './http/authentication.ts';
import { pageCache } from './http/page-cache.ts';
import { accountPages } from './accounts/accounts.pages.routes.ts';
import { profilePages } from './accounts/profile.pages.routes.ts';
import { usersApi } from './accounts/users.api.ts';
import { tokensApi } from './accounts/tokens.api.ts';
import { chatPages } from './chats/chats.pages.routes.ts';
import { archiveImportPages } from './archive/import/import.pages.routes.ts';
import { transcriptPages } from './archive/transcript/transcript.routes.ts';
import { exportRoutes } from './archive/export/export.routes.ts';
import { chatsApi } from './chats/chats.api.ts';
import { chatFormPages } from './chats/forms/chat-form.routes.ts';
import { seriesApi } from './chats/series/series.api.ts';
import { seriesPages } from './chats/series/series.pages.routes.ts';
import { settingsPages } from './accounts/settings.routes.ts';
import { postsApi } from './posts/posts.api.ts';
import { rsvpsApi } from './rsvps/rsvps.api.ts';
import { rsvpPages } from './rsvps/rsvps.pages.routes.ts';
import { homePage } from './web/home.routes.ts';
import { healthRoutes } from './http/health.ts';
import { registerRequestIdHeader, requestIdOptions } from './http/request-id.ts';
import { prometheusMetrics } from './ops/prometheus.plugin.ts';
import { calendarFeature } from './calendar/calendar.plugin.ts';
import { wikiPages } from './wiki/wiki.pages.routes.ts';
import { wikiApi } from './wiki/wiki.api.ts';
import { livePlugin } from './live/live.plugin.ts';
import { streamRoutes } from './live/stream.routes.ts';
import { liveApi } from './live/live.api.ts';
import { roomPages } from './live/room.pages.routes.ts';
import { moderationApi } from './moderation/moderation.api.ts';
import { postActionsApi } from './posts/post-actions.api.ts';
import { searchPages } from './search/search.pages.routes.ts';
import { searchApi } from './search/search.api.ts';
import { consentPages } from './consent/consent.pages.routes.ts';
import { storiesFeature } from './stories/stories.plugin.ts';
import { metricsFeature } from './metrics/metrics.plugin.ts';
import type { PubSub } from './live/pubsub/pubsub.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  /** Secret for signed cookies; see server.ts for where it comes from. */
  cookieSecret: string;
  /** Fastify's logger options (server.ts passes the level; tests may pass a stream). */
  logger?: FastifyServerOptions['logger'];
  /** Live-event transport; defaults from config (Redis when REDIS_URL is set). */
  pubsub?: PubSub;
  /** Sees every route as it is added (the authorization matrix test collects the route table). */
  onRoute?: (route: RouteOptions) => void;
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

/**
 * Builds the whole application without listening, so tests drive it with
 * `app.inject` and server.ts only adds the socket and signals.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const configured = options.config.trustProxy;
  // A hop count trusts that many proxies nearest to us.
  const trustProxy: FastifyServerOptions['trustProxy'] = typeof configured === 'number' ? (_address: string, hop: number) => hop < configured : configured;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    ...requestIdOptions(options.config.trustProxy),
  });
  app.decorate('config', options.config);
  app.decorate('database', options.database);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  registerErrorHandling(app);
  registerRequestIdHeader(app);
  refuseNulCharacters(app);
  await registerSecurity(app);
  await app.register(cookie, { secret: options.cookieSecret });
  await app.register(formbody);
  await app.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: options.config.secureCookies },
  });
  await app.register(staticFiles, { root: PUBLIC_DIR, prefix: '/assets/', maxAge: '1h' });
  await registerOpenApi(app);
  await app.register(authentication);
  registerAnonymousReadLimit(app);
  // After who-is-asking and the read limit (cached answers still count), before the routes.
  await app.register(pageCache, { ttlMs: options.config.pageCacheMs });
  await app.register(livePlugin, options.pubsub ? { pubsub: options.pubsub } : {});
  await app.register(prometheusMetrics);

  await app.register(healthRoutes);
  await app.register(homePage);
  await app.register(accountPages);
  await app.register(profilePages);
  await app.register(chatPages);
  await app.register(archiveImportPages);
  await app.register(transcriptPages);
  await app.register(exportRoutes);
  await app.register(usersApi, { prefix: '/api/v1' });
  await app.register(tokensApi, { prefix: '/api/v1' });
  await app.register(chatsApi, { prefix: '/api/v1' });
  await app.register(calendarFeature);
  await app.register(chatFormPages);
  await app.register(seriesPages);
  await app.register(seriesApi, { prefix: '/api/v1' });
  await app.register(settingsPages);
  await app.register(postsApi, { prefix: '/api/v1' });
  await app.register(rsvpPages);
  await app.register(rsvpsApi, { prefix: '/api/v1' });
  await app.register(streamRoutes, { prefix: '/api/v1' });
  await app.register(liveApi, { prefix: '/api/v1' });
  await app.register(roomPages);
  await app.register(moderationApi, { prefix: '/api/v1' });
  await app.register(postActionsApi, { prefix: '/api/v1' });
  await app.register(wikiPages);
  await app.register(wikiApi, { prefix: '/api/v1' });
  await app.register(searchPages);
  await app.register(searchApi, { prefix: '/api/v1' });
  await app.register(consentPages);
  await app.register(storiesFeature);
  await app.register(metricsFeature);
  registerOpenApiRoute(app);

  await app.ready();
  return app;
}
