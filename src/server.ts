import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { postgresLocaleWarning } from './db/postgres-locale.ts';
import { sweepStaleUploads } from './archive/import/upload-dirs.ts';
import { loadDemoIfEmpty } from './demo/demo.ts';
import { listenOnSockets } from './http/listen-sockets.ts';
import { startMemoryTrim } from './ops/memory-trim.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the database, applies migrations, optionally loads the demo
 * community, and listens. Shutdown (SIGTERM/SIGINT) stops accepting new
 * connections, lets in-flight requests finish, closes the database, and
 * gives up after 30 s so an orchestrator never waits forever.
 */
export async function startServer(config: Config, options: { handleSignals?: boolean; demo?: boolean } = {}): Promise<RunningServer> {
  const database = openDatabase(config.database, { keepOpen: true });
  await migrateToLatest(database);
  const localeWarning = await postgresLocaleWarning(database);
  if (localeWarning) console.error(localeWarning);
  await database.warm?.();
  if (options.demo ?? config.loadDemo) await loadDemoIfEmpty(database.db, { log: (m) => console.log(m) });

  const app = await buildApp({
    config,
    database,
    cookieSecret: cookieSecret(config),
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
  });
  const port = await listenOnSockets(app, { port: config.port, host: config.host, count: config.listenSockets });
  const memoryTrim = startMemoryTrim();
  sweepStaleUploads().then(
    (removed) => removed > 0 && app.log.info({ removed }, 'removed upload files left by a stopped process'),
    (error: unknown) => app.log.warn({ err: error }, 'could not look for upload files left over'),
  );
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      const timer = setTimeout(() => {
        app.log.error('shutdown took longer than 30 s; exiting');
        process.exit(1);
      }, 30_000);
      timer.unref();
      // Keep-alive connections that finish their last request after close()
      // began would otherwise hold the process open until the client leaves.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 250);
      memoryTrim.stop();
      await app.close();
      clearInterval(reaper);
      await database.close();
      clearTimeout(timer);
    })();
    return stopping;
  };

  if (options.handleSignals ?? true) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, 'shutting down');
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      });
    }
  }
  return { app, database, url, stop };
}

/**
 * Cookies are signed with MUSESOCIAL_SECRET when set (required when several
 * processes serve one site). Otherwise a secret is generated once and kept in
 * the data directory, so sessions' CSRF cookies survive restarts.
 */
export function cookieSecret(config: Config): string {
  if (config.cookieSecret) return config.cookieSecret;
  const file = path.join(config.dataDir, 'secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
