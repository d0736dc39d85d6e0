import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseKind } from '../../src/db/database.ts';
import { freshDatabase, type TestDatabase } from './databases.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** A whole app on a fresh database, driven with `app.inject` (no socket). */
export async function buildTestApp(kind: DatabaseKind, env: Record<string, string> = {}, options: Pick<AppOptions, 'onRoute'> & { onDisk?: boolean } = {}): Promise<TestApp> {
  const { onDisk, ...appOptions } = options;
  const database = await freshDatabase(kind, { onDisk: onDisk ?? false });
  // The page cache is off unless a test asks for it (test/integration/page-cache.test.ts): other tests
  // change data and read it back at once, which the cache would show up to a second later.
  const config = loadConfig({ BASE_URL: 'http://musesocial.test', MUSESOCIAL_DATA_DIR: '/nonexistent', PAGE_CACHE_SECONDS: '0', ...env });
  const app = await buildApp({ config, database, cookieSecret: 'test-secret-that-is-long-enough-000000', ...appOptions });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}

/** Cookies from a response as a Cookie header value. */
export function cookiesOf(response: { cookies: Array<{ name: string; value: string }> }): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Loads a form page and returns what a browser would submit with it: the CSRF token and cookie. */
export async function formCsrf(app: FastifyInstance, path: string, cookie = ''): Promise<{ token: string; cookie: string }> {
  const response = await app.inject({ method: 'GET', url: path, headers: { cookie, accept: 'text/html' } });
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${path} (status ${response.statusCode})`);
  const fresh = cookiesOf(response);
  return { token, cookie: [cookie, fresh].filter(Boolean).join('; ') };
}

export function form(fields: Record<string, string>): { payload: string; headers: Record<string, string> } {
  return { payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}
