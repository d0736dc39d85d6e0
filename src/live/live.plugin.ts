import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LiveHub } from './live-hub.ts';
import { StreamRegistry } from './stream-registry.ts';
import { TokenBuckets, type PostingLimiter } from './rate-limiter.ts';
import { RedisTokenBuckets } from './shared-rate-limiter.ts';
import { startQuestionTimer } from './question-timer.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import { InProcessPubSub } from './pubsub/in-process.ts';
import { RedisPubSub } from './pubsub/redis.ts';
import { StoredEventWatch } from './stored-event-watch.ts';
import { LocalPresenceCounts, RedisPresenceCounts, type PresenceCounts } from './presence-counts.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: { hub: LiveHub; streams: StreamRegistry; limiter: PostingLimiter; presence: PresenceCounts };
  }
}

/**
 * The live-room machinery of this process: the hub (pub/sub fan-out) and
 * the registry of open streams. REDIS_URL selects Redis so several app
 * processes share rooms; otherwise delivery stays in this process.
 */
export const livePlugin = fp(async (app: FastifyInstance, options: { pubsub?: PubSub }) => {
  const pubsub = options.pubsub ?? (app.config.redisUrl ? new RedisPubSub(app.config.redisUrl, (error) => app.log.warn({ err: error }, 'redis')) : new InProcessPubSub());
  const hub = new LiveHub(pubsub, app.config.baseUrl, (error) => app.log.warn({ err: error }, 'live delivery'));
  const streams = new StreamRegistry();
  // Viewer counts are summed over every process sharing the Redis.
  const presence = pubsub instanceof RedisPubSub ? new RedisPresenceCounts(pubsub.commands, app.config.baseUrl) : new LocalPresenceCounts();
  // Mastodon's default posting limit: a burst of 10, then one every 5 s,
  // per account across every process sharing the Redis.
  const limiter =
    pubsub instanceof RedisPubSub
      ? new RedisTokenBuckets(pubsub.commands, app.config.baseUrl, 10, 5000, (error) => app.log.warn({ err: error }, 'redis posting limit'))
      : new TokenBuckets(10, 5000);
  app.decorate('live', { hub, streams, limiter, presence });

  // Before the server stops accepting: end streams so clients reconnect elsewhere.
  app.addHook('preClose', async () => streams.closeAll());
  const stopTimer = startQuestionTimer(app);
  // Events stored by another program (CLI) or another process while Redis was down.
  const watch = new StoredEventWatch(app.database.db, hub, (error) => app.log.warn({ err: error }, 'stored event watch'));
  app.addHook('onClose', async () => {
    stopTimer();
    watch.close();
    await presence.close();
    await hub.close();
  });
});
