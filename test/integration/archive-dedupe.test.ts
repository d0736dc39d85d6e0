import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { fixture } from './archive-import-helpers.ts';

/**
 * Mastodon posts are the same post whichever server was asked, but each
 * server gives it its own `id`: the archive knows a post by its `uri`.
 * The two samples are one #rstats timeline asked of fosstodon.org and of
 * mastodon.social (ids differ, uris agree; read off the files).
 */
for (const target of databaseTargets()) {
  describe(`Mastodon posts merge by uri (${target.kind})`, { skip: target.skip }, () => {
    let database: TestDatabase;
    beforeEach(async () => (database = await freshDatabase(target.kind)));
    afterEach(() => database.dispose());

    it('imports the same timeline from two servers once', async () => {
      const organizer = await buildUser(database.db, { role: 'organizer' });
      const chat = await buildChat(database.db, organizer, { startsInHours: -48 });
      const run = (file: string) =>
        importIntoChat(database, { via: 'cli' }, chat.slug, { files: [{ path: fixture(`mastodon/rest-api/${file}`), fileName: path.basename(file) }], format: null });

      const first = await run('get_timeline_hashtag_default.json');
      assert.equal(first.totals.imported, 5);
      const second = await run('get_timeline_hashtag_instance.json');
      assert.deepEqual([second.totals.imported, second.totals.duplicates], [0, 5]);

      const posts = await database.db.selectFrom('posts').select(['sourceId', 'sourceUrl']).orderBy('sourceId').execute();
      assert.equal(posts.length, 5);
      const simon = posts.find((p) => p.sourceId === 'https://rstats.me/users/simonpcouch/statuses/114870142137562212');
      assert.ok(simon, 'known by its uri, not by either server’s id');
      assert.equal(simon.sourceUrl, 'https://rstats.me/@simonpcouch/114870142137562212');
      assert.ok(!posts.some((p) => /^\d+$/.test(p.sourceId!)), 'no server-local id is used as the identity');
    });
  });
}
