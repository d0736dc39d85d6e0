// The mixed load of issue 7 on real `musesocial serve` processes: live
// viewers of one room, members posting, anonymous page views of the
// transcript and calendar pages, and searches, all at once, each from its
// own load process (bench/sse-clients.mjs, bench/poster.mjs, bench/pages.mjs).
// Reports errors, page and search latency, whether every viewer got every
// event once, and the servers' resident memory sampled through the run
// (first minute against last minute: flat means no leak).
//
//   npm run bench:mixed -- --duration 300                       (SQLite, one process)
//   npm run bench:mixed -- --postgres --redis --processes 2     (PostgreSQL + Redis, two processes)
//
// PostgreSQL: MUSESOCIAL_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test; a schema of
// the run's own, dropped afterwards). Redis: MUSESOCIAL_BENCH_REDIS_URL (default redis://127.0.0.1:6379).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openPostgres, openSqlite, type Database } from '../src/db/database.ts';
import { findChatBySlug } from '../src/chats/chats.repository.ts';
import { lastEventSeq } from '../src/live/events.repository.ts';
import { createBenchSite, removeBenchSite } from './lib/fixture.ts';
import { exactlyOnce, post, Viewers, type PosterReport } from './lib/load.ts';
import { ask, freePort, limitRunTime, rssKb, sleep, startNode, stop, waitForHttp, type Child } from './lib/processes.ts';
import { finish, flags, fmtMs, printTable, summarize, verdict } from './lib/report.ts';
import { createPostgresSite } from './lib/mixed-postgres.ts';
import { profileFlags } from './lib/musesocial-server.ts';
import { printProfileTop } from './lib/profile-top.ts';
import { PROFILE_DIR } from './lib/processes.ts';
import { Sampler, waitForQuiet } from './lib/sampler.ts';
import { Inspector } from './lib/inspector.ts';

const options = flags('Usage: node --import tsx bench/mixed.ts [flags]', {
  duration: 300,
  viewers: 5_000,
  rate: 50,
  pages: 200,
  searches: 20,
  /** Posting accounts (1 post per 5 s each after a burst of 10): 400 keep 50 posts/s well inside the limit. */
  posters: 400,
  processes: 1,
  postgres: false,
  redis: false,
  perProcess: 5_000,
  keep: false,
  /** Seconds of the same mix at a quarter of its rates before the measured run (0: start cold at full load). */
  warmup: 15,
  /** Seconds to wait for the rest of the machine to calm down before the load starts. */
  quietWait: 120,
  /** Runs the first app process under `node --cpu-prof` and prints where it spent its time. */
  profile: false,
});
limitRunTime(15 + Math.ceil(options.duration / 60) * 2);

const TARGET_P99_MS = 250;
/** Memory counts as flat when, after a full garbage collection, the servers hold at most this much more at the end than at the start. */
const FLAT_GROWTH = 0.1;
if (options.processes > 1 && !options.redis) throw new Error('--processes above 1 needs --redis (processes share live rooms through it)');
if (options.processes > 1 && !options.postgres) throw new Error('--processes above 1 needs --postgres (SQLite is one process\'s database)');

const site = await createBenchSite({ posters: options.posters, label: 'mixed' });
let schema = '';
let databaseUrl = '';
if (options.postgres) {
  const base = process.env.MUSESOCIAL_BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
  schema = `bench_mixed_${crypto.randomBytes(4).toString('hex')}`;
  databaseUrl = await createPostgresSite(site, base, schema);
}
const redisUrl = options.redis ? process.env.MUSESOCIAL_BENCH_REDIS_URL || 'redis://127.0.0.1:6379' : '';
const mode = `${options.postgres ? 'PostgreSQL' : 'SQLite'}${options.redis ? ' + Redis' : ''}, ${options.processes} app process${options.processes > 1 ? 'es' : ''}`;
console.log(`mixed: ${mode}; ${options.viewers.toLocaleString('en-US')} viewers, ${options.rate} posts/s, ${options.pages} page views/s, ${options.searches} searches/s for ${options.duration} s`);

