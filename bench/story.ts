// Story page benchmark (`npm run bench:story`).
//
// Builds a published story of 200 items (190 archived posts from a
// 5,000-post chat in 8 sections, plus 10 passages of the curator's
// Markdown) in a fresh SQLite data dir through the real services, starts
// `musesocial serve` on it, and measures time to first byte over real HTTP,
// sequentially, for the story page, its embed and JSON export — against
// /healthz (no database, no rendering) and /login (a small rendered page)
// in the same run as baselines. Target: story page first byte p50 and p99
// ≤ 100 ms.
//
// Options: --items N (200), --posts N (5000), --requests N (200 per route), --keep.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createChat } from '../src/chats/chats.service.ts';
import { insertUser } from '../src/accounts/users.repository.ts';
import { createStory, updateStory } from '../src/stories/stories.service.ts';
import { generateChat } from '../test/integration/transcript-seed.ts';
import { startMusesocial } from './lib/musesocial-server.ts';
import { freePort, stop } from './lib/processes.ts';
import { finish, flags, fmtMs, printTable, summarize, verdict } from './lib/report.ts';

const options = flags('Story page time to first byte, against /healthz and /login.', { items: 200, posts: 5000, requests: 200, keep: false });
const TARGET_MS = 100;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-bench-story-'));

async function seed(): Promise<number> {
  const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
  await migrateToLatest(database);
  const db = database.db;
  const now = Date.now();
  const organizer = await insertUser(db, { handle: 'bench', displayName: 'Bench', email: null, passwordHash: 'x', role: 'organizer', timeZone: null, bio: '', createdAt: now, updatedAt: now, bannedAt: null });
  const start = Date.UTC(2026, 2, 10, 19);
  const chat = await createChat(db, organizer, {
    slug: 'story-bench',
    title: 'What is the point of social media for museums?',
    hashtags: ['musesocial'],
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3600_000).toISOString(),
    timeZone: 'America/New_York',
    questions: Array.from({ length: 8 }, (_, i) => ({ text: `What do we think about topic ${i + 1}?` })),
  });
  await generateChat(db, chat.id, { posts: options.posts });

  // 8 sections; each gets its share of posts answering its question, and every 20th item is curator text.
  const texts = Math.floor(options.items / 20);
  const perSection = Math.ceil((options.items - texts) / 8);
  const sections = [];
  let textLeft = texts;
  for (let q = 1; q <= 8; q++) {
    const rows = await db.selectFrom('posts').select('id').where('chatId', '=', chat.id).where('answersQuestion', '=', q).where('kind', '!=', 'boost').orderBy('likeCount', 'desc').orderBy('id').limit(perSection).execute();
    const items: Array<{ post?: string; text?: string }> = rows.map((r) => ({ post: String(r.id) }));
    for (let i = 0; i < 2 && textLeft > 0; i++, textLeft--) items.splice(i * 10 + 5, 0, { text: `**Why this matters.** Curators' notes with a [link](https://example.org/${q}/${i}) and _emphasis_, section ${q}.` });
    sections.push({ heading: `Q${q}. What do we think about topic ${q}?`, items });
  }
  let count = sections.reduce((n, s) => n + s.items.length, 0);
  while (count > options.items) {
    sections.at(-1)!.items.pop();
    count--;
  }
  const story = await createStory(db, organizer, { chat: chat.slug, title: 'Highlights of #musesocial', introduction: 'What museum people said, **question by question**.' });
  await updateStory(db, organizer, story.id, { sections, status: 'published' });
  const stored = await db.selectFrom('storyItems').select((eb) => eb.fn.countAll<number>().as('n')).where('storyId', '=', story.id).executeTakeFirstOrThrow();
  console.log(`seeded: chat of ${options.posts.toLocaleString('en-US')} posts, story ${story.id} with ${Number(stored.n)} items`);
  await database.close();
  return story.id;
}

/** Time to the first byte of the body (and the size), one GET on a fresh connection. */
function timeGet(url: string): Promise<{ firstByte: number; bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    let firstByte = 0;
    let bytes = 0;
    http
      .get(url, { headers: { accept: 'text/html' }, agent: false }, (response) => {
        response.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstByte = performance.now() - began;
          bytes += chunk.length;
        });
        response.on('end', () => resolve({ firstByte, bytes, status: response.statusCode ?? 0 }));
      })
      .on('error', reject);
  });
}

async function measure(url: string, requests: number) {
  for (let i = 0; i < 5; i++) await timeGet(url); // warm the route and the statement cache
  const runs = [];
  for (let i = 0; i < requests; i++) runs.push(await timeGet(url));
  const bad = runs.find((r) => r.status !== 200);
  if (bad) throw new Error(`${url}: HTTP ${bad.status}`);
  return { ...summarize(runs.map((r) => r.firstByte)), kb: runs[0]!.bytes / 1024 };
}

const storyId = await seed();
const port = await freePort();
const server = await startMusesocial({ dataDir, port, name: 'musesocial-story' });
try {
  const origin = `http://127.0.0.1:${port}`;
  const routes: Array<[string, string]> = [
    ['/healthz (baseline: no database, no page)', '/healthz'],
    ['/login (baseline: a small page)', '/login'],
    [`story page, ${options.items} items`, `/stories/${storyId}`],
    ['story embed', `/stories/${storyId}/embed`],
    ['story JSON export', `/stories/${storyId}.json`],
  ];
  const rows = [];
  const results = new Map<string, ReturnType<typeof summarize> & { kb: number }>();
  for (const [name, route] of routes) {
    const result = await measure(origin + route, options.requests);
    results.set(route, result);
    rows.push([name, result.p50, result.p99, result.max, result.kb]);
  }
  printTable(`Time to first byte over HTTP, ${options.requests} sequential requests each (ms)`, ['route', 'p50', 'p99', 'max', 'KiB'], rows);
  const page = results.get(`/stories/${storyId}`)!;
  const login = results.get('/login')!;
  console.log(`\nthe story page costs ${fmtMs(page.p50 - login.p50)} more than /login at the median`);
  verdict(`story page (${options.items} items) first byte p50 ≤ ${TARGET_MS} ms`, page.p50 <= TARGET_MS, fmtMs(page.p50));
  verdict(`story page (${options.items} items) first byte p99 ≤ ${TARGET_MS} ms`, page.p99 <= TARGET_MS, fmtMs(page.p99));
} finally {
  await stop(server);
  if (!options.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  else console.log(`data dir kept: ${dataDir}`);
}
finish();
