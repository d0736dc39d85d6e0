// Live fan-out on one app process: V SSE viewers of one room while members
// post at R posts/s for D seconds, first against the minimal broadcaster
// (bench/sse-baseline.mjs), then against `musesocial serve`, in one run.
// Viewers live in separate processes (bench/sse-clients.mjs) that check every
// id arrives once and in order and sample publish-to-receive latency.
//
//   npm run bench:fanout -- --viewers 10000 --duration 20 --rate 50 --rounds 1
import { createBenchSite, lastStoredSeq, removeBenchSite } from './lib/fixture.ts';
import { exactlyOnce, post, Viewers, type PosterReport, type ViewersReport } from './lib/load.ts';
import { profileFlags, startMusesocial } from './lib/musesocial-server.ts';
import { PROFILE_DIR, freePort, limitRunTime, sleep, startNode, stop, waitForHttp, type Child } from './lib/processes.ts';
import { finish, flags, fmtMs, printTable, summarize, verdict, type Summary } from './lib/report.ts';
import { Sampler, tcpCounters, waitForQuiet } from './lib/sampler.ts';
import { printProfileTop } from './lib/profile-top.ts';

const options = flags('Usage: node --import tsx bench/fanout.ts [flags]', {
  viewers: 10_000,
  duration: 20,
  rate: 50,
  /** Posting accounts: at 1 post per 5 s each, 50 posts/s needs 250; the margin keeps the limiter out of the way. */
  posters: 400,
  /** Baseline and Musesocial alternate this many times; each keeps its best round (interference only ever slows a run down). */
  rounds: 1,
  /** Seconds of posting at 10 posts/s before the measured run (not counted), so neither server is measured cold. */
  warmup: 10,
  /** Deliveries viewers may fall behind before posting stops early: bounds the memory a saturated server buffers. */
  maxBacklog: 2_000_000,
  /** Seconds to wait, before each measured run, for other work on the machine to calm down. */
  quietWait: 120,
  sampleEvery: 100,
  /** Viewers per client process: reading 500,000 events/s takes most of a core, so 10,000 viewers get two processes. */
  perProcess: 5_000,
  only: '',
  profile: false,
  keep: false,
});
limitRunTime(20 + options.rounds * 15);

const TARGET_RATE = 500_000;
const TARGET_P99_MS = 250;
const TARGET_RATIO = 0.7;

interface Outcome {
  name: 'baseline' | 'musesocial';
  round: number;
  connected: number;
  poster: PosterReport;
  viewers: ViewersReport;
  latency: Summary;
  lost: number;
  duplicated: number;
  incomplete: number;
  /** Deliveries ÷ (last delivery − first post sent): the rate a saturated server sustained. */
  rate: number;
  offered: number;
  drainMs: number;
  serverCpu: number;
  viewersCpu: number;
  othersCpu: number;
  steal: number;
  peakRssMb: number;
  serverCpuMsPer1000: number;
  /** Kernel TCP retransmission timeouts during the run (machine-wide): loopback stalls under CPU starvation. */
  rtos: number;
}

const site = await createBenchSite({ posters: options.posters, label: 'fanout' });
console.log(`fanout: ${options.viewers.toLocaleString('en-US')} viewers, ${options.rate} posts/s for ${options.duration} s, ${options.rounds} round(s) (data dir ${site.dataDir})`);

const outcomes: Outcome[] = [];
try {
  for (let round = 1; round <= options.rounds; round += 1) {
    if (options.only !== 'musesocial') outcomes.push(await runRound('baseline', round));
    if (options.only !== 'baseline') outcomes.push(await runRound('musesocial', round));
  }
} finally {
  if (!options.keep) removeBenchSite(site);
}

