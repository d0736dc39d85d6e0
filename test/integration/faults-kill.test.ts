import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearerFor, buildChat, buildUser } from '../support/factories.ts';
import { SseClient, type SseEvent } from '../support/sse.ts';
import { configuredDatabase, openMigrated } from './ops-backup-helpers.ts';
import { postText, serve, sleep, stop, until } from './faults-helpers.ts';

/**
 * `kill -9` of a real `musesocial serve` in the middle of live posting
 * (SQLite): nothing the server acknowledged may be lost, nothing stored
 * twice, and a viewer that resumes with Last-Event-ID on the restarted
 * server ends with every event once, in order.
 */
describe('kill -9 during live posting (sqlite)', () => {
  it('keeps every acknowledged post exactly once and lets viewers resume without gaps', async (t) => {
    const place = await configuredDatabase('sqlite');
    const setup = await openMigrated(place);
    const organizer = await buildUser(setup.db, { role: 'organizer' });
    const chat = await buildChat(setup.db, organizer, { startsInHours: -0.1 });
    // Posting is limited per account (a burst of 10): many accounts keep the stream busy.
    const tokens: Array<Record<string, string>> = [];
    for (let i = 0; i < 30; i++) tokens.push(await bearerFor(setup.db, await buildUser(setup.db)));
    await setup.close();

    const env = { MUSESOCIAL_DATA_DIR: place.dir, DATABASE_URL: '' };
    const first = serve(env);
    let second: ReturnType<typeof serve> | null = null;
    const viewers: SseClient[] = [];
    try {
      const base = await first.url;
      const streamUrl = `${base}/api/v1/chats/${chat.slug}/stream`;
      for (let i = 0; i < 3; i++) viewers.push(await SseClient.connect(streamUrl));
      await sleep(200);

      const acknowledged: string[] = [];
      const unanswered: string[] = [];
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          const i = next++;
          const text = `kill9 post ${i}`;
          const answer = await postText(base, chat.slug, tokens[i % tokens.length]!, text);
          if (answer.status === 201) acknowledged.push(text);
          else if (answer.status === 0) unanswered.push(text);
          else assert.equal(answer.status, 429, `only the posting limit may refuse: ${answer.status} ${answer.body}`);
        }
      };
      const workers = Array.from({ length: 6 }, worker);
      // Kill while requests are in flight, after a good number were acknowledged.
      assert.ok(await until(() => acknowledged.length >= 60, 20_000), `only ${acknowledged.length} posts acknowledged before the kill`);
      first.child.kill('SIGKILL');
      killed = true;
      const { signal } = await first.exited;
      assert.equal(signal, 'SIGKILL');
      await Promise.all(workers);
      const beforeKill = viewers.map((viewer) => viewer.events.filter((e) => e.id !== null).length);

      second = serve(env);
      const restarted = await second.url;

      // The archive: every acknowledged post once; no post (acknowledged or not) twice.
      const database = place.open();
      let stored: string[];
      let lastSeq: number;
      try {
        const rows = await sql<{ text: string }>`select text from posts where chat_id = ${chat.id}`.execute(database.db);
        stored = rows.rows.map((r) => r.text.split(' #')[0]!);
        const seq = await sql<{ n: number | null }>`select max(seq) as n from chat_events where chat_id = ${chat.id}`.execute(database.db);
        lastSeq = Number(seq.rows[0]!.n);
      } finally {
        await database.close();
      }
      const counts = new Map<string, number>();
      for (const text of stored) counts.set(text, (counts.get(text) ?? 0) + 1);
      assert.deepEqual([...counts].filter(([, n]) => n > 1), [], 'no post is stored twice');
      assert.deepEqual(acknowledged.filter((text) => !counts.has(text)), [], 'every acknowledged post is in the archive');
      const extra = stored.filter((text) => !acknowledged.includes(text));
      assert.ok(extra.every((text) => unanswered.includes(text)), `only posts whose answer was cut off may be stored unacknowledged: ${extra}`);

      // Viewers resume on the restarted server from the last id each one saw.
      for (const [n, viewer] of viewers.entries()) {
        const seen = viewer.events.filter((e) => e.id !== null);
        const lastId = seen.at(-1)?.id;
        viewer.close();
        const resumed = await SseClient.connect(`${restarted}/api/v1/chats/${chat.slug}/stream`, lastId ? { 'last-event-id': lastId } : {});
        try {
          await until(() => seen.length + resumed.events.filter((e) => e.id !== null).length >= lastSeq, 10_000);
          await sleep(200);
          const all: SseEvent[] = [...seen, ...resumed.events.filter((e) => e.id !== null)];
          assert.deepEqual(
            all.map((e) => Number(e.id)),
            Array.from({ length: lastSeq }, (_, k) => k + 1),
            `viewer ${n} (had ${beforeKill[n]} events before the kill) ends with every event once, in order`,
          );
          const texts = all.filter((e) => e.event === 'post.created').map((e) => (JSON.parse(e.data) as { post: { text: string } }).post.text.split(' #')[0]!);
          assert.deepEqual(acknowledged.filter((text) => !texts.includes(text)), [], `viewer ${n} saw every acknowledged post`);
        } finally {
          resumed.close();
        }
      }
      t.diagnostic(`${acknowledged.length} acknowledged, ${unanswered.length} cut off by the kill, ${lastSeq} events; viewers had ${beforeKill} before the kill`);
    } finally {
      for (const viewer of viewers) viewer.close();
      await stop(first);
      if (second) await stop(second, 'SIGTERM');
      await place.dispose();
    }
  });
});
