import fs from 'node:fs';

/**
 * Peak memory and CPU time of another process, read from /proc while it
 * runs (VmHWM is the kernel's own high-water mark of its resident set,
 * worker threads included).
 */
export class ProcessSampler {
  peakRssBytes = 0;
  cpuSeconds = 0;
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
      if (hwm) this.peakRssBytes = Math.max(this.peakRssBytes, Number(hwm[1]) * 1024);
      // utime and stime: fields 14 and 15, counted after the parenthesised command name.
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      this.cpuSeconds = (Number(fields[11]) + Number(fields[12])) / this.ticks;
    } catch {
      // The process has exited: keep the last sample.
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