const servers: Child[] = [];
const ports: number[] = [];
try {
  for (let i = 0; i < options.processes; i += 1) {
    const port = await freePort();
    const nodeArgs = options.profile && i === 0 ? profileFlags(PROFILE_DIR, `mixed-${Date.now()}`) : [];
    // The inspector lets the bench force full garbage collections for the memory readings (no change to the server's code).
    const server = startNode(`musesocial-${i}`, [...nodeArgs, '--inspect=127.0.0.1:0', 'bin/musesocial.mjs', 'serve'], {
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        // One site address for all processes: it namespaces the Redis channels they share.
        BASE_URL: `http://mixed-${schema || 'sqlite'}.musesocial.test`,
        MUSESOCIAL_DATA_DIR: site.dataDir,
        // BENCH_LOG_LEVEL=error BENCH_VERBOSE=1 shows why requests failed.
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'silent',
        MUSESOCIAL_DEMO: 'false',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
      },
    });
    servers.push(server);
    ports.push(port);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server);
  }
  await run();
} finally {
  await Promise.all(servers.map((server) => stop(server, 30_000)));
  if (schema) {
    const admin = openPostgres(process.env.MUSESOCIAL_BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test', { poolSize: 1 });
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
  if (!options.keep) removeBenchSite(site);
}
if (options.profile) printProfileTop(PROFILE_DIR);
finish();

async function run(): Promise<void> {
  const firstId = (await lastSeq()) + 1;
  const groups = await Promise.all(
    ports.map((port, i) =>
      Viewers.connect({
        port,
        path: `/api/v1/chats/${site.slug}/stream`,
        connections: Math.floor(options.viewers / ports.length) + (i < options.viewers % ports.length ? 1 : 0),
        perProcess: options.perProcess,
        sampleEvery: 100,
      }),
    ),
  );
  const viewers = groups.map((g) => g.viewers);
  console.log(`viewers connected: ${groups.map((g) => g.open).join(' + ')} in ${(Math.max(...groups.map((g) => g.ms)) / 1000).toFixed(1)} s`);

  const inspectors = await Promise.all(servers.map((server) => Inspector.attach(server)));
  await waitForQuiet(options.quietWait);
  const pageTargets = ports.flatMap((port) =>
    [`/chats/${site.slug}/transcript`, '/chats', `/chats/${site.slug}`, '/calendar.ics', `/chats/${site.slug}/transcript?page=2`].map((p) => ({ port, path: p })),
  );
  const searchTargets = ports.flatMap((port) =>
    ['/search?q=museum', '/search?q=bench%20post', '/search?q=nobody&sort=relevance', '/search?q=%23benchchat'].map((p) => ({ port, path: p })),
  );
  // The product's anonymous read limit stays on (300 per 5 minutes per address): page views and
  // searches come from as many loopback addresses as a real audience would, each reading under
  // one page a second on average (a quarter below the limit).
  const clientsFor = (rate: number) => Math.max(1, Math.ceil(rate * 1.25));
  const pageClients = clientsFor(options.pages);
  const startLoad = (share: number, seconds: number, label: string) => ({
    pages: startNode(`pages${label}`, ['bench/pages.mjs', JSON.stringify({ targets: pageTargets, rate: options.pages * share, seconds, label: 'pages', clients: pageClients, firstOctet: 1 })], { ipc: true }),
    searches: startNode(`searches${label}`, ['bench/pages.mjs', JSON.stringify({ targets: searchTargets, rate: options.searches * share, seconds, label: 'searches', clients: clientsFor(options.searches), firstOctet: 1 + Math.ceil(pageClients / 250) })], { ipc: true }),
    // Each process's poster posts as accounts of its own: one person does not post from two places at the same instant.
    posting: ports.map((port, i) => post({ target: 'musesocial', port, slug: site.slug, tokensFile: site.tokensFile, accounts: { share: i, of: ports.length }, rate: (options.rate * share) / ports.length, seconds })),
  });
  if (options.warmup > 0) {
    // A server that has just started runs its code cold (interpreted until V8 optimizes it); thrown
    // the full mix at once it falls seconds behind before it catches up. Real audiences arrive over
    // some seconds; a restart under full load is what bench:resume measures.
    const warm = startLoad(0.25, options.warmup, '-warmup');
    await Promise.all([ask(warm.pages, {}, 'done', (options.warmup + 120) * 1000), ask(warm.searches, {}, 'done', (options.warmup + 120) * 1000), ...warm.posting.map((p) => p.done)]);
    console.log(`warmed up: ${options.warmup} s of the same mix at a quarter of its rates (not counted; every event still checked)`);
  }
  const memoryBefore = await Promise.all(servers.map((server, i) => collectedMemory(server, inspectors[i]!)));
  const { pages: pageLoad, searches: searchLoad, posting } = startLoad(1, options.duration, '');

  const loadPids = [...viewers.flatMap((v) => v.pids), pageLoad.pid, searchLoad.pid, ...posting.map((p) => p.child.pid), process.pid];
  const sampler = new Sampler([...servers.map((s) => s.pid), ...loadPids], servers[0]!.pid);
  sampler.start();
  const tcpBefore = listenCounters();
  const deliveryCounters = () => Promise.all(ports.map((port) => metricValues(port, ['musesocial_live_writes_total', 'musesocial_live_events_delivered_total'])));
  const deliveriesBefore = await deliveryCounters();
  // Resident memory of every server, once a second.
  const rss: number[][] = servers.map(() => []);
  const startedAt = Date.now();
  const timer = setInterval(() => servers.forEach((server, i) => rss[i]!.push(rssKb(server.pid) / 1024)), 1000);
  // The longest event-loop stall of every server per 10 s (prom-client's lag histogram, reset at each scrape):
  // long stalls mean the server's own loop was busy; slow pages without them mean the machine was.
  const loopMaxMs: number[][] = servers.map(() => []);
  const loopTimer = setInterval(() => void Promise.all(ports.map(async (port, i) => loopMaxMs[i]!.push(await eventLoopMaxMs(port)))), 10_000);
  // PostgreSQL: queries waiting for a pooled connection, read every second (the most of each 10 s shown).
  // And connections open (busy + idle): a pool that has to open many at once starts them cold on PostgreSQL's side.
  const poolWaiting: number[][] = servers.map(() => []);
  const poolOpen: number[][] = servers.map(() => []);
  const poolTimer = options.postgres
    ? setInterval(
        () =>
          void Promise.all(
            ports.map(async (port, i) => {
              const [waiting, busy, idle] = await metricValues(port, ['waiting', 'busy', 'idle'].map((state) => `musesocial_db_pool_connections{state="${state}"}`));
              poolWaiting[i]!.push(waiting!);
              poolOpen[i]!.push(busy! + idle!);
            }),
          ),
        1000,
      )
    : null;
  type LoadReport = { total: number; answered: number; statuses: Record<string, number>; errors: Record<string, number>; errorSamples: string[]; resent: number; latencies: number[]; latencySeconds: number[]; slowestPhases: Record<string, number> };
  const [pages, searches, ...posters] = await Promise.all([
    ask<LoadReport>(pageLoad, {}, 'done', (options.duration + 120) * 1000),
    ask<LoadReport>(searchLoad, {}, 'done', (options.duration + 120) * 1000),
    ...posting.map((p) => p.done),
  ]);
  clearInterval(timer);
  clearInterval(loopTimer);
  if (poolTimer) clearInterval(poolTimer);
  sampler.end();
  const tcpAfter = listenCounters();
  const loadSeconds = (Date.now() - startedAt) / 1000;
  const deliveriesAfter = await deliveryCounters();

  const serverSide = await Promise.all(ports.map((port) => serverLatencies(port)));
  const lastId = await drain(viewers);
  // The same state as the first reading: viewers connected, no load; what the run left behind stays.
  const memoryAfter = await Promise.all(servers.map((server, i) => collectedMemory(server, inspectors[i]!)));
  inspectors.forEach((inspector) => inspector.close());
  const reports = await Promise.all(viewers.map((v) => v.report()));
  await Promise.all(viewers.map((v) => v.close()));
  const once = reports.map((r) => exactlyOnce(r, firstId, lastId));
  const lost = once.reduce((s, o) => s + o.lost, 0);
  const duplicated = once.reduce((s, o) => s + o.duplicated, 0);
  const incomplete = once.reduce((s, o) => s + o.incomplete, 0);
  const delivered = reports.reduce((s, r) => s + r.delivered, 0);
  const liveLatency = summarize(reports.flatMap((r) => r.latencies));

  const postOk = (posters as PosterReport[]).reduce((s, p) => s + p.ok, 0);
  const postTotal = (posters as PosterReport[]).reduce((s, p) => s + p.total, 0);
  const postLatency = summarize((posters as PosterReport[]).flatMap((p) => p.latencies));
  const failures = (report: { statuses: Record<string, number>; errors: Record<string, number> }, ok: (status: number) => boolean) =>
    Object.entries(report.statuses).reduce((s, [status, n]) => s + (ok(Number(status)) ? 0 : n), 0) + Object.values(report.errors).reduce((s, n) => s + n, 0);
  const pageFailures = failures(pages, (s) => s < 400);
  const searchFailures = failures(searches, (s) => s < 400);
  const postFailures = (posters as PosterReport[]).reduce((s, p) => s + failures(p, (status) => status === 201), 0);
  const pageLatency = summarize(pages.latencies);
  const searchLatency = summarize(searches.latencies);

  printTable(`Mixed load, ${mode}, ${loadSeconds.toFixed(0)} s`, ['load', 'requests', 'failed', 'p50', 'p99', 'max'], [
    ['page views', `${pages.answered}/${pages.total}`, pageFailures, fmtMs(pageLatency.p50), fmtMs(pageLatency.p99), fmtMs(pageLatency.max)],
    ['searches', `${searches.answered}/${searches.total}`, searchFailures, fmtMs(searchLatency.p50), fmtMs(searchLatency.p99), fmtMs(searchLatency.max)],
    ['posts', `${postOk}/${postTotal}`, postFailures, fmtMs(postLatency.p50), fmtMs(postLatency.p99), fmtMs(postLatency.max)],
    ['live deliveries', delivered, lost + duplicated, fmtMs(liveLatency.p50), fmtMs(liveLatency.p99), fmtMs(liveLatency.max)],
  ]);
  console.log('Latency: pages and searches from the time each request was due to the last byte; posts to the answer; live deliveries from post sent to event received.');
  const machine = sampler.machine();
  const serverCpu = servers.map((s) => sampler.cpuPercent([s.pid]));
  const othersCpu = Math.max(0, machine.busy - sampler.cpuPercent([...servers.map((s) => s.pid), ...loadPids]));
  console.log(
    `CPU (% of one core, ${machine.cores} cores): server${servers.length > 1 ? 's' : ''} ${serverCpu.map((c) => c.toFixed(0)).join(' + ')} %, load processes ${sampler.cpuPercent(loadPids).toFixed(0)} %, others ${othersCpu.toFixed(0)} %, steal ${machine.steal.toFixed(0)} %`,
  );
  console.log(`others, % of one core: ${JSON.stringify(sampler.othersByName())}`);
  // Connections the kernel refused for a full accept queue are retried by the client after 1, 3, 7 … s: latencies of whole seconds.
  console.log(`TCP (whole machine) during the load: ${tcpAfter.listenOverflows - tcpBefore.listenOverflows} accept-queue overflows, ${tcpAfter.synRetrans - tcpBefore.synRetrans} SYN retransmits`);
  console.log(`page p99 per 10 s: ${p99Every(pages, 10).join(' ')}`);
  // Not errors: the server closed an idle kept-alive socket as a request went out on it, and the client sent it again, as browsers do.
  const resent = { pages: pages.resent, searches: searches.resent, posts: (posters as PosterReport[]).reduce((s, p) => s + p.resent, 0) };
  console.log(`sent again after the server closed their idle kept-alive connection: ${JSON.stringify(resent)}`);
  console.log(`the slowest 1 % of page views, mean ms: ${JSON.stringify(pages.slowestPhases)}`);
  // The start of the full load, second by second: where a spike begins and what it hits first.
  const postsAll = { latencies: (posters as PosterReport[]).flatMap((p) => p.latencies), latencySeconds: (posters as PosterReport[]).flatMap((p) => p.latencySeconds) };
  console.log(`first 15 s, p99 per second: pages ${p99Every(pages, 1).slice(0, 15).join(' ')}; posts ${p99Every(postsAll, 1).slice(0, 15).join(' ')}`);
  // The first seconds meet a cold server (JIT, first renders) under the full load at once; shown apart, judged with the rest.
  const warm = summarize(pages.latencies.filter((_, i) => pages.latencySeconds[i]! >= 10));
  const cold = pages.latencies.filter((ms, i) => pages.latencySeconds[i]! < 10 && ms > TARGET_P99_MS).length;
  console.log(`page p99 after the first 10 s: ${fmtMs(warm.p99)} (${warm.count.toLocaleString('en-US')} page views); page views over ${TARGET_P99_MS} ms in the first 10 s: ${cold}`);
  for (const [label, report] of [['pages', pages], ['searches', searches], ...(posters as PosterReport[]).map((p, i) => [`posts ${i}`, p] as const)] as const) {
    if (report.errorSamples.length > 0) console.log(`${label}: answers ${JSON.stringify(report.statuses)} errors ${JSON.stringify(report.errors)} e.g. ${report.errorSamples.join(' | ')}`);
  }

  // The servers' own view (prom-client's histogram, from the request's arrival to its answer): a client latency far above it was spent before the server read the request.
  serverSide.forEach((routes, i) => console.log(`server ${i} answered within (p99 by its latency histogram, whole run): ${routes}`));
  loopMaxMs.forEach((series, i) => console.log(`server ${i} longest event-loop stall per 10 s (ms): ${series.map((v) => v.toFixed(0)).join(' ')}`));
  if (options.postgres) {
    poolWaiting.forEach((series, i) => console.log(`server ${i} queries waiting for a database connection, most per 10 s: ${maxEvery(series, 10).join(' ')}`));
    poolOpen.forEach((series, i) => console.log(`server ${i} database connections open, first 10 s: ${series.slice(0, 10).join(' ')}; most per 10 s: ${maxEvery(series, 10).join(' ')}`));
  }
  // A write's cost is its system call: events per write is what the fan-out's batching saves.
  deliveriesAfter.forEach(([writes, events], i) => {
    const [writesBefore, eventsBefore] = deliveriesBefore[i]!;
    const w = writes! - writesBefore!;
    const e = events! - eventsBefore!;
    console.log(`server ${i} writes to viewers: ${Math.round(w / loadSeconds).toLocaleString('en-US')}/s carrying ${(e / w).toFixed(2)} events each`);
  });
  rss.forEach((series, i) => console.log(`server ${i} RSS during the load: peak ${Math.max(...series).toFixed(0)} MB; every 10 s: ${series.filter((_, k) => k % 10 === 0).map((v) => v.toFixed(0)).join(' ')}`));
  memoryBefore.forEach((before, i) => {
    const after = memoryAfter[i]!;
    console.log(`server ${i} after a full GC: RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB, JS heap ${before.heapMb.toFixed(0)} → ${after.heapMb.toFixed(0)} MB (held ${before.heapTotalMb.toFixed(0)} → ${after.heapTotalMb.toFixed(0)}), external ${before.externalMb.toFixed(0)} → ${after.externalMb.toFixed(0)} MB (of it array buffers ${before.arrayBuffersMb.toFixed(0)} → ${after.arrayBuffersMb.toFixed(0)}), resident by mapping ${JSON.stringify(before.mappings)} → ${JSON.stringify(after.mappings)} (before the load → after it)`);
  });
  console.log('');
  verdict('no errors', pageFailures + searchFailures + postFailures === 0, `${pageFailures} page, ${searchFailures} search, ${postFailures} post failures`);
  verdict('every viewer got every event once, in order', lost === 0 && duplicated === 0 && incomplete === 0, `${delivered.toLocaleString('en-US')} deliveries of ids ${firstId}..${lastId}; ${lost} lost, ${duplicated} duplicated, ${incomplete} viewers incomplete`);
  verdict(`page p99 ≤ ${TARGET_P99_MS} ms`, pageLatency.p99 <= TARGET_P99_MS, `${fmtMs(pageLatency.p99)} over ${pageLatency.count.toLocaleString('en-US')} page views (searches p99 ${fmtMs(searchLatency.p99)})`);
  // RSS sampled during the load rises and falls with V8's collections (a saw-tooth of its
  // own timing); what the run leaves behind shows after a full collection at each end.
  verdict(
    `memory flat (RSS after a full GC within ${FLAT_GROWTH * 100} % of the start)`,
    memoryBefore.every((before, i) => memoryAfter[i]!.rssMb <= before.rssMb * (1 + FLAT_GROWTH)),
    memoryBefore.map((before, i) => `server ${i}: ${before.rssMb.toFixed(0)} → ${memoryAfter[i]!.rssMb.toFixed(0)} MB`).join(', '),
  );
  if (options.duration < 300 || options.viewers < 5000) console.log('(a shorter or smaller run than the issue\'s 5 minutes × 5,000 viewers)');
}

/** Kernel counters of refused connections: accept queues that overflowed, and the SYNs clients sent again. */
function listenCounters(): { listenOverflows: number; synRetrans: number } {
  const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  const read = (field: string) => Number(values[names.indexOf(field)] ?? 0);
  return { listenOverflows: read('ListenOverflows'), synRetrans: read('TCPSynRetrans') };
}

/** RSS and JS heap in MB after two full garbage collections (forced through the inspector). */
async function collectedMemory(server: Child, inspector: Inspector): Promise<CollectedMemory> {
  await inspector.collectGarbage();
  await inspector.collectGarbage();
  await sleep(1000);
  const memory = await inspector.memoryUsage();
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return { rssMb: rssKb(server.pid) / 1024, heapMb: mb(memory.heapUsed), heapTotalMb: mb(memory.heapTotal), externalMb: mb(memory.external), arrayBuffersMb: mb(memory.arrayBuffers), mappings: residentByMapping(server.pid) };
}

/**
 * Resident MB by kind of mapping (/proc/PID/smaps): `[heap]` is the C
 * allocator's main arena, `anonymous` everything else unnamed (V8's heap,
 * other threads' allocator arenas), `files` code and mapped files.
 */
function residentByMapping(pid: number): Record<string, number> {
  const out: Record<string, number> = { heap: 0, anonymous: 0, files: 0 };
  let kind = 'anonymous';
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) kind = header[1] === '[heap]' ? 'heap' : header[1] === '' || header[1]!.startsWith('[anon') ? 'anonymous' : 'files';
    else if (line.startsWith('Rss:')) out[kind]! += Number(line.split(/\s+/)[1]) / 1024;
  }
  return Object.fromEntries(Object.entries(out).map(([key, value]) => [key, Math.round(value)]));
}

