import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets, freshDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { scratchDir } from './archive-import-helpers.ts';

/**
 * Our JSON Lines carry each post's question fields and edit time: a chat
 * whose questions were released from the host console (no `Q1` marker from
 * a listed host), imported where it lists no hosts, keeps them exactly.
 * (exports-streaming.test.ts does the whole CLI round trip on SQLite.)
 */
const line = (id: string, fields: Record<string, unknown>) =>
  JSON.stringify({
    musesocial: 1, type: 'post', id, text: `post ${id}`, kind: 'original', createdAt: `2026-03-10T19:0${id}:00.000Z`, editedAt: null, hashtags: [], questionNumber: null, answersQuestion: null,
    counts: { likes: 0, boosts: 0, replies: 0 }, author: { network: 'local', handle: 'dana', displayName: 'Dana', sourceUserId: null, followersCount: null, profileUrl: null },
    origin: { network: 'local', id: `https://elsewhere.test/chats/x/posts/${id}`, url: null }, references: { replyTo: null, quoteOf: null, boostOf: null },
    ...fields,
  });

for (const target of databaseTargets()) {
  describe(`JSON Lines re-import keeps questions (${target.kind})`, { skip: target.skip }, () => {
    it('restores question numbers, answers and edit times the file says, whatever the import would derive', async () => {
      const database = await freshDatabase(target.kind);
      const files = scratchDir();
      try {
        const chat = await buildChat(database.db, await buildUser(database.db, { role: 'organizer' }), { startsInHours: -48 });
        const file = files.write('chat.jsonl', [
          JSON.stringify({ musesocial: 1, type: 'chat', exportedAt: '2026-03-11T00:00:00.000Z', chat: { slug: 'x' } }),
          line('1', { text: 'What is your favourite object?', questionNumber: 1 }),
          line('2', { text: 'The teapot, no marker at all', answersQuestion: 1, editedAt: '2026-03-10T19:05:00.000Z' }),
          line('3', { text: 'Q2 looks like a question but was not one' }),
          line('4', { text: 'A2 an answer marker the original never counted' }),
        ].join('\n'));
        const run = () => importIntoChat(database, { via: 'cli' }, chat.slug, { files: [{ path: file, fileName: 'chat.jsonl' }], format: null });
        assert.equal((await run()).totals.imported, 4);
        const rows = async () =>
          (await database.db.selectFrom('posts').select(['text', 'questionNumber', 'answersQuestion', 'editedAt']).orderBy('createdAt').execute()).map((r) => [r.text.split(' ')[0], r.questionNumber, r.answersQuestion, r.editedAt]);
        const expected = [['What', 1, null, null], ['The', null, 1, Date.parse('2026-03-10T19:05:00.000Z')], ['Q2', null, null, null], ['A2', null, null, null]];
        assert.deepEqual(await rows(), expected);
        const first = await database.db.selectFrom('posts').select('id').where('text', 'like', 'What%').executeTakeFirstOrThrow();
        const questions = await database.db.selectFrom('chatQuestions').select(['number', 'postId']).where('chatId', '=', chat.id).orderBy('number').execute();
        assert.deepEqual(questions.map((q) => [q.number, q.postId === null ? null : Number(q.postId)]), [[1, Number(first.id)], [2, null]], 'question 1 was released by that post; question 2 never was');
        assert.equal((await run()).totals.imported, 0);
        assert.deepEqual(await rows(), expected, 'importing again changes nothing');
      } finally {
        files.cleanup();
        await database.dispose();
      }
    });
  });
}
