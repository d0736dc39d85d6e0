import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/**
 * Migration 0020 on an archive imported before it: a Bluesky account
 * imported from a Jetstream file (by DID) and from API views (by handle)
 * is two author rows, to be merged into one.
 */
for (const target of databaseTargets()) {
  describe(`migration 0020_author_identity (${target.kind})`, { skip: target.skip }, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await freshDatabase(target.kind);
      // Back to the schema before 0020.
      await sql`drop index authors_bluesky_did`.execute(database.db);
      await sql`drop index authors_source_user`.execute(database.db);
      await sql`alter table consent_log drop column author_source_user_id`.execute(database.db);
      await sql`delete from schema_migrations where name = '0020_author_identity'`.execute(database.db);
    });
    afterEach(() => database.dispose());

    it('merges the rows of one DID into the one with a handle, moving its posts, and then keeps one row per DID', async () => {
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, {});
      const did = 'did:plc:ragtjsm2j2vknwkz3zp4oxrd';
      const author = async (handle: string, displayName: string, sourceUserId: string | null) =>
        Number((await database.db.insertInto('authors').values({ network: 'bluesky', handle, displayName, sourceUserId, userId: null, followersCount: null, profileUrl: null, createdAt: 1 }).returning('id').executeTakeFirstOrThrow()).id);
      const byDid = await author(did, did, did);
      const byHandle = await author('ana-curates.bsky.social', 'Ana', did);
      const other = await author('lee.museum.example', 'Lee', 'did:plc:3jpt2mvvsumj2r7eqk4gzzjz');
      const post = async (authorId: number, sourceId: string) =>
        database.db.insertInto('posts').values({ chatId: chat.id, authorId, text: sourceId, kind: 'original', createdAt: 1, sourceNetwork: 'bluesky', sourceId }).execute();
      await post(byDid, 'at://1');
      await post(byHandle, 'at://2');
      await post(other, 'at://3');

      assert.deepEqual((await migrateToLatest(database)).applied, ['0020_author_identity']);
      const rows = await database.db.selectFrom('authors').select(['id', 'handle']).where('network', '=', 'bluesky').orderBy('id').execute();
      assert.deepEqual(rows.map((r) => [Number(r.id), r.handle]), [[byHandle, 'ana-curates.bsky.social'], [other, 'lee.museum.example']]);
      const owners = await database.db.selectFrom('posts').select(['sourceId', 'authorId']).orderBy('sourceId').execute();
      assert.deepEqual(owners.map((p) => [p.sourceId, Number(p.authorId)]), [['at://1', byHandle], ['at://2', byHandle], ['at://3', other]]);
      await assert.rejects(author('someone.else', 'X', did), /unique|UNIQUE/);
    });
  });
}