/** After a full GC. `external` (Buffers and other memory V8 objects hold outside its heap) tells native growth the app holds from growth it does not (allocator, libraries). */
interface CollectedMemory {
  rssMb: number;
  heapMb: number;
  /** What V8 holds for its heap, used or not. */
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  mappings: Record<string, number>;
}

/** Per route with over 100 requests: the histogram bucket holding its p99 ("≤ 0.25 s"). */
async function serverLatencies(port: number): Promise<string> {
  try {
    const text = await metricsText(port);
    const buckets = new Map<string, Array<{ le: number; n: number }>>();
    for (const line of text.split('\n')) {
      const match = /^musesocial_http_request_duration_seconds_bucket\{le="([^"]+)",method="(\w+)",route="([^"]+)",status="(\d+)"\} (\d+)/.exec(line);
      if (!match || match[4]!.startsWith('4') || match[3] === '/api/v1/chats/:slug/stream') continue;
      const key = `${match[2]} ${match[3]}`;
      const list = buckets.get(key) ?? [];
      const le = match[1] === '+Inf' ? Infinity : Number(match[1]);
      const existing = list.find((b) => b.le === le);
      if (existing) existing.n += Number(match[5]);
      else list.push({ le, n: Number(match[5]) });
      buckets.set(key, list);
    }
    return [...buckets]
      .map(([route, list]) => {
        const total = Math.max(...list.map((b) => b.n));
        const p99 = list.sort((a, b) => a.le - b.le).find((b) => b.n >= total * 0.99)!;
        return total > 100 ? `${route} ≤ ${p99.le} s` : '';
      })
      .filter(Boolean)
      .join('; ');
  } catch (error) {
    return `unreadable (${(error as Error).message})`;
  }
}

