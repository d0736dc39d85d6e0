// Search benchmark (`npm run bench:search`).
//
// Generates 1,000,000 posts into a fresh SQLite data dir (and a fresh
// PostgreSQL schema when one answers): 500 chats of 2,000 posts spread over
// ten years and inserted in random chat order (as imports arrive), 200
// authors with Zipf-like activity, a Zipf-like vocabulary of 30,000 words,
// community hashtags plus rarer topical ones. Then it runs a query mix
// through the search service (parse, visibility, query, snippets, post
// loading: what GET /api/v1/search does minus HTTP) and reports p50/p99 per
// kind, against a baseline measured in the same run on the same database:
// the latest 20 posts of a chat through its index, loaded the same way.
// Targets: newest-first p99 ≤ 50 ms, relevance p99 ≤ 500 ms.
//
// Options: --posts N (1000000), --samples N (200 per query kind),
// --postgres URL (default MUSESOCIAL_TEST_POSTGRES_URL, else
// postgres://postgres@127.0.0.1:5432/test; "none" to skip), --keep (keep
// the data and the schema), --only sqlite|postgres, --reuse SCHEMA (measure
// a schema kept by an earlier --keep run of the same size instead of loading).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openPostgres, openSqlite, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { searchPosts } from '../src/search/search.service.ts';
import { postsForResults } from '../src/search/search.repository.ts';
import { planOf } from '../src/search/search-sqlite.ts';
import { pgNewestRead, pgPlanOf } from '../src/search/search-postgres.ts';
import { cpuMs } from './lib/processes.ts';
import { searchFilterFor } from '../src/search/search.service.ts';
import { parseSearchQuery, type SortOrder } from '../src/search/search-query.ts';
import { RELEVANCE_CANDIDATES } from '../src/search/search.types.ts';
import { printTable, summarize } from './lib/report.ts';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '200' },
    postgres: { type: 'string', default: process.env.MUSESOCIAL_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string', default: 'both' },
    reuse: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`npm run bench:search -- [options]
  --posts N         posts to load (1000000)
  --samples N       queries per kind and order (200)
  --postgres URL    PostgreSQL server (MUSESOCIAL_TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test; "none" skips it)
  --only KIND       sqlite or postgres (both)
  --keep            keep the SQLite data dir and the PostgreSQL schema
  --reuse SCHEMA    measure a schema kept by an earlier --keep run of the same size, without loading
Drop kept schemas afterwards: psql -h 127.0.0.1 -U postgres test -c 'DROP SCHEMA name CASCADE'`);
  process.exit(0);
}
const POSTS = Number(args.posts);
const SAMPLES = Number(args.samples);
const CHATS = 500;
const AUTHORS = 200;
const VOCABULARY = 30_000;
const TARGETS: Record<SortOrder, number> = { newest: 50, relevance: 500 };
const BATCH = 10_000;

// ---------- Deterministic data ----------

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20240507);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

/** Zipf(s = 1.05) over n ranks: rank 1 is the most frequent. */
function zipf(n: number, s = 1.05) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  for (let i = 0; i < n; i++) cdf[i]! /= sum;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const COMMON = 'the to and of a in is for that on we our you it with be this are at as museum visitors social media people what have can more about from how not they your all one just so like do collection online audience'.split(' ');
const SYLLABLES = 'ka lo mi ne ru sa ti vo be da fe gi ho ju ki la mo nu pa re si to vu wa xe yo za'.split(' ');
const words: string[] = [...COMMON];
const seen = new Set(words);
while (words.length < VOCABULARY) {
  let word = '';
  const length = 2 + Math.floor(random() * 3);
  for (let i = 0; i < length; i++) word += pick(SYLLABLES);
  if (!seen.has(word)) {
    seen.add(word);
    words.push(word);
  }
}
const wordRank = zipf(VOCABULARY);
const COMMUNITY_TAGS = Array.from({ length: 50 }, (_, i) => ['musesocial', 'edchat', 'hcsm', 'libchat', 'museumhour', 'sschat', 'ukedchat', 'digihum'][i] ?? `community${i}`);
const TOPIC_TAGS = Array.from({ length: 400 }, (_, i) => `topic${words[1000 + i]}`);
const topicRank = zipf(TOPIC_TAGS.length, 1.2);
const authorRank = zipf(AUTHORS, 0.9);
const NETWORKS = ['twitter', 'twitter', 'mastodon', 'bluesky', 'local'] as const;
const authors = Array.from({ length: AUTHORS }, (_, i) => {
  const network = NETWORKS[i % NETWORKS.length]!;
  const base = `${pick(SYLLABLES)}${pick(SYLLABLES)}${i}`;
  const handle = network === 'mastodon' ? `${base}@museum.social` : network === 'bluesky' ? `${base}.bsky.social` : base;
  return { network, handle, displayName: `Person ${i}` };
});

