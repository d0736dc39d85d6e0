import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { scratchDir, twitterDate } from './archive-import-helpers.ts';

/**
 * An X account renamed between two chats is archived as two author rows
 * (authors are kept by handle), one per archive. It is one person: the
 * later chat counts it as returning, not new, and community growth as
 * retained. Imported through the real import, read through the API.
 */
for (const target of databaseTargets()) {
  describe(`metrics count accounts, not author rows (${target.kind})`, { skip: target.skip }, () => {
    let t: TestApp;
    const files = scratchDir();
    const get = async (url: string) => {
      const response = await t.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const tweet = (id: string, userId: string, handle: string, at: string, text: string) =>
      JSON.stringify({ created_at: twitterDate(at), id_str: id, text, user: { id_str: userId, screen_name: handle, name: handle, followers_count: 10 }, favorite_count: 0, retweet_count: 0 });

    before(async () => {
      t = await buildTestApp(target.kind);
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const chat = (slug: string, startsAt: string) =>
        buildChat(t.database.db, organizer, { slug, hashtags: ['okapichat'], startsAt, endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString(), questions: [] } as never);
      await chat('okapi-one', '2021-03-02T19:00:00.000Z');
      await chat('okapi-two', '2021-03-09T19:00:00.000Z');
      const load = (slug: string, name: string, lines: string[]) =>
        importIntoChat(t.database, { via: 'cli' }, slug, { files: [{ path: files.write(name, lines.join('\n')), fileName: name }], format: 'twitter-v1' });
      await load('okapi-one', 'one.jsonl', [
        tweet('1001', '42', 'dana_old', '2021-03-02T19:05:00.000Z', 'A1 first week #okapichat'),
        tweet('1002', '43', 'lee', '2021-03-02T19:06:00.000Z', 'hello #okapichat'),
      ]);
      await load('okapi-two', 'two.jsonl', [
        tweet('2001', '42', 'dana_new', '2021-03-09T19:05:00.000Z', 'back under a new name #okapichat'),
        tweet('2002', '44', 'newbie', '2021-03-09T19:06:00.000Z', 'my first time #okapichat'),
      ]);
    });
    after(async () => {
      await t.close();
      files.cleanup();
    });

    it('counts the renamed account as returning, shown by the name it posted under', async () => {
      const rows = await t.database.db.selectFrom('authors').select('handle').where('sourceUserId', '=', '42').orderBy('handle').execute();
      assert.deepEqual(rows.map((r) => r.handle), ['dana_new', 'dana_old'], 'two author rows, one account');
      const s = await get('/api/v1/chats/okapi-two/stats');
      assert.equal(s.participants, 2);
      assert.equal(s.returningParticipants, 1, 'dana took part a week before, as dana_old');
      assert.equal(s.newParticipants, 1);
      assert.deepEqual(s.topPosters.map((p: { handle: string }) => p.handle).sort(), ['dana_new', 'newbie']);
    });

    it('counts the renamed account as retained in community growth', async () => {
      const g = await get('/api/v1/stats?tag=okapichat');
      assert.deepEqual(
        g.chats.map((c: Record<string, unknown>) => [c.slug, c.participants, c.newParticipants, c.retained]),
        [
          ['okapi-one', 2, 2, 0],
          ['okapi-two', 2, 1, 1],
        ],
      );
    });
  });
}
