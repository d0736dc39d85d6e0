import { Counter } from 'prom-client';

/**
 * Counters the feature code bumps and /metrics reports. They count what
 * this process did, so each app process reports its own share (Prometheus
 * sums them). Not registered here: see prometheus.plugin.ts.
 */
export const postsCreated = new Counter({
  name: 'musesocial_posts_created_total',
  help: 'Posts written by people in this process (API and live room), by kind; imports are counted in musesocial_import_posts_imported_total',
  labelNames: ['kind'] as const,
  registers: [],
});