interface GeneratedPost {
  chat: number;
  author: number;
  text: string;
  createdAt: number;
  tags: string[];
}

const chats = Array.from({ length: CHATS }, (_, i) => ({
  slug: `bench-chat-${i}`,
  tag: COMMUNITY_TAGS[i % COMMUNITY_TAGS.length]!,
  // Evenly over 2016–2026, in the evening UTC.
  startsAt: Date.UTC(2016, 0, 5, 19) + Math.floor((i * (10 * 365 * 86_400_000)) / CHATS),
}));

/** Posts chat by chat in a shuffled chat order, the way archives get imported. */
function* generatePosts(): Generator<GeneratedPost> {
  const order = chats.map((_, i) => i).sort(() => random() - 0.5);
  const perChat = Math.ceil(POSTS / CHATS);
  let made = 0;
  for (const chat of order) {
    for (let i = 0; i < perChat && made < POSTS; i++, made++) {
      const length = 6 + Math.floor(random() * 30);
      const text: string[] = [];
      for (let w = 0; w < length; w++) text.push(words[wordRank()]!);
      const tags = [chats[chat]!.tag];
      if (random() < 0.3) tags.push(TOPIC_TAGS[topicRank()]!);
      yield {
        chat,
        author: authorRank(),
        text: `${text.join(' ')} ${tags.map((t) => `#${t}`).join(' ')}`,
        // Seconds resolution, like tweets: many posts share a timestamp.
        createdAt: chats[chat]!.startsAt + Math.floor(random() * 3600) * 1000,
        tags,
      };
    }
  }
}

// ---------- Loading ----------