printTable(
  `Fan-out: ${options.viewers.toLocaleString('en-US')} viewers × ${options.rate} posts/s for ${options.duration} s (offered ${(options.viewers * options.rate).toLocaleString('en-US')} deliveries/s)`,
  ['server', 'round', 'viewers', 'posts ok', 'deliveries', 'deliveries/s', 'p50', 'p99', 'max', 'lost', 'dup', 'drain', 'CPU server', 'viewers', 'others', 'steal', 'ms CPU/1k', 'TCP RTOs', 'peak RSS'],
  outcomes.map((o) => [
    o.name,
    o.round,
    o.connected,
    `${o.poster.ok}/${o.poster.total}${o.poster.stoppedEarly ? '*' : ''}`,
    o.viewers.delivered,
    Math.round(o.rate),
    fmtMs(o.latency.p50),
    fmtMs(o.latency.p99),
    fmtMs(o.latency.max),
    o.lost,
    o.duplicated,
    fmtMs(o.drainMs),
    `${o.serverCpu.toFixed(0)} %`,
    `${o.viewersCpu.toFixed(0)} %`,
    `${o.othersCpu.toFixed(0)} %`,
    `${o.steal.toFixed(0)} %`,
    o.serverCpuMsPer1000,
    o.rtos,
    `${o.peakRssMb.toFixed(0)} MB`,
  ]),
);
console.log(
  [
    'deliveries/s = deliveries ÷ (last delivery − first post sent); drain = last delivery − last post sent.',
    'CPU in % of one core over the run (the machine has 2): server, viewer processes, everything else on the machine (other users, kernel work not charged to a process; the poster is ~1 %), stolen by the hypervisor.',
    'ms CPU/1k = server CPU time per 1,000 deliveries. * = posting stopped early because viewers fell more than --maxBacklog deliveries behind.',
    'TCP RTOs = kernel retransmission timeouts during the run (whole machine): on loopback they mean packets were not processed for 200 ms+, i.e. the kernel itself was starved of CPU.',
  ].join('\n'),
);
for (const o of outcomes) {
  console.log(`${o.name} round ${o.round}: deliveries per second ${o.viewers.perSecond.map((n) => `${Math.round(n / 1000)}k`).join(' ')}`);
  console.log(`${o.name} round ${o.round}: p99 latency per second (ms) ${p99BySecond(o.viewers).join(' ')}`);
  console.log(`${o.name} round ${o.round}: ${tail(o.viewers)}`);
  if (Object.keys(o.poster.statuses).some((s) => s !== '201') || Object.keys(o.poster.errors).length > 0) {
    console.log(`${o.name} round ${o.round}: post answers ${JSON.stringify(o.poster.statuses)} errors ${JSON.stringify(o.poster.errors)} ${o.poster.errorSamples.join(' | ')}`);
  }
}

const best = (name: Outcome['name']) => outcomes.filter((o) => o.name === name).sort((a, b) => b.rate - a.rate)[0];
const baseline = best('baseline');
const musesocial = best('musesocial');
console.log('');
if (baseline && musesocial) {
  const ratio = musesocial.rate / baseline.rate;
  const cpuRatio = baseline.serverCpuMsPer1000 / musesocial.serverCpuMsPer1000;
  console.log(`ratio Musesocial ÷ baseline deliveries/s (best rounds): ${ratio.toFixed(2)}; by server CPU per delivery: ${cpuRatio.toFixed(2)}`);
  verdict(`Musesocial sustainable delivery rate ≥ ${TARGET_RATIO}× the baseline's`, ratio >= TARGET_RATIO, `${ratio.toFixed(2)}× (${Math.round(musesocial.rate).toLocaleString('en-US')}/s vs ${Math.round(baseline.rate).toLocaleString('en-US')}/s)`);
}
if (musesocial) {
  const full = options.viewers >= 10_000 && options.rate >= 50;
  verdict(
    `${TARGET_RATE.toLocaleString('en-US')} deliveries/s sustained${full ? '' : ' (this run offered less than the target)'}`,
    full && !musesocial.poster.stoppedEarly && musesocial.rate >= 0.95 * musesocial.offered,
    `${Math.round(musesocial.rate).toLocaleString('en-US')}/s of ${musesocial.offered.toLocaleString('en-US')}/s offered`,
  );
  verdict(`publish-to-receive p99 ≤ ${TARGET_P99_MS} ms`, musesocial.latency.p99 <= TARGET_P99_MS, `${fmtMs(musesocial.latency.p99)} (p50 ${fmtMs(musesocial.latency.p50)}, max ${fmtMs(musesocial.latency.max)}, ${musesocial.latency.count.toLocaleString('en-US')} samples)`);
  verdict('zero lost or duplicated events', musesocial.lost === 0 && musesocial.duplicated === 0 && musesocial.incomplete === 0, `${musesocial.lost} lost, ${musesocial.duplicated} duplicated, ${musesocial.incomplete} viewers incomplete`);
}
finish();

/** Whether slow samples come from a few stuck viewers or from everyone. */
function tail(report: ViewersReport): string {
  const slow = new Set<number>();
  const sampled = new Set(report.latencyViewers);
  report.latencies.forEach((ms, i) => ms > TARGET_P99_MS && slow.add(report.latencyViewers[i]!));
  return `samples over ${TARGET_P99_MS} ms came from ${slow.size} of ${sampled.size} sampled viewers`;
}

function p99BySecond(report: ViewersReport): number[] {
  const bySecond: number[][] = [];
  report.latencies.forEach((ms, i) => (bySecond[report.latencySeconds[i]!] ??= []).push(ms));
  return Array.from(bySecond, (values) => (values ? Math.round(summarize(values).p99) : 0));
}

