import { createRequire } from 'node:module';
import { constants, PerformanceObserver } from 'node:perf_hooks';

/**
 * Hands the C allocator's free pages back to the system (glibc's
 * `malloc_trim(0)`) after full garbage collections, at most once per
 * MIN_INTERVAL_MS.
 *
 * Why: glibc returns freed memory only from the top of its heap. Under load
 * a server allocates and frees native memory all the time (socket reads,
 * write requests, buffers of page and stream chunks), and what is freed
 * below memory still in use stays resident. bench:mixed on two PostgreSQL
 * processes measured it: after the load and a full GC, the JS heap and
 * external memory were back where they started, but the allocator's main
 * arena (`[heap]` in /proc/PID/smaps) had grown from 44 to 60–78 MB, and
 * RSS by 10–28 % (more over 5 minutes than over 1), never coming back.
 * After malloc_trim(0) it was back to its starting size. A walk of the
 * arenas costs a few milliseconds, so it runs after a full GC (when V8 has
 * just freed the backing stores of dead Buffers) rather than on every free.
 *
 * Linux with glibc only (through koffi, a foreign-function interface with
 * prebuilt binaries); elsewhere, or if it cannot be loaded, this does
 * nothing.
 */
export const MIN_INTERVAL_MS = 10_000;

export interface MemoryTrim {
  /** False when there is no malloc_trim to call here. */
  readonly active: boolean;
  /** Trims done so far. */
  readonly count: number;
  stop(): void;
}

export function startMemoryTrim(options: { trim?: (() => void) | null; minIntervalMs?: number } = {}): MemoryTrim {
  const trim = options.trim === undefined ? loadMallocTrim() : options.trim;
  const minIntervalMs = options.minIntervalMs ?? MIN_INTERVAL_MS;
  let count = 0;
  let last = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  if (!trim) return { active: false, count: 0, stop: () => {} };

  const run = () => {
    timer = null;
    last = performance.now();
    trim();
    count += 1;
  };
  // Trailing: a full GC inside the interval still gets its trim, at the interval's end.
  const observer = new PerformanceObserver((list) => {
    if (timer || !list.getEntries().some((entry) => (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) return;
    timer = setTimeout(run, Math.max(0, last + minIntervalMs - performance.now()));
    timer.unref();
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    active: true,
    get count() {
      return count;
    },
    stop() {
      observer.disconnect();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** glibc's malloc_trim(0), or null where there is none (other systems; musl has no libc.so.6; koffi missing). */
export function loadMallocTrim(): (() => void) | null {
  if (process.platform !== 'linux') return null;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load(name: string): { func(signature: string): (pad: number) => number } };
    const mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
    return () => void mallocTrim(0);
  } catch {
    return null;
  }
}
