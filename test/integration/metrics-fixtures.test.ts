import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseTargets, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { openSqlite } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { findChatBySlug } from '../../src/chats/chats.repository.ts';
import { statsOfChat } from '../../src/metrics/metrics.service.ts';
import { presentStats } from '../../src/metrics/stats.presenter.ts';
import { fixture } from './archive-import-helpers.ts';
import { readTweets, reference, type Reference } from './metrics-reference.ts';

// Real archives from ../shared/fixtures, imported with the real importer,
// measured, and checked against an independent reading of the raw JSON.
const FILES = [
  { file: 'twitter-v1.1/sferik_search.json', slug: 'free-band-names', tags: ['freebandnames'] },
  { file: 'twitter-v1.1/tweet_parser_original_format_examples.jsonl', slug: 'tweet-parser', tags: ['robots'] },
  { file: 'twitter-v1.1/sferik_statuses.json', slug: 'timeline', tags: ['museums'] },
  // Not tweetsets_spark-test-tweets.jsonl: its screen names were anonymised to
  // "user screen name", which no @mention in a text can spell.
];

type Stats = ReturnType<typeof presentStats>;
const sorted = (o: Record<string, number>) => Object.entries(o).sort((a, b) => a[0].localeCompare(b[0]));

function assertAgrees(s: Stats, r: Reference, all: { posters: Array<[string, number]>; hashtags: Array<[string, number]>; mentions: Array<[string, number]>; repliedTo: Array<[string, number]>; links: Array<[string, number]>; perMinute: Array<[string, number]> }) {
  assert.deepEqual(s.posts, { total: r.total, ...r.kinds });
  assert.equal(s.participants, r.participants);
  assert.deepEqual(all.posters.sort((a, b) => a[0].localeCompare(b[0])), sorted(r.perAuthor));
  assert.deepEqual(all.perMinute.filter(([, n]) => n > 0), sorted(r.perMinute));
  assert.deepEqual(all.hashtags.sort((a, b) => a[0].localeCompare(b[0])), sorted(r.hashtags));
  assert.deepEqual(all.mentions.sort((a, b) => a[0].localeCompare(b[0])), sorted(r.mentions));
  assert.deepEqual(all.repliedTo.sort((a, b) => a[0].localeCompare(b[0])), sorted(r.repliedTo));
  assert.deepEqual(all.links.sort((a, b) => a[0].localeCompare(b[0])), sorted(r.links));
  if (r.impressions !== null) assert.equal(s.impressions.estimate, r.impressions);
  // Nobody came to an earlier chat with these tags.
  assert.equal(s.newParticipants, r.participants);
  assert.equal(s.returningParticipants, 0);
}

for (const target of databaseTargets()) {
  describe(`metrics of imported real archives (${target.kind})`, { skip: target.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await freshDatabase(target.kind);
    });
    after(() => database.dispose());

    for (const { file, slug, tags } of FILES) {
      it(`${file}: every figure agrees with the raw file`, async () => {
        const organizer = await buildUser(database.db, { role: 'organizer' });
        await buildChat(database.db, organizer, { slug, hashtags: tags, startsInHours: -24 * 365 * 20 } as never);
        await importIntoChat(database, { via: 'cli' }, slug, { files: [{ path: fixture(file), fileName: path.basename(file) }], format: null });
        const stats = await statsOfChat(database.db, (await findChatBySlug(database.db, slug))!);
        const f = stats.figures;
        assertAgrees(presentStats(stats, 'http://t'), reference(readTweets(fixture(file)), tags), {
          posters: f.posters.map((p) => [p.handle, p.total]),
          hashtags: f.hashtags.map((h) => [h.tag, h.posts]),
          mentions: f.mostMentioned.map((m) => [m.handle, m.mentions]),
          repliedTo: f.mostRepliedTo.map((m) => [m.handle, m.replies]),
          links: f.links.map((l) => [l.url, l.posts]),
          perMinute: f.perMinute.map((m) => [new Date(m.minute).toISOString(), m.posts]),
        });
      });
    }
  });
}

describe('musesocial stats (command line, SQLite)', () => {
  const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');
  let dir: string;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, MUSESOCIAL_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent', BASE_URL: 'http://cli.test' }, encoding: 'utf8', timeout: 60_000 });
  const { file, slug, tags } = FILES[0]!;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-stats-cli-'));
    const database = openSqlite(path.join(dir, 'musesocial.sqlite'));
    try {
      await migrateToLatest(database);
      await buildChat(database.db, await buildUser(database.db, { role: 'organizer' }), { slug, hashtags: tags, startsInHours: -24 * 365 * 12 } as never);
    } finally {
      await database.close();
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports the real file, then prints one JSON document that agrees with the raw file', () => {
    const imported = cli('import', fixture(file), '--chat', slug);
    assert.equal(imported.status, 0, imported.stderr);
    const run = cli('stats', slug, '--json');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'exactly one JSON document');
    const s = JSON.parse(lines[0]!) as Stats;
    const r = reference(readTweets(fixture(file)), tags);
    assert.equal(s.chat.url, `http://cli.test/chats/${slug}`);
    // The JSON lists the top rows; this archive is small enough that they are all.
    assertAgrees(s, r, {
      posters: s.topPosters.map((p) => [p.handle, p.posts]),
      hashtags: s.hashtags.map((h) => [h.tag, h.posts]),
      mentions: s.mostMentioned.map((m) => [m.handle, m.mentions]),
      repliedTo: s.mostRepliedTo.map((m) => [m.handle, m.replies]),
      links: s.links.map((l) => [l.url, l.posts]),
      perMinute: s.perMinute.map((m) => [m.minute!, m.posts]),
    });
  });

  it('prints a readable summary, and a JSON error for an unknown chat', () => {
    const run = cli('stats', slug);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Posts\s+\d+/m);
    assert.match(run.stdout, /Top posters/);
    const missing = cli('stats', 'no-such-chat', '--json');
    assert.equal(missing.status, 1);
    assert.equal(JSON.parse(missing.stdout).error.code, 'not_found');
    const human = cli('stats', 'no-such-chat');
    assert.notEqual(human.status, 0);
    assert.match(human.stderr, /no chat with the slug "no-such-chat"/);
  });
});
