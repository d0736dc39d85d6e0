import { ask, startNode, stop, type Child } from './processes.ts';

/** What bench/sse-clients.mjs reports (per viewer arrays are index-aligned). */
export interface ViewersReport {
  connections: number;
  open: number;
  delivered: number;
  firstDeliveryAt: number;
  lastDeliveryAt: number;
  perSecond: number[];
  latencies: number[];
  latencySeconds: number[];
  /** The viewer (index over all processes) that took each latency sample. */
  latencyViewers: number[];
  connectFailures: number;
  first: number[];
  last: number[];
  count: number[];
  gaps: number[];
  dups: number[];
  opens: number[];
  lastOpenAt: number[];
}

export interface ViewersStatus {
  open: number;
  /** Open on a connection made after the `since` given to status(). */
  reopened: number;
  delivered: number;
  minLast: number;
  maxLastOpenAt: number;
  lastDeliveryAt: number;
}

export interface ViewerOptions {
  port: number;
  path: string;
  connections: number;
  /** Viewers per client process; the open-files limit (20,000 here) caps one process. */
  perProcess?: number;
  sampleEvery?: number;
  reconnect?: boolean;
  startAfter?: number | null;
  maxSeconds?: number;
}

/**
 * Viewers in separate processes (bench/sse-clients.mjs), split so each
 * stays under the open-files limit; the figures are summed back together.
 */
export class Viewers {
  private constructor(readonly children: Child[]) {}

  static async connect(options: ViewerOptions): Promise<{ viewers: Viewers; open: number; failures: number; ms: number }> {
    const perProcess = options.perProcess ?? 10_000;
    const processes = Math.max(1, Math.ceil(options.connections / perProcess));
    const children: Child[] = [];
    for (let i = 0; i < processes; i += 1) {
      const connections = Math.floor(options.connections / processes) + (i < options.connections % processes ? 1 : 0);
      const config = {
        port: options.port,
        path: options.path,
        connections,
        sampleEvery: options.sampleEvery ?? 100,
        reconnect: options.reconnect ?? false,
        startAfter: options.startAfter ?? null,
        maxSeconds: options.maxSeconds ?? 900,
      };
      children.push(startNode(`viewers-${i}`, ['bench/sse-clients.mjs', JSON.stringify(config)], { ipc: true }));
    }
    const viewers = new Viewers(children);
    const replies = await Promise.all(children.map((child) => ask<{ open: number; failures: number; ms: number }>(child, {}, 'connected', 600_000)));
    return {
      viewers,
      open: replies.reduce((sum, r) => sum + r.open, 0),
      failures: replies.reduce((sum, r) => sum + r.failures, 0),
      ms: Math.max(...replies.map((r) => r.ms)),
    };
  }

  get pids(): number[] {
    return this.children.map((child) => child.pid);
  }

  async status(since?: number): Promise<ViewersStatus> {
    const all = await Promise.all(this.children.map((child) => ask<ViewersStatus>(child, { cmd: 'status', since }, 'status', 30_000)));
    return {
      open: all.reduce((sum, s) => sum + s.open, 0),
      reopened: all.reduce((sum, s) => sum + s.reopened, 0),
      delivered: all.reduce((sum, s) => sum + s.delivered, 0),
      minLast: Math.min(...all.map((s) => s.minLast)),
      maxLastOpenAt: Math.max(...all.map((s) => s.maxLastOpenAt)),
      lastDeliveryAt: Math.max(...all.map((s) => s.lastDeliveryAt)),
    };
  }

  async report(): Promise<ViewersReport> {
    const all = await Promise.all(this.children.map((child) => ask<ViewersReport>(child, { cmd: 'report' }, 'report', 60_000)));
    const concat = <K extends keyof ViewersReport>(key: K) => all.flatMap((r) => r[key] as number[]);
    const perSecond: number[] = [];
    // Each process counts seconds from its own first delivery; they start within milliseconds of each other.
    for (const r of all) r.perSecond.forEach((n, i) => (perSecond[i] = (perSecond[i] ?? 0) + n));
    return {
      connections: all.reduce((sum, r) => sum + r.connections, 0),
      open: all.reduce((sum, r) => sum + r.open, 0),
      delivered: all.reduce((sum, r) => sum + r.delivered, 0),
      firstDeliveryAt: Math.min(...all.map((r) => r.firstDeliveryAt || Infinity)),
      lastDeliveryAt: Math.max(...all.map((r) => r.lastDeliveryAt)),
      perSecond,
      latencies: concat('latencies'),
      latencySeconds: concat('latencySeconds'),
      latencyViewers: all.flatMap((r, i) => {
        const offset = all.slice(0, i).reduce((sum, previous) => sum + previous.connections, 0);
        return r.latencyViewers.map((viewer) => viewer + offset);
      }),
      connectFailures: all.reduce((sum, r) => sum + r.connectFailures, 0),
      first: concat('first'),
      last: concat('last'),
      count: concat('count'),
      gaps: concat('gaps'),
      dups: concat('dups'),
      opens: concat('opens'),
      lastOpenAt: concat('lastOpenAt'),
    };
  }

  /** From now on rates and latencies count (after a warm-up); id checks keep covering everything. */
  async mark(): Promise<void> {
    await Promise.all(this.children.map((child) => ask(child, { cmd: 'mark' }, 'marked', 30_000)));
  }

  async close(): Promise<void> {
    for (const child of this.children) if (child.process.connected) child.process.send({ cmd: 'stop' });
    await Promise.all(this.children.map((child) => stop(child, 5000)));
  }
}

/** What bench/poster.mjs reports. */
export interface PosterReport {
  total: number;
  /** The bench stopped the load before its planned end. */
  stoppedEarly: boolean;
  ok: number;
  answered: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  errorSamples: string[];
  /** Posts sent a second time because the server closed their idle kept-alive socket as they went out (bench/lib/idle-close-race.mjs). */
  resent: number;
  latencies: number[];
  latencySeconds: number[];
  maxLag: number;
  t0: number;
  firstSentAt: number;
  lastSentAt: number;
  lastDoneAt: number;
}

export interface PosterOptions {
  target: 'musesocial' | 'sse-baseline' | 'post-baseline';
  port: number;
  slug: string;
  tokensFile?: string;
  /** Post as this share of the accounts only (tokens k with k mod of = share), so that posters running side by side never post as the same account at once. */
  accounts?: { share: number; of: number };
  rate: number;
  seconds: number;
}

/** Starts posting at once; resolves with the report when the last post was answered (or timed out). */
export function post(options: PosterOptions): { child: Child; done: Promise<PosterReport> } {
  const child = startNode(`poster-${options.target}`, ['bench/poster.mjs', JSON.stringify(options)], { ipc: true });
  return { child, done: ask<PosterReport>(child, {}, 'done', (options.seconds + 120) * 1000) };
}

/** Every event id firstId..lastId exactly once, per viewer. */
export function exactlyOnce(report: ViewersReport, firstId: number, lastId: number): { lost: number; duplicated: number; incomplete: number; wrongStart: number } {
  const expected = lastId - firstId + 1;
  let lost = 0;
  let duplicated = 0;
  let incomplete = 0;
  let wrongStart = 0;
  for (let i = 0; i < report.count.length; i += 1) {
    const missing = expected - report.count[i]!;
    lost += Math.max(0, missing);
    duplicated += report.dups[i]!;
    if (missing !== 0 || (expected > 0 && report.last[i] !== lastId)) incomplete += 1;
    if (expected > 0 && report.first[i] !== firstId) wrongStart += 1;
  }
  return { lost, duplicated, incomplete, wrongStart };
}