/** nodejs_eventloop_lag_max_seconds from the server's /metrics, in ms; NaN when it does not answer. */
async function eventLoopMaxMs(port: number): Promise<number> {
  return (await metricValue(port, 'nodejs_eventloop_lag_max_seconds')) * 1000;
}

/** The server's /metrics (loopback may read it). */
async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
}

/** One sample (the line starting with `series`) of the server's /metrics; NaN when it does not answer. */
async function metricValue(port: number, series: string): Promise<number> {
  return (await metricValues(port, [series]))[0]!;
}

/** Several series' values from one scrape (NaN for one missing or a server not answering). */
async function metricValues(port: number, series: string[]): Promise<number[]> {
  try {
    const lines = (await metricsText(port)).split('\n');
    return series.map((name) => {
      const line = lines.find((l) => l.startsWith(name));
      return line ? Number(line.split(' ').at(-1)) : Number.NaN;
    });
  } catch {
    return series.map(() => Number.NaN);
  }
}

async function lastSeq(): Promise<number> {
  const database: Database = options.postgres ? openPostgres(databaseUrl, { poolSize: 1 }) : openSqlite(path.join(site.dataDir, 'musesocial.sqlite'));
  try {
    const chat = await findChatBySlug(database.db, site.slug);
    if (!chat) throw new Error(`no chat ${site.slug}`);
    return await lastEventSeq(database.db, chat.id);
  } finally {
    await database.close();
  }
}

