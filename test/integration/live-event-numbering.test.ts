import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { appendEvent, appendEvents, eventsAfter, lastEventSeq } from '../../src/live/events.repository.ts';
import { writeWithEvents } from '../../src/live/write-with-events.ts';

for (const target of databaseTargets()) {
  describe(`live event numbering on ${target.kind}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let chatA: number;
    let chatB: number;
    beforeEach(async () => {
      database = await freshDatabase(target.kind);
      const organizer = await buildUser(database.db, { role: 'organizer' });
      chatA = (await buildChat(database.db, organizer)).id;
      chatB = (await buildChat(database.db, organizer)).id;
    });
    afterEach(() => database.dispose());

    it('numbers each chat\'s events consecutively, in the order given, across chats and writes', async () => {
      const first = await database.db.transaction().execute((trx) =>
        appendEvents(trx, [
          { chatId: chatB, type: 'chat.status', data: { status: 'b1' } },
          { chatId: chatA, type: 'chat.status', data: { status: 'a1' } },
          { chatId: chatB, type: 'chat.status', data: { status: "b2 'quoted' \\ back" } },
        ], 1000),
      );
      assert.deepEqual(first.map((e) => [e.chatId, e.seq, JSON.parse(e.payload).status]), [
        [chatB, 1, 'b1'],
        [chatA, 1, 'a1'],
        [chatB, 2, "b2 'quoted' \\ back"],
      ]);
      const next = await database.db.transaction().execute((trx) => appendEvent(trx, chatB, 'chat.status', { status: 'b3' }, 2000));
      assert.equal(next.seq, 3);
      const stored = await eventsAfter(database.db, chatB, 0, 10);
      assert.deepEqual(stored.map((e) => [e.seq, JSON.parse(e.payload).status]), [[1, 'b1'], [2, "b2 'quoted' \\ back"], [3, 'b3']]);
      assert.deepEqual(stored, [first[0], first[2], next]);
      assert.equal(await lastEventSeq(database.db, chatA), 1);
    });

    it('stores nothing, and uses no number, when the write fails', async () => {
      await assert.rejects(
        writeWithEvents(database.db, 1000, async (_trx, emit) => {
          await emit(chatA, 'chat.status', { status: 'lost' });
          // A chat that does not exist: the event's insert breaks its foreign key.
          await emit(chatA + chatB + 1000, 'chat.status', { status: 'nowhere' });
        }),
      );
      assert.equal(await lastEventSeq(database.db, chatA), 0);
      const { events } = await writeWithEvents(database.db, 2000, async (_trx, emit) => emit(chatA, 'chat.status', { status: 'kept' }));
      assert.deepEqual(events.map((e) => e.seq), [1]);
    });

    it('writes without events commit as usual', async () => {
      const { result, events } = await writeWithEvents(database.db, 1000, async (trx) => {
        await trx.updateTable('chats').set({ title: 'Renamed' }).where('id', '=', chatA).execute();
        return 'done';
      });
      assert.equal(result, 'done');
      assert.deepEqual(events, []);
      const chat = await database.db.selectFrom('chats').select('title').where('id', '=', chatA).executeTakeFirstOrThrow();
      assert.equal(chat.title, 'Renamed');
    });

    if (target.kind === 'postgres') {
      it('commits with the numbering statement: no round trip to the app holds the counter lock', async () => {
        await database.db.transaction().execute(async (trx) => {
          await trx.updateTable('chats').set({ title: 'With its event' }).where('id', '=', chatA).execute();
          await appendEvent(trx, chatA, 'chat.status', { status: 'x' }, 1000);
          // Still inside the callback, before Kysely's own COMMIT: another connection already sees both.
          const other = await database.db.selectFrom('chats').select('title').where('id', '=', chatA).executeTakeFirstOrThrow();
          assert.equal(other.title, 'With its event');
          assert.equal(await lastEventSeq(database.db, chatA), 1);
        });
      });

      it('refuses a statement after the numbering one rather than run it outside the transaction', async () => {
        await assert.rejects(
          database.db.transaction().execute(async (trx) => {
            await appendEvent(trx, chatA, 'chat.status', { status: 'x' }, 1000);
            await trx.updateTable('chats').set({ title: 'Too late' }).where('id', '=', chatA).execute();
          }),
          /already committed by its final statement/,
        );
        const chat = await database.db.selectFrom('chats').select('title').where('id', '=', chatA).executeTakeFirstOrThrow();
        assert.notEqual(chat.title, 'Too late');
        // The connection is usable again afterwards.
        const next = await database.db.transaction().execute((trx) => appendEvent(trx, chatA, 'chat.status', { status: 'y' }, 2000));
        assert.equal(next.seq, 2);
      });

      it('inside a savepoint it leaves the commit to the transaction', async () => {
        await assert.rejects(
          database.db.transaction().execute(async (trx) => {
            await sql`savepoint one_write`.execute(trx);
            await appendEvent(trx, chatA, 'chat.status', { status: 'x' }, 1000);
            await sql`release savepoint one_write`.execute(trx);
            throw new Error('the batch fails');
          }),
          /the batch fails/,
        );
        assert.equal(await lastEventSeq(database.db, chatA), 0);
      });
    }
  });
}
