import path from 'node:path';

/**
 * The one place that reads the environment. Everything else receives a
 * `Config`, so tests can build an app with any settings without touching
 * process.env. A wrong setting stops start-up with every problem listed.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite` unless DATABASE_URL is a postgres:// URL. */
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  redisUrl: string | null;
  baseUrl: string;
  /** Secret for signing cookies (CSRF). Generated and stored in the data dir when unset. */
  cookieSecret: string | null;
  /** Behind TLS (BASE_URL is https): cookies get the Secure flag. */
  secureCookies: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load the demo community into an empty database at start. */
  loadDemo: boolean;
  /**
   * Which proxies may set X-Forwarded-For (Fastify's trustProxy): false by
   * default, because trusting a header any client can send would let anyone
   * dodge per-address rate limits. `true`, a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string;
  /** METRICS_TOKEN: a bearer token that opens /metrics to non-loopback scrapers (unset: loopback only). */
  metricsToken: string | null;
  /** ANONYMOUS_READ_LIMIT: page and API reads per 5 minutes per address without an account (Mastodon: 300); 0 turns it off. */
  anonymousReadLimit: number;
  /** PAGE_CACHE_SECONDS: how long public pages are shared between visitors without cookies (src/http/page-cache.ts); 0 turns it off. */
  pageCacheMs: number;
  /** UPLOAD_MAX_MB: the largest file the archive import form takes, in MiB (1024: 1 GiB); bigger archives go through `musesocial import`. */
  uploadMaxBytes: number;
  /** LISTEN_SOCKETS: sockets listening on PORT, each accepting one connection per event-loop turn (src/http/listen-sockets.ts); Linux only, 1 elsewhere. */
  listenSockets: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const port = parsePort(env.PORT, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const dataDir = path.resolve(cwd, env.MUSESOCIAL_DATA_DIR?.trim() || './data');

  let database: Config['database'] = { kind: 'sqlite', file: path.join(dataDir, 'musesocial.sqlite') };
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    if (/^postgres(ql)?:\/\//.test(databaseUrl) && isUrl(databaseUrl)) {
      database = { kind: 'postgres', url: databaseUrl };
    } else {
      problems.push(`DATABASE_URL: must be a postgres:// URL (got "${databaseUrl}"); leave it unset for the embedded SQLite database`);
    }
  }

  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !(/^rediss?:\/\//.test(redisUrl) && isUrl(redisUrl))) {
    problems.push(`REDIS_URL: must be a redis:// or rediss:// URL (got "${redisUrl}")`);
  }

  const baseUrlRaw = env.BASE_URL?.trim() || `http://localhost:${port ?? 3000}`;
  let baseUrl = baseUrlRaw.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrlRaw) || !isUrl(baseUrlRaw)) {
    problems.push(`BASE_URL: must be an http:// or https:// URL (got "${baseUrlRaw}")`);
    baseUrl = 'http://localhost:3000';
  }

  const cookieSecret = env.MUSESOCIAL_SECRET?.trim() || null;
  if (cookieSecret !== null && cookieSecret.length < 32) {
    problems.push('MUSESOCIAL_SECRET: must be at least 32 characters long');
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }

  const loadDemo = parseBoolean('MUSESOCIAL_DEMO', env.MUSESOCIAL_DEMO, true, problems);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && metricsToken.length < 16) problems.push('METRICS_TOKEN: must be at least 16 characters long');
  const readLimitRaw = env.ANONYMOUS_READ_LIMIT?.trim() || '300';
  if (!/^\d{1,7}$/.test(readLimitRaw)) problems.push(`ANONYMOUS_READ_LIMIT: must be a whole number of requests per 5 minutes, 0 for no limit (got "${readLimitRaw}")`);

  const pageCacheRaw = env.PAGE_CACHE_SECONDS?.trim() || '1';
  const pageCacheOk = /^\d{1,2}(?:\.\d{1,3})?$/.test(pageCacheRaw) && Number(pageCacheRaw) <= 60;
  if (!pageCacheOk) problems.push(`PAGE_CACHE_SECONDS: must be a number of seconds from 0 to 60, 0 to turn the page cache off (got "${pageCacheRaw}")`);

  const listenSocketsRaw = env.LISTEN_SOCKETS?.trim() || '8';
  const listenSocketsOk = /^\d{1,2}$/.test(listenSocketsRaw) && Number(listenSocketsRaw) >= 1 && Number(listenSocketsRaw) <= 64;
  if (!listenSocketsOk) problems.push(`LISTEN_SOCKETS: must be a whole number from 1 to 64 (got "${listenSocketsRaw}")`);

  const uploadMaxRaw = env.UPLOAD_MAX_MB?.trim() || '1024';
  const uploadMaxOk = /^\d{1,6}$/.test(uploadMaxRaw) && Number(uploadMaxRaw) >= 1;
  if (!uploadMaxOk) problems.push(`UPLOAD_MAX_MB: must be a whole number of MiB, at least 1 (got "${uploadMaxRaw}")`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: port ?? 3000,
    host,
    dataDir,
    database,
    redisUrl,
    baseUrl,
    cookieSecret,
    secureCookies: baseUrl.startsWith('https://'),
    logLevel,
    loadDemo,
    trustProxy,
    metricsToken,
    anonymousReadLimit: /^\d{1,7}$/.test(readLimitRaw) ? Number(readLimitRaw) : 300,
    pageCacheMs: pageCacheOk ? Math.round(Number(pageCacheRaw) * 1000) : 1000,
    listenSockets: listenSocketsOk ? Number(listenSocketsRaw) : 8,
    uploadMaxBytes: (uploadMaxOk ? Number(uploadMaxRaw) : 1024) * 1024 * 1024,
  };
}

function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^[\da-fA-F.:/, ]+$|^(loopback|linklocal|uniquelocal)$/.test(value)) return value;
  problems.push(`TRUST_PROXY: must be true, false, a hop count, or proxy addresses/CIDRs (got "${raw}")`);
  return false;
}

function parsePort(raw: string | undefined, problems: string[]): number | null {
  if (raw === undefined || raw.trim() === '') return 3000;
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    problems.push(`PORT: must be a whole number from 0 to 65535 (got "${raw}")`);
    return null;
  }
  return Number(value);
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  problems.push(`${name}: must be true or false (got "${raw}")`);
  return fallback;
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