async function seedCommon(database: Database): Promise<{ chatIds: number[]; authorIds: number[] }> {
  const now = Date.now();
  const organizer = await database.db
    .insertInto('users')
    .values({ handle: 'bench', displayName: 'Bench', email: null, passwordHash: 'x', role: 'organizer', timeZone: null, bio: '', createdAt: now, updatedAt: now, bannedAt: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const chatIds: number[] = [];
  for (const chat of chats) {
    const row = await database.db
      .insertInto('chats')
      .values({ slug: chat.slug, title: `Chat ${chat.slug}`, startsAt: chat.startsAt, endsAt: chat.startsAt + 3_600_000, timeZone: 'UTC', kind: 'online', venueName: null, venueAddress: null, venueNotes: null, background: '', status: 'ended', organizerId: Number(organizer.id), seriesKey: null, sourceUid: null, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db.insertInto('chatHashtags').values({ chatId: Number(row.id), tag: chat.tag, display: chat.tag, position: 0 }).execute();
    chatIds.push(Number(row.id));
  }
  const authorIds: number[] = [];
  for (const author of authors) {
    const row = await database.db
      .insertInto('authors')
      .values({ ...author, userId: null, sourceUserId: null, followersCount: null, profileUrl: null, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    authorIds.push(Number(row.id));
  }
  return { chatIds, authorIds };
}

function progress(label: string, done: number, started: number) {
  if (!process.stderr.isTTY) return;
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`\r  ${label}: ${done.toLocaleString('en-US')} posts (${Math.round(done / seconds).toLocaleString('en-US')}/s)   `);
}

async function loadSqlite(file: string): Promise<Database> {
  const database = openSqlite(file);
  await migrateToLatest(database);
  const { chatIds, authorIds } = await seedCommon(database);
  // Bulk load through node:sqlite directly: the query builder's overhead
  // would dominate a million single-row inserts. The FTS triggers still
  // run for every row, as they do for imports.
  const raw = new DatabaseSync(file);
  raw.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -200000');
  const insertPost = raw.prepare("insert into posts (chat_id, author_id, text, kind, created_at) values (?, ?, ?, 'original', ?) returning id");
  const insertTag = raw.prepare('insert into post_hashtags (post_id, tag) values (?, ?)');
  const started = performance.now();
  let count = 0;
  raw.exec('begin');
  for (const post of generatePosts()) {
    const { id } = insertPost.get(chatIds[post.chat]!, authorIds[post.author]!, post.text, post.createdAt) as { id: number };
    for (const tag of post.tags) insertTag.run(id, tag);
    if (++count % BATCH === 0) {
      raw.exec('commit; begin');
      progress('SQLite', count, started);
    }
  }
  raw.exec('commit');
  raw.exec("insert into posts_fts (posts_fts) values ('optimize')");
  raw.close();
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}  SQLite: ${count.toLocaleString('en-US')} posts in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return database;
}

async function loadPostgres(url: string, schema: string): Promise<Database> {
  if (args.reuse) {
    // Draw the same numbers a load would, so the query mix stays the same.
    for (const _ of generatePosts());
    return openPostgres(url, { searchPath: args.reuse, poolSize: 4 });
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openPostgres(url, { searchPath: schema, poolSize: 4 });
  await migrateToLatest(database);
  const { chatIds, authorIds } = await seedCommon(database);
  // Building the GIN indexes once at the end is much faster than keeping them up to date row by row.
  await sql`drop index posts_search_vector`.execute(database.db);
  await sql`drop index posts_search_pairs`.execute(database.db);
  const started = performance.now();
  let batch: GeneratedPost[] = [];
  let count = 0;
  const flush = async () => {
    const ids = await sql<{ id: number }>`
      insert into posts (chat_id, author_id, text, kind, created_at)
      select c, a, t, 'original', at from unnest(${batch.map((p) => chatIds[p.chat]!)}::bigint[], ${batch.map((p) => authorIds[p.author]!)}::bigint[], ${batch.map((p) => p.text)}::text[], ${batch.map((p) => p.createdAt)}::bigint[]) as u(c, a, t, at)
      returning id`.execute(database.db);
    const postIds: number[] = [];
    const tags: string[] = [];
    ids.rows.forEach((row, i) => batch[i]!.tags.forEach((tag) => (postIds.push(Number(row.id)), tags.push(tag))));
    await sql`insert into post_hashtags (post_id, tag) select * from unnest(${postIds}::bigint[], ${tags}::text[])`.execute(database.db);
    count += batch.length;
    batch = [];
    progress('PostgreSQL', count, started);
  };
  for (const post of generatePosts()) {
    batch.push(post);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}  PostgreSQL: ${count.toLocaleString('en-US')} posts in ${((performance.now() - started) / 1000).toFixed(0)} s; indexing…\n`);
  await sql`set maintenance_work_mem = '512MB'`.execute(database.db);
  await sql`create index posts_search_vector on posts using gin (search_vector)`.execute(database.db);
  await sql`create index posts_search_pairs on posts using gin (search_word_pairs(search_vector))`.execute(database.db);
  await sql`vacuum analyze posts`.execute(database.db);
  await sql`analyze post_hashtags`.execute(database.db);
  await sql`analyze post_search_tags`.execute(database.db);
  return database;
}

// ---------- Queries ----------

interface QueryKind {
  name: string;
  sorts: SortOrder[];
  make(): string;
  /** Outside the brief's mix (common and rare words, phrases, hashtags, from:): reported, not held to the target. */
  extra?: boolean;
}

/** Words by frequency rank, and real two-word phrases taken from stored posts. */
function queryMix(phrases: string[]): QueryKind[] {
  const both: SortOrder[] = ['newest', 'relevance'];
  return [
    { name: 'common word (top 10)', sorts: both, make: () => words[Math.floor(random() * 10)]! },
    { name: 'mid word (rank 100–1,000)', sorts: both, make: () => words[100 + Math.floor(random() * 900)]! },
    { name: 'rare word (rank 5,000–30,000)', sorts: both, make: () => words[5000 + Math.floor(random() * 25_000)]! },
    { name: 'two words', sorts: both, make: () => `${words[Math.floor(random() * 200)]} ${words[200 + Math.floor(random() * 2000)]}` },
    { name: 'phrase (from a post)', sorts: both, make: () => `"${pick(phrases)}"` },
    // FTS5 merges the doclists of every word with the prefix: no prefix index (it would triple the index).
    { name: 'prefix (extra)', sorts: both, make: () => `${pick(SYLLABLES)}${pick(SYLLABLES)}*`, extra: true },
    { name: 'word -exclusion', sorts: both, make: () => `${words[Math.floor(random() * 50)]} -${words[Math.floor(random() * 50)]}` },
    { name: '#community tag', sorts: ['newest'], make: () => `#${pick(COMMUNITY_TAGS)}` },
    { name: '#topic tag', sorts: ['newest'], make: () => `#${TOPIC_TAGS[topicRank()]}` },
    { name: 'from: author', sorts: ['newest'], make: () => `from:${authors[Math.floor(random() * AUTHORS)]!.handle}` },
    { name: 'word from: author', sorts: both, make: () => `${words[Math.floor(random() * 300)]} from:${authors[Math.floor(random() * AUTHORS)]!.handle}` },
    { name: 'word #topic tag', sorts: both, make: () => `${words[Math.floor(random() * 300)]} #${TOPIC_TAGS[topicRank()]}` },
    { name: 'word chat:', sorts: both, make: () => `${words[Math.floor(random() * 300)]} chat:${pick(chats).slug}` },
    {
      name: 'word since/until (a year)',
      sorts: both,
      make: () => {
        const year = 2016 + Math.floor(random() * 9);
        return `${words[Math.floor(random() * 100)]} since:${year}-03-01 until:${year + 1}-02-28`;
      },
    },
  ];
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function measure(label: string, database: Database, chatIds: number[]) {
  // The baseline: the latest 20 posts of a chat through posts_chat_time, loaded like search results.
  const baselineRun = async () => {
    const chatId = pick(chatIds);
    const rows = await database.db.selectFrom('posts').select('id').where('chatId', '=', chatId).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(21).execute();
    await postsForResults(database.db, rows.slice(0, 20).map((r) => Number(r.id)));
  };
  for (let i = 0; i < 20; i++) await baselineRun();
  const baselineTimes: number[] = [];
  for (let i = 0; i < SAMPLES; i++) baselineTimes.push(await timeIt(baselineRun));
  const baseline = summarize(baselineTimes);

  const rows: Array<Array<string | number | null>> = [];
  const worst: Record<SortOrder, number> = { newest: 0, relevance: 0 };
  const all: Record<SortOrder, number[]> = { newest: [], relevance: [] };
  const phrases: string[] = [];
  for (let i = 0; i < 300; i++) {
    const row = await database.db.selectFrom('posts').select('text').where('id', '=', 1 + Math.floor(random() * POSTS)).executeTakeFirst();
    const postWords = row?.text.split(' ').filter((w) => !w.startsWith('#')) ?? [];
    if (postWords.length > 2) {
      const at = Math.floor(random() * (postWords.length - 1));
      phrases.push(`${postWords[at]} ${postWords[at + 1]}`);
    }
  }
  const backends = database.kind === 'postgres' ? await backendPids(database) : [];
  for (const kind of queryMix(phrases)) {
    for (const sort of kind.sorts) {
      const busy = busyShare(backends);
      const times: number[] = [];
      const cpuTimes: number[] = [];
      const plans = new Map<string, number>();
      let results = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const q = kind.make();
        const query = parseSearchQuery(q);
        const filter = await searchFilterFor(database, null, query);
        const wanted = sort === 'relevance' && query.include.length > 0 ? RELEVANCE_CANDIDATES : 21;
        const plan = !filter ? null : database.kind === 'sqlite' ? await planOf(database.db, filter, wanted) : await pgPlanOf(database.db, filter, wanted, wanted === RELEVANCE_CANDIDATES);
        // Newest-first on PostgreSQL, words without a driver are read in time windows (postgres-windows.ts).
        const windows = filter && database.kind === 'postgres' && wanted !== RELEVANCE_CANDIDATES ? (await pgNewestRead(database.db, filter, wanted)).starts : null;
        if (plan) {
          const name = windows !== null ? (windows.length > 0 ? 'windows' : plan.kind) : plan.kind === 'driver' ? `by ${plan.driver.kind}${'words' in plan && plan.words ? ` (${plan.words})` : ''}` : plan.kind;
          plans.set(name, (plans.get(name) ?? 0) + 1);
        }
        const started = performance.now();
        const cpu = process.cpuUsage();
        const found = await searchPosts(database, null, { q, sort, limit: 20 });
        times.push(performance.now() - started);
        // SQLite runs in this process: its CPU time is the work done, whatever else the machine is doing.
        const used = process.cpuUsage(cpu);
        cpuTimes.push((used.user + used.system) / 1000);
        results += found.results.length;
      }
      const s = summarize(times);
      if (!kind.extra) {
        all[sort].push(...times);
        worst[sort] = Math.max(worst[sort], s.p99);
      }
      const planText = [...plans].map(([name, n]) => `${name} ${Math.round((100 * n) / SAMPLES)}%`).join(', ');
      const c = summarize(cpuTimes);
      rows.push([kind.name, sort, Math.round(results / SAMPLES), s.p50, s.p99, s.max, database.kind === 'sqlite' ? c.p99 : null, s.p50 / baseline.p50, Math.round(busy()), planText || '']);
    }
  }
  rows.push(['baseline: latest 20 of a chat', '', 20, baseline.p50, baseline.p99, baseline.max, null, 1, null, '']);
  const load = os.loadavg().map((n) => n.toFixed(1)).join(' ');
  printTable(
    `${label}: search over ${POSTS.toLocaleString('en-US')} posts, ${SAMPLES} queries per row (ms; load average now ${load} on ${os.cpus().length} CPUs: other work on the machine inflates wall-clock p99s)`,
    ['query', 'order', 'hits', 'p50', 'p99', 'max', 'CPU p99', 'p50 ÷ baseline', 'others %', 'plans chosen'],
    rows,
  );
  const verdict: Array<Array<string | number>> = (['newest', 'relevance'] as const).map((sort) => {
    const s = summarize(all[sort]);
    return [sort, s.p50, s.p99, worst[sort], TARGETS[sort], worst[sort] <= TARGETS[sort] ? 'met' : 'MISSED'];
  });
  printTable(`${label}: targets (p99 over the mix without extras, and the worst kind’s p99)`, ['order', 'p50 (mix)', 'p99 (mix)', 'worst p99', 'target p99', 'result'], verdict);
  return verdict.every((row) => row[5] === 'met');
}

/** The machine's busy and total CPU ticks (/proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq!;
  return { busy, total: busy + idle! + iowait! + steal! };
}

/**
 * `others`: CPU the rest of the machine used while a row was measured, in %
 * of one core: busy time minus this process and the PostgreSQL backends
 * serving it. Call at the start; the returned function reads it at the end.
 */
function busyShare(pids: number[]): () => number {
  const own = () => [process.pid, ...pids].reduce((sum, pid) => sum + readCpu(pid), 0);
  const start = machineTicks();
  const startOwn = own();
  const started = performance.now();
  return () => {
    const end = machineTicks();
    const busyCores = ((end.busy - start.busy) / Math.max(1, end.total - start.total)) * os.availableParallelism();
    const ownCores = (own() - startOwn) / (performance.now() - started);
    return Math.max(0, 100 * (busyCores - ownCores));
  };
}

function readCpu(pid: number): number {
  try {
    return cpuMs(pid);
  } catch {
    return 0; // a backend on another host, or gone
  }
}

/** The server processes behind the pool's connections (as many queries at once as the pool has connections). */
async function backendPids(database: Database): Promise<number[]> {
  const rows = await Promise.all(Array.from({ length: 4 }, () => sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(database.db)));
  return [...new Set(rows.map((r) => Number(r.rows[0]!.pid)))];
}

// ---------- Run ----------

async function postgresReachable(url: string): Promise<boolean> {
  if (url === 'none') return false;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-bench-search-'));
const schema = args.reuse ?? `bench_search_${crypto.randomBytes(4).toString('hex')}`;
// The bench's PostgreSQL connections carry the schema's name, so that an interrupted run can find and end them.
const postgresUrl = withApplicationName(args.postgres, schema);
let ok = true;
cleanUpOnSignal();
console.log(`Search benchmark: ${POSTS.toLocaleString('en-US')} posts, ${CHATS} chats, ${AUTHORS} authors, ${VOCABULARY.toLocaleString('en-US')}-word Zipf vocabulary (Node ${process.version}, ${os.cpus().length} CPUs)`);
try {
  if (args.only !== 'postgres' && !args.reuse) {
    const sqliteDb = await loadSqlite(path.join(dataDir, 'musesocial.sqlite'));
    const sqliteChats = (await sqliteDb.db.selectFrom('chats').select('id').execute()).map((c) => Number(c.id));
    ok = (await measure('SQLite (FTS5)', sqliteDb, sqliteChats)) && ok;
    await sqliteDb.close();
  }

  if (args.only !== 'sqlite' && (await postgresReachable(args.postgres))) {
    const pgDb = await loadPostgres(postgresUrl, schema);
    try {
      const pgChats = (await pgDb.db.selectFrom('chats').select('id').execute()).map((c) => Number(c.id));
      ok = (await measure('PostgreSQL (tsvector + GIN)', pgDb, pgChats)) && ok;
    } finally {
      await pgDb.close();
      if (!args.keep && !args.reuse) await dropBenchSchema();
    }
  } else if (args.only !== 'sqlite') {
    console.log(`\nPostgreSQL not reachable at ${args.postgres}: skipped.`);
  }
} finally {
  if (args.keep) console.log(`\nKept ${dataDir}${ok ? '' : ''} and schema ${schema}.`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;

async function dropBenchSchema(): Promise<void> {
  const admin = new pg.Client({ connectionString: args.postgres });
  await admin.connect();
  try {
    // A load cut off mid-transaction still holds its locks: end the bench's own connections first.
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [schema]);
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

/**
 * Ctrl-C (or a kill) during a load must not leave a million-post schema
 * and data dir behind: without --keep or --reuse, both go before exit.
 */
function cleanUpOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Connections ended under the load fail its queries: nothing more is reported, the run is over.
      process.on('uncaughtException', () => {});
      process.on('unhandledRejection', () => {});
      console.log(`\n${signal}: removing ${args.keep || args.reuse ? 'nothing (--keep/--reuse)' : `${dataDir} and schema ${schema}`}…`);
      const cleanup = args.keep || args.reuse ? Promise.resolve() : Promise.all([dropBenchSchema().catch(() => {}), fs.promises.rm(dataDir, { recursive: true, force: true })]);
      void cleanup.finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

function withApplicationName(url: string, name: string): string {
  if (url === 'none') return url;
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
}
