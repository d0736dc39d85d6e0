import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { openPostgres, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createPost } from '../../src/posts/posts.service.ts';
import { POSTGRES_URL } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';

/**
 * Two app processes posting into one room on PostgreSQL: each process is a
 * connection pool of its own. Posts from both must all be stored, with no
 * deadlock between the two processes' transactions (seen once when posts
 * of one process shared a transaction: each batch held the room's event
 * counter while it waited for an author row the other batch held).
 */
describe('posting through two processes on PostgreSQL', { skip: POSTGRES_URL ? false : 'no PostgreSQL (set MUSESOCIAL_TEST_POSTGRES_URL)' }, () => {
  const schema = `test_${crypto.randomBytes(6).toString('hex')}`;
  let admin: Database;
  let one: Database;
  let two: Database;
  before(async () => {
    admin = openPostgres(POSTGRES_URL, { poolSize: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    one = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 4 });
    two = openPostgres(POSTGRES_URL, { searchPath: schema, poolSize: 4 });
    await migrateToLatest(one);
  });
  after(async () => {
    await one.close();
    await two.close();
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  });

  it('stores every post once, with consecutive live event ids, and no deadlock', async () => {
    const organizer = await buildUser(one.db, { role: 'organizer' });
    const chat = await buildChat(one.db, organizer, { startsInHours: -0.5 });
    const members = await Promise.all(Array.from({ length: 40 }, () => buildUser(one.db)));
    const rounds = 4;
    const results = await Promise.allSettled(
      Array.from({ length: rounds }).flatMap((_, round) =>
        members.map((member, i) => createPost((i + round) % 2 ? one.db : two.db, member, chat.slug, { text: `post ${round}-${i}` })),
      ),
    );
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    assert.deepEqual(failures, []);
    const stored = await one.db.selectFrom('posts').select(({ fn }) => fn.countAll<number>().as('n')).where('chatId', '=', chat.id).executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), rounds * members.length);
    const seqs = (await one.db.selectFrom('chatEvents').select('seq').where('chatId', '=', chat.id).orderBy('seq').execute()).map((r) => Number(r.seq));
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'event ids have no gaps');
  });
});
