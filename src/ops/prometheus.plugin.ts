import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../errors.ts';
import { postsCreated } from './counters.ts';

/**
 * Prometheus metrics at GET /metrics (text exposition format): requests and
 * their latency by route and status, open live streams, posts created,
 * import progress, and Node's process metrics. Served to loopback clients
 * only, or to anyone with `Authorization: Bearer METRICS_TOKEN` when that
 * is set (then the token is always required); see docs/DEPLOYMENT.md.
 */
export const prometheusMetrics = fp(async (app: FastifyInstance) => {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'musesocial_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'musesocial_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern and status (live streams count until they close)',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'musesocial_live_streams',
    help: 'Live-room event streams open in this process',
    registers: [registry],
    collect() {
      this.set(app.live.streams.size);
    },
  });
  // Counted by the fan-out as it goes; a counter's collect adds what was counted since the last scrape.
  for (const [name, help, read] of [
    ['musesocial_live_writes_total', 'Writes to live viewers (one system call each; each carries one or more events)', () => app.live.hub.deliveryTotals.writes],
    ['musesocial_live_events_delivered_total', 'Events delivered to live viewers (an event given to 1,000 viewers counts 1,000)', () => app.live.hub.deliveryTotals.events],
  ] as const) {
    let reported = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = read();
        this.inc(now - reported);
        reported = now;
      },
    });
  }
  const poolState = app.database.poolState;
  if (poolState) {
    new Gauge({
      name: 'musesocial_db_pool_connections',
      help: 'PostgreSQL connections of this process, by state: busy (a query holds it), idle, or waiting (queries waiting for a connection)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const state = poolState();
        this.set({ state: 'busy' }, state.total - state.idle);
        this.set({ state: 'idle' }, state.idle);
        this.set({ state: 'waiting' }, state.waiting);
      },
    });
  }
  // From the database, so imports run by `musesocial import` in another process count too.
  const imported = new Counter({ name: 'musesocial_import_posts_imported_total', help: 'Posts stored by archive imports so far (all processes, from the imports table)', registers: [registry] });
  const running = new Gauge({ name: 'musesocial_imports_running', help: 'Archive imports in progress', registers: [registry] });
  const collectImports = async () => {
    try {
      const row = await app.database.db
        .selectFrom('imports')
        .select(({ fn }) => [fn.sum<number | null>('importedCount').as('imported'), fn.countAll<number>().filterWhere('status', '=', 'running').as('running')])
        .executeTakeFirstOrThrow();
      // A counter whose total lives in the database: set it to that total.
      imported.reset();
      imported.inc(Number(row.imported ?? 0));
      running.set(Number(row.running));
    } catch (error) {
      app.log.warn({ err: error }, 'metrics: could not read import progress');
    }
  };

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true }, config: { ownCredentials: true } }, async (request, reply) => {
    checkAccess(request, app.config.metricsToken);
    await collectImports();
    const merged = Registry.merge([processRegistry(), registry]);
    return reply.header('cache-control', 'no-store').type(merged.contentType).send(await merged.metrics());
  });
});

let shared: Registry | null = null;
/** Process-wide metrics (CPU, memory, event-loop lag, GC, posts created): one set per process, however many apps tests build. */
function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
    shared.registerMetric(postsCreated);
  }
  return shared;
}

function checkAccess(request: FastifyRequest, token: string | null): void {
  if (token) {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const digest = (value: string) => crypto.createHash('sha256').update(value).digest();
    if (!crypto.timingSafeEqual(digest(given), digest(token))) throw new AppError('unauthenticated', '/metrics needs Authorization: Bearer METRICS_TOKEN');
    return;
  }
  if (!isLoopback(request.ip)) throw new AppError('forbidden', '/metrics is served only to loopback clients unless METRICS_TOKEN is set');
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}