/** Waits until every viewer has the last stored event (gives up 10 s after progress stops). */
async function drain(viewers: Viewers[]): Promise<number> {
  let lastDelivered = -1;
  let stalledSince = Date.now();
  for (;;) {
    const lastId = await lastSeq();
    const statuses = await Promise.all(viewers.map((v) => v.status()));
    if (Math.min(...statuses.map((s) => s.minLast)) >= lastId) return lastId;
    const delivered = statuses.reduce((s, v) => s + v.delivered, 0);
    if (delivered !== lastDelivered) ((lastDelivered = delivered), (stalledSince = Date.now()));
    if (Date.now() - stalledSince > 10_000) return lastId;
    await sleep(250);
  }
}

function p99Every(report: { latencies: number[]; latencySeconds: number[] }, seconds: number): number[] {
  const buckets: number[][] = [];
  report.latencies.forEach((ms, i) => (buckets[Math.floor(report.latencySeconds[i]! / seconds)] ??= []).push(ms));
  return Array.from(buckets, (values) => (values ? Math.round(summarize(values).p99) : 0));
}

/** The most of each `size` consecutive samples. */
function maxEvery(samples: number[], size: number): number[] {
  return Array.from({ length: Math.ceil(samples.length / size) }, (_, k) => Math.max(...samples.slice(k * size, (k + 1) * size)));
}
