import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createApiToken, userForApiToken } from '../../src/accounts/accounts.service.ts';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildUser } from '../support/factories.ts';

for (const target of databaseTargets()) {
  describe(`API token "last used" on ${target.kind}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await freshDatabase(target.kind);
    });
    afterEach(() => database.dispose());

    const lastUsed = async () => (await database.db.selectFrom('apiTokens').select('lastUsedAt').executeTakeFirstOrThrow()).lastUsedAt;

    it('records the first use, then at most once a minute (no write on every API call)', async () => {
      const user = await buildUser(database.db);
      const token = await createApiToken(database.db, user, 'script', 1_000);
      assert.equal(await lastUsed(), null);

      assert.equal((await userForApiToken(database.db, token, 10_000))?.id, user.id);
      assert.equal(await lastUsed(), 10_000, 'the first use is recorded');
      await userForApiToken(database.db, token, 40_000);
      assert.equal(await lastUsed(), 10_000, 'a use 30 s later writes nothing');
      await userForApiToken(database.db, token, 70_000);
      assert.equal(await lastUsed(), 70_000, 'a use a minute later is recorded');
    });
  });
}
