import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_EXEC_ARGV } from './worker-pool.ts';

/**
 * The app runs its TypeScript through tsx, which keeps what it compiled in
 * a cache on disk (in the temp folder). When that cache is cold — the
 * first import after an install or an upgrade, or after the temp folder
 * was emptied — every thread that compiles starts a compiler of its own
 * (esbuild's synchronous API runs in a worker thread: ~13 MB each). An
 * import's thread and its parse worker did, which took a 200,000-tweet
 * import from ~265 MB to ~310 MB at its peak, over its 300 MB bound.
 *
 * So before a big import (and once when the server starts, for uploads),
 * a short-lived process loads the threads' modules (their entries load on
 * a main thread without running): the threads then find them compiled. With a warm cache it only reads them
 * back (~0.6 s), which is skipped once a stamp says it was done (below). Its
 * memory is its own and gone before the import starts. Best effort: if it
 * fails, the import compiles as before.
 */
const ENTRIES = [
  // The CLI's import thread, and the server's (an upload's import), and the parse workers of both.
  new URL('./import-thread.worker.ts', import.meta.url).href,
  new URL('../runs/run-thread.worker.ts', import.meta.url).href,
  new URL('./parse-worker.ts', import.meta.url).href,
];
const GIVE_UP_MS = 120_000;

const SOURCE_DIR = fileURLToPath(new URL('../../../', import.meta.url));
/** Where tsx 4 keeps its cache. */
const CACHE_DIR = path.join(os.tmpdir(), `tsx-${process.getuid?.() ?? ''}`);
/**
 * Written into tsx's cache once the threads' modules are compiled in it.
 * The cache folder's own time cannot say so: tsx touches it whenever it
 * compiles anything, and the CLI compiles its own modules before it gets
 * here, so on a fresh machine the folder always looked warm (326 MB peak).
 * Inside the cache folder, the stamp goes when the cache goes.
 */
const STAMP_NAME = 'musesocial-import-threads.stamp';

/**
 * Whether the threads' modules were compiled into tsx's cache after every
 * source file last changed. A missing cache or stamp, or tsx keeping its
 * cache elsewhere one day, reads as cold: compiling ahead then costs its
 * ~0.6 s, never memory.
 */
export function compileCacheLooksWarm(sourceDir = SOURCE_DIR, cacheDir = CACHE_DIR): boolean {
  const stamp = fs.statSync(path.join(cacheDir, STAMP_NAME), { throwIfNoEntry: false });
  if (!stamp) return false;
  const newest = (dir: string): number =>
    Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newest(path.join(dir, entry.name)) : entry.name.endsWith('.ts') || entry.name.endsWith('.tsx') ? fs.statSync(path.join(dir, entry.name)).mtimeMs : 0)));
  return stamp.mtimeMs > newest(sourceDir);
}

/** Marks the cache warm for the threads (after their modules were compiled into it). */
export function stampCompiled(cacheDir = CACHE_DIR): void {
  fs.writeFileSync(path.join(cacheDir, STAMP_NAME), `${new Date().toISOString()}\n`);
}

export function compileImportThreadsAhead(): Promise<void> {
  if (compileCacheLooksWarm()) return Promise.resolve();
  const script = ENTRIES.map((entry) => `await import(${JSON.stringify(entry)});`).join(' ');
  return new Promise<void>((resolve) => {
    const child = spawn(process.execPath, [...WORKER_EXEC_ARGV.filter((arg) => !arg.startsWith('--cpu-prof')), '--input-type=module', '--eval', script], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill(), GIVE_UP_MS);
    child.on('error', () => (clearTimeout(timer), resolve()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Compiled, or found compiled already (a checkout newer than the stamp, same contents): warm from now on.
      if (code === 0) {
        try {
          stampCompiled();
        } catch {
          // No stamp (a read-only cache): the next big import compiles ahead again, at its ~0.6 s.
        }
      }
      resolve();
    });
  });
}
