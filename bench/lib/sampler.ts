import fs from 'node:fs';
import { cpuMs, rssKb } from './processes.ts';

/**
 * CPU used by some processes over a window, and the server's peak resident
 * memory, read from /proc. On a shared 2-core machine the CPU split says
 * who was the bottleneck: a server near 100 % is saturated, a client near
 * 100 % means the measurement, not the server, set the limit.
 */
export class Sampler {
  readonly #start = new Map<number, number>();
  readonly #end = new Map<number, number>();
  #startedAt = 0;
  #endedAt = 0;
  #timer: NodeJS.Timeout | null = null;
  #machineStart = machineTicks();
  #machineEnd = machineTicks();
  #byNameStart = new Map<string, number>();
  #byNameEnd = new Map<string, number>();
  peakRssKb = 0;

  constructor(
    private readonly pids: number[],
    private readonly rssPid: number,
  ) {}

  start(): void {
    this.#startedAt = performance.now();
    this.#machineStart = machineTicks();
    for (const pid of this.pids) this.#start.set(pid, safe(() => cpuMs(pid)));
    this.#byNameStart = cpuMsByName(new Set(this.pids));
    this.#timer = setInterval(() => (this.peakRssKb = Math.max(this.peakRssKb, safe(() => rssKb(this.rssPid)))), 250);
  }

  end(): void {
    this.#endedAt = performance.now();
    this.#machineEnd = machineTicks();
    for (const pid of this.pids) this.#end.set(pid, safe(() => cpuMs(pid)));
    this.#byNameEnd = cpuMsByName(new Set(this.pids));
    if (this.#timer) clearInterval(this.#timer);
  }

  /** Share of one core used by `pids` (summed) over the window, in percent. */
  cpuPercent(pids: number[]): number {
    const used = pids.reduce((sum, pid) => sum + (this.#end.get(pid) ?? 0) - (this.#start.get(pid) ?? 0), 0);
    return (100 * used) / (this.#endedAt - this.#startedAt);
  }

  /** The whole machine over the window, in % of one core: busy (user, system, irq) and stolen by the hypervisor. */
  machine(): { busy: number; steal: number; cores: number } {
    const d = (key: keyof Ticks) => this.#machineEnd[key] - this.#machineStart[key];
    const total = d('busy') + d('idle') + d('steal');
    const cores = this.#machineEnd.cores;
    return { busy: (100 * cores * d('busy')) / total, steal: (100 * cores * d('steal')) / total, cores };
  }

  /**
   * "others" split: processes outside `pids` by command name (postgres,
   * redis-server …; processes that ended during the window are missed),
   * and the kernel's softirq time (on loopback, much of TCP's work) from
   * /proc/stat, each in % of one core; names under 1 % are left out.
   */
  othersByName(): Record<string, number> {
    const window = this.#endedAt - this.#startedAt;
    const out: Record<string, number> = {};
    for (const [name, end] of this.#byNameEnd) {
      const share = (100 * (end - (this.#byNameStart.get(name) ?? 0))) / window;
      if (share >= 1) out[name] = Math.round(share);
    }
    const d = (key: keyof Ticks) => this.#machineEnd[key] - this.#machineStart[key];
    out['(softirq)'] = Math.round((100 * this.#machineEnd.cores * d('softirq')) / (d('busy') + d('idle') + d('steal')));
    return out;
  }

  cpuMs(pids: number[]): number {
    return pids.reduce((sum, pid) => sum + (this.#end.get(pid) ?? 0) - (this.#start.get(pid) ?? 0), 0);
  }
}

function safe(read: () => number): number {
  try {
    return read();
  } catch {
    return 0;
  }
}

/** CPU ms so far of every process not in `exclude`, summed by command name. */
function cpuMsByName(exclude: Set<number>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || exclude.has(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      totals.set(name, (totals.get(name) ?? 0) + cpuMs(pid));
    } catch {
      // Gone meanwhile.
    }
  }
  return totals;
}

interface Ticks {
  softirq: number;
  busy: number;
  idle: number;
  steal: number;
  cores: number;
}

/** The aggregate "cpu" line of /proc/stat. */
function machineTicks(): Ticks {
  const lines = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = lines[0]!.trim().split(/\s+/).slice(1).map(Number) as number[];
  return {
    softirq: softirq!,
    busy: user! + nice! + system! + irq! + softirq!,
    idle: idle! + iowait!,
    steal: steal!,
    cores: lines.filter((line) => /^cpu\d/.test(line)).length,
  };
}

/**
 * Waits (at most `maxSeconds`) until the machine is mostly idle, so a run
 * does not start in the middle of someone else's build. Returns the busy
 * share seen last, in % of the whole machine.
 */
export async function waitForQuiet(maxSeconds: number, threshold = 35): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  let announced = false;
  for (;;) {
    const before = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = machineTicks();
    const busy = after.busy - before.busy;
    const share = (100 * busy) / (busy + after.idle - before.idle + after.steal - before.steal);
    if (share <= threshold || Date.now() > deadline) {
      if (announced || share > threshold) console.log(`machine ${share.toFixed(0)} % busy${share > threshold ? ' (gave up waiting for it to quieten)' : ''}`);
      return share;
    }
    if (!announced) console.log(`machine ${share.toFixed(0)} % busy: waiting up to ${maxSeconds} s for it to quieten…`);
    announced = true;
  }
}

/** Kernel TCP counters (all sockets on the machine): retransmitted segments and retransmission timeouts. */
export function tcpCounters(): { retransSegs: number; timeouts: number } {
  const read = (file: string, prefix: string, field: string): number => {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith(`${prefix}:`));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const i = names.indexOf(field);
    return i === -1 ? 0 : Number(values[i]);
  };
  return { retransSegs: read('/proc/net/snmp', 'Tcp', 'RetransSegs'), timeouts: read('/proc/net/netstat', 'TcpExt', 'TCPTimeouts') };
}
