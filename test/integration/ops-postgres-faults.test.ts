import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/db/database.ts';
import { POSTGRES_URL } from '../support/databases.ts';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { configuredDatabase, openMigrated } from './ops-backup-helpers.ts';

/**
 * PostgreSQL's side of storage faults, with real server errors: a database
 * that refuses writes (a read-only transaction, as on a replica or after
 * `default_transaction_read_only`) and a database that is not there.
 */
const skip = POSTGRES_URL ? false : 'no PostgreSQL reachable (set MUSESOCIAL_TEST_POSTGRES_URL)';
const config = loadConfig({ BASE_URL: 'http://musesocial.test', MUSESOCIAL_DATA_DIR: '/nonexistent' });
const cookieSecret = 'test-secret-that-is-long-enough-000000';

describe('PostgreSQL faults', { skip }, () => {
  it('a read-only database answers writes with 503 storage_read_only and keeps serving reads', async () => {
    const place = await configuredDatabase('postgres');
    const setup = await openMigrated(place);
    const organizer = await buildUser(setup.db, { role: 'organizer' });
    const chat = await buildChat(setup.db, organizer, { startsInHours: -0.1 });
    const auth = await bearerFor(setup.db, organizer);
    await setup.close();

    const url = new URL(place.config.database.kind === 'postgres' ? place.config.database.url : '');
    url.searchParams.set('options', `${url.searchParams.get('options')} -c default_transaction_read_only=on`);
    const database = openPostgres(url.toString(), { poolSize: 2 });
    const app = await buildApp({ config, database, cookieSecret });
    try {
      const refused = await app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/posts`, headers: auth, payload: { text: 'A1 not today' } });
      assert.equal(refused.statusCode, 503);
      assert.equal(refused.json().error.code, 'storage_read_only');
      assert.equal((await app.inject(`/api/v1/chats/${chat.slug}`)).statusCode, 200);
      assert.equal((await app.inject('/readyz')).statusCode, 200);
    } finally {
      await app.close();
      await database.close();
      await place.dispose();
    }
  });

  it('an unreachable database answers 503 unavailable; /healthz stays 200, /readyz says 503', async () => {
    const database = openPostgres('postgres://postgres@127.0.0.1:1/nowhere', { poolSize: 1 });
    const app = await buildApp({ config, database, cookieSecret });
    try {
      const chats = await app.inject('/api/v1/chats');
      assert.equal(chats.statusCode, 503);
      assert.deepEqual(chats.json(), { error: { code: 'unavailable', message: 'The database is not reachable right now; try again in a moment' } });
      assert.equal((await app.inject('/healthz')).statusCode, 200);
      assert.equal((await app.inject('/readyz')).statusCode, 503);
      const page = await app.inject({ url: '/chats', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /not reachable right now/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
