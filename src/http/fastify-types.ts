import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { User } from '../db/schema.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account (session cookie or API token), or null. */
    user: User | null;
    /** How `user` was established; cookie-authenticated writes need CSRF protection. */
    authMethod: 'session' | 'token' | null;
  }
  interface FastifyContextConfig {
    /** The route checks its own credentials (e.g. /metrics), so Authorization is not an API token there. */
    ownCredentials?: boolean;
  }
  interface FastifyInstance {
    config: Config;
    database: Database;
  }
}
