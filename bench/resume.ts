// Crash and resume: V viewers with a reconnecting client (Last-Event-ID from
// the last complete event, jittered back-off) watch a room while members
// post; the server is killed with SIGKILL, started again on the same data
// directory and port, posting goes on, then stops. Reports how long until
// every viewer was connected again and whether every viewer ended with every
// stored event exactly once (ids 1..N, no gap, no duplicate).
//
//   npm run bench:resume -- --viewers 2000 --rate 20 --duration 25 --killAt 8
import { createBenchSite, lastStoredSeq, removeBenchSite } from './lib/fixture.ts';
import { exactlyOnce, post, Viewers, type ViewersStatus } from './lib/load.ts';
import { profileFlags, startMusesocial } from './lib/musesocial-server.ts';
import { PROFILE_DIR, freePort, killHard, limitRunTime, sleep, stop } from './lib/processes.ts';
import { printProfileTop } from './lib/profile-top.ts';
import { finish, flags, fmtMs, printTable, summarize, verdict } from './lib/report.ts';
import { Sampler, waitForQuiet } from './lib/sampler.ts';

const options = flags('Usage: node --import tsx bench/resume.ts [flags]', {
  viewers: 2000,
  rate: 20,
  /** Seconds of posting in all; the kill happens inside this window. */
  duration: 25,
  /** Seconds after posting began when the server is killed. */
  killAt: 8,
  /** Seconds the server stays down before it is started again. */
  downtime: 1,
  quietWait: 120,
  profile: false,
  keep: false,
});
limitRunTime(15);

const TARGET_RECONNECT_MS = 15_000;
const now = () => performance.timeOrigin + performance.now();

const site = await createBenchSite({ posters: Math.ceil(options.rate * 5 * 1.5), label: 'resume' });
const port = await freePort();
let server = await startMusesocial({ dataDir: site.dataDir, port });
try {
  const connected = await Viewers.connect({ port, path: `/api/v1/chats/${site.slug}/stream`, connections: options.viewers, reconnect: true, startAfter: 0, sampleEvery: 20 });
  const viewers = connected.viewers;
  try {
    console.log(`resume: ${connected.open.toLocaleString('en-US')} viewers connected; posting ${options.rate}/s for ${options.duration} s, kill -9 at ${options.killAt} s`);
    await waitForQuiet(options.quietWait);
    const posting = post({ target: 'musesocial', port, slug: site.slug, tokensFile: site.tokensFile, rate: options.rate, seconds: options.duration });
    await sleep(options.killAt * 1000);

    const beforeKill = await viewers.status();
    const killedAt = now();
    await killHard(server);
    console.log(`killed the server (SIGKILL) with ${beforeKill.open.toLocaleString('en-US')} viewers open at event ${beforeKill.minLast}–${(await lastStoredSeq(site.dataDir, site.slug))}`);
    await sleep(options.downtime * 1000);
    const restartStarted = now();
    const nodeArgs = options.profile ? profileFlags(PROFILE_DIR, `resume-${Date.now()}`) : [];
    server = await startMusesocial({ dataDir: site.dataDir, port, name: 'musesocial-restarted', nodeArgs });
    const restartedAt = now();
    console.log(`restarted in ${((restartedAt - restartStarted) / 1000).toFixed(1)} s`);

    const storm = new Sampler([server.pid, ...viewers.pids, posting.child.pid, process.pid], server.pid);
    storm.start();
    const allBack = await waitForReconnects(viewers, killedAt, 60_000);
    storm.end();
    const stormCpu = { server: storm.cpuPercent([server.pid]), viewers: storm.cpuPercent(viewers.pids), machine: storm.machine().busy };
    const reconnectMs = allBack ? allBack.maxLastOpenAt - killedAt : NaN;
    console.log(allBack ? `every viewer reconnected ${fmtMs(reconnectMs)} after the kill` : 'not every viewer reconnected within 60 s');
    console.log(`  while they did, CPU (% of one core): server ${stormCpu.server.toFixed(0)} %, viewers ${stormCpu.viewers.toFixed(0)} %, whole machine ${stormCpu.machine.toFixed(0)} % of ${storm.machine().cores * 100} %`);

    const poster = await posting.done;
    const lastId = await lastStoredSeq(site.dataDir, site.slug);
    await waitForEvent(viewers, lastId, 60_000);
    const report = await viewers.report();
    const checked = exactlyOnce(report, 1, lastId);
    const reconnects = report.opens.reduce((sum, n) => sum + n, 0) - report.opens.length;
    const latency = summarize(report.latencies);

    printTable(
      `Resume after kill -9: ${options.viewers.toLocaleString('en-US')} reconnecting viewers, ${options.rate} posts/s`,
      ['viewers', 'events stored', 'posts ok', 'posts failed', 'server down', 'restart', 'all back after kill', 'reconnects', 'lost', 'dup', 'incomplete', 'p99 latency'],
      [
        [
          report.connections,
          lastId,
          poster.ok,
          poster.total - poster.ok,
          fmtMs(restartedAt - killedAt),
          fmtMs(restartedAt - restartStarted),
          fmtMs(reconnectMs),
          reconnects,
          checked.lost,
          checked.duplicated,
          checked.incomplete,
          fmtMs(latency.p99),
        ],
      ],
    );
    console.log('server down = from the kill until the new process answered /healthz; reconnects = connections made beyond the first, all viewers together.');
    console.log('Posts sent while the server was down fail (connection refused): they were never stored, so no viewer should see them.');
    if (poster.total > poster.ok) console.log(`post failures: ${JSON.stringify(poster.statuses)} ${JSON.stringify(poster.errors)}`);
    console.log('');
    verdict(`every viewer reconnects within ${TARGET_RECONNECT_MS / 1000} s`, Number.isFinite(reconnectMs) && reconnectMs <= TARGET_RECONNECT_MS, allBack ? `${fmtMs(reconnectMs)} after the kill` : 'some never did');
    verdict(
      'every viewer ends with every event exactly once',
      checked.lost === 0 && checked.duplicated === 0 && checked.incomplete === 0 && checked.wrongStart === 0 && lastId > 0,
      `ids 1..${lastId}: ${checked.lost} lost, ${checked.duplicated} duplicated, ${checked.incomplete} viewers incomplete`,
    );
  } finally {
    await viewers.close();
  }
} finally {
  await stop(server, 30_000);
  if (!options.keep) removeBenchSite(site);
  if (options.profile) printProfileTop(PROFILE_DIR);
}
finish();

/** Resolves once every viewer is open on a connection made after `since`; null if that takes longer than `timeoutMs`. */
async function waitForReconnects(viewers: Viewers, since: number, timeoutMs: number): Promise<ViewersStatus | null> {
  const deadline = Date.now() + timeoutMs;
  let reported = 0;
  for (;;) {
    const status = await viewers.status(since);
    if (status.reopened === options.viewers) return status;
    if (Date.now() > deadline) return null;
    if (now() - since >= reported + 2000) {
      reported = Math.floor((now() - since) / 2000) * 2000;
      console.log(`  ${((now() - since) / 1000).toFixed(0)} s after the kill: ${status.reopened.toLocaleString('en-US')} viewers back`);
    }
    await sleep(100);
  }
}

async function waitForEvent(viewers: Viewers, lastId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await viewers.status()).minLast >= lastId) return;
    await sleep(200);
  }
}