async function runRound(name: Outcome['name'], round: number): Promise<Outcome> {
  const port = await freePort();
  let server: Child;
  // Musesocial's ids continue from earlier rounds on the same data directory.
  const firstId = name === 'baseline' ? 1 : (await lastStoredSeq(site.dataDir, site.slug)) + 1;
  if (name === 'baseline') {
    server = startNode('sse-baseline', ['bench/sse-baseline.mjs'], { env: { PORT: String(port) } });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000, server);
  } else {
    const nodeArgs = options.profile ? profileFlags(PROFILE_DIR, `fanout-${Date.now()}`) : [];
    server = await startMusesocial({ dataDir: site.dataDir, port, nodeArgs });
  }
  const streamPath = name === 'baseline' ? '/stream' : `/api/v1/chats/${site.slug}/stream`;
  try {
    const { viewers, open, ms } = await Viewers.connect({ port, path: streamPath, connections: options.viewers, perProcess: options.perProcess, sampleEvery: options.sampleEvery });
    console.log(`${name} round ${round}: ${open.toLocaleString('en-US')} viewers connected in ${(ms / 1000).toFixed(1)} s`);
    try {
      const lastSeq = () => (name === 'baseline' ? baselineSeq(port) : lastStoredSeq(site.dataDir, site.slug));
      await waitForQuiet(options.quietWait);
      if (options.warmup > 0) {
        await post({ target: name === 'baseline' ? 'sse-baseline' : 'musesocial', port, slug: site.slug, tokensFile: site.tokensFile, rate: 10, seconds: options.warmup }).done;
        await drain(viewers, lastSeq);
      }
      await viewers.mark();
      await sleep(500);
      console.log(`${name} round ${round}: warmed up with ${(await lastSeq()) - firstId + 1} posts; posting…`);
      const posting = post({ target: name === 'baseline' ? 'sse-baseline' : 'musesocial', port, slug: site.slug, tokensFile: site.tokensFile, rate: options.rate, seconds: options.duration });
      const sampler = new Sampler([server.pid, ...viewers.pids, posting.child.pid, process.pid], server.pid);
      sampler.start();
      const tcpBefore = tcpCounters();
      const poster = await watchBacklog(posting, viewers, open);
      // Posts the poster gave up on may still have been stored: the server's own count is the truth.
      const lastId = await drain(viewers, lastSeq);
      sampler.end();
      const rtos = tcpCounters().timeouts - tcpBefore.timeouts;
      const report = await viewers.report();
      const machine = sampler.machine();
      const serverCpu = sampler.cpuPercent([server.pid]);
      const viewersCpu = sampler.cpuPercent(viewers.pids);
      const windowMs = report.lastDeliveryAt - poster.firstSentAt;
      const outcome: Outcome = {
        name,
        round,
        connected: open,
        poster,
        viewers: report,
        latency: summarize(report.latencies),
        ...exactlyOnce(report, firstId, lastId),
        rate: report.delivered / (windowMs / 1000),
        offered: options.viewers * options.rate,
        drainMs: report.lastDeliveryAt - poster.lastSentAt,
        serverCpu,
        viewersCpu,
        othersCpu: Math.max(0, machine.busy - sampler.cpuPercent([server.pid, ...viewers.pids, posting.child.pid, process.pid])),
        steal: machine.steal,
        peakRssMb: sampler.peakRssKb / 1024,
        serverCpuMsPer1000: (sampler.cpuMs([server.pid]) / report.delivered) * 1000,
        rtos,
      };
      console.log(`${name} round ${round}: ${report.delivered.toLocaleString('en-US')} deliveries, ${Math.round(outcome.rate).toLocaleString('en-US')}/s, p99 ${fmtMs(outcome.latency.p99)}`);
      return outcome;
    } finally {
      await viewers.close();
    }
  } finally {
    await stop(server, 30_000);
    if (name === 'musesocial' && options.profile) printProfileTop(PROFILE_DIR);
  }
}

/** While posting, stops the load early if viewers fall more than --maxBacklog deliveries behind. */
async function watchBacklog(posting: ReturnType<typeof post>, viewers: Viewers, open: number): Promise<PosterReport> {
  let finished = false;
  const done = posting.done.finally(() => (finished = true));
  const started = performance.now();
  while (!finished) {
    await Promise.race([done, sleep(500)]);
    if (finished) break;
    const status = await viewers.status();
    const posted = Math.min(options.rate * options.duration, ((performance.now() - started) / 1000) * options.rate);
    const backlog = posted * open - status.delivered;
    if (backlog > options.maxBacklog && posting.child.process.connected) {
      console.log(`  viewers ${Math.round(backlog).toLocaleString('en-US')} deliveries behind: stopping the posts early`);
      posting.child.process.send({ cmd: 'stop' });
      break;
    }
  }
  return done;
}

/**
 * Waits until every viewer has the server's last event, re-reading that id
 * as it goes (a post the poster gave up on may still be stored late);
 * stops after 5 s without progress (the rest is lost) or 180 s in all.
 * Returns the last id.
 */
async function drain(viewers: Viewers, lastSeq: () => Promise<number>): Promise<number> {
  const deadline = Date.now() + 180_000;
  let delivered = -1;
  let stalledSince = Date.now();
  for (;;) {
    const lastId = await lastSeq();
    const status = await viewers.status();
    if (status.minLast >= lastId) {
      // Settled only if nothing new was stored meanwhile.
      await sleep(1000);
      if ((await lastSeq()) === lastId) return lastId;
      continue;
    }
    if (status.delivered !== delivered) {
      delivered = status.delivered;
      stalledSince = Date.now();
    }
    if (Date.now() - stalledSince > 5000 || Date.now() > deadline) return lastId;
    await sleep(200);
  }
}

async function baselineSeq(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return ((await response.json()) as { seq: number }).seq;
}
