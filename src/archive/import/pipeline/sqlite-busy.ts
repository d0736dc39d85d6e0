import type { Database } from '../../../db/database.ts';

/**
 * Another process writing the same SQLite file (the server, while the
 * command line imports) can make a transaction give up with "database is
 * locked" once busy_timeout has passed; the batch is then tried again. It
 * either committed whole or not at all, so trying again is safe.
 */
export async function withBusyRetry<T>(database: Database, body: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await body();
    } catch (error) {
      const busy = database.kind === 'sqlite' && /database is locked|SQLITE_BUSY/i.test(String((error as Error).message));
      if (!busy || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
