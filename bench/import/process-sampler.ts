import fs from 'node:fs';

/**
 * Peak memory and CPU time of another process, read from /proc while it
 * runs (VmHWM is the kernel's own high-water mark of its resident set,
 * worker threads included).
 */
export class ProcessSampler {
  peakRssBytes = 0;
  /** Seconds after the sampler started when the resident set last grew to a new peak. */
  peakAtSeconds = 0;
  /** RssAnon/RssFile/RssShmem (kB) and threads when the peak grew, from the sample that saw it. */
  peakParts = '';
  cpuSeconds = 0;
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private readonly ticks = 100; // USER_HZ on Linux

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  sample(): void {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      const peak = hwm ? Number(hwm[1]) * 1024 : 0;
      if (peak > this.peakRssBytes) {
        this.peakRssBytes = peak;
        this.peakAtSeconds = (performance.now() - this.started) / 1000;
        this.peakParts = ['RssAnon', 'RssFile', 'RssShmem', 'Threads'].map((name) => new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? '?').join('/') + ` (${this.threadNames()})`;
      }
      // utime and stime: fields 14 and 15, counted after the parenthesised command name.
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      this.cpuSeconds = (Number(fields[11]) + Number(fields[12])) / this.ticks;
    } catch {
      // The process has exited: keep the last sample.
    }
  }

  /** The process's threads by name ("node" ×1, "libuv-worker" ×4, …): which ones a peak came with. */
  private threadNames(): string {
    const counts = new Map<string, number>();
    for (const task of fs.readdirSync(`/proc/${this.pid}/task`)) {
      const name = fs.readFileSync(`/proc/${this.pid}/task/${task}/comm`, 'utf8').trim();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts].map(([name, count]) => `${name} ×${count}`).join(', ');
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
