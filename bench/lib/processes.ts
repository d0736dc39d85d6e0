import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where `--profile` runs leave the server's .cpuprofile files (git-ignored). */
export const PROFILE_DIR = path.join(ROOT, 'test-artifacts', 'bench-profiles');

/** A process this bench started: its output is kept for diagnostics, and it is killed if the bench dies. */
export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** The last lines of stdout and stderr. */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<Child>();
process.on('exit', () => {
  for (const child of children) child.process.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.process.kill('SIGKILL');
    // A bench with cleanup of its own (bench/search.ts drops its schema) exits when that is done.
    if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/**
 * Starts `node ARGS…` with the open-files limit raised as far as this
 * machine allows (thousands of sockets per process), keeping the same pid
 * (`exec`), so signals and /proc readings reach node itself.
 */
export function startNode(name: string, args: string[], options: { env?: Record<string, string>; ipc?: boolean; cwd?: string } = {}): Child {
  const script = 'ulimit -n 100000 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"';
  const proc = spawn('bash', ['-c', script, 'bench', process.execPath, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      if (output.length > 200) output.shift();
      if (process.env.BENCH_VERBOSE) console.error(`[${name}] ${line}`);
    }
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  const child: Child = { name, process: proc, pid: proc.pid, output, exited };
  children.add(child);
  return child;
}

/** Waits until the child prints a line matching `pattern`; fails with its output if it exits or time runs out. */
export async function waitForOutput(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of child.output) {
      const match = line.match(pattern);
      if (match) return match;
    }
    if (child.process.exitCode !== null || child.process.signalCode !== null) throw new Error(`${child.name} exited before printing ${pattern}:\n${child.output.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${child.name} did not print ${pattern} within ${timeoutMs} ms:\n${child.output.join('\n')}`);
    await sleep(50);
  }
}

/** Sends a command over the IPC channel and waits for the reply of type `replyType`. */
export function ask<T>(child: Child, message: Record<string, unknown>, replyType: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${child.name} did not answer ${JSON.stringify(message)} within ${timeoutMs} ms:\n${child.output.slice(-20).join('\n')}`));
    }, timeoutMs);
    const onMessage = (reply: { type?: string }) => {
      if (reply?.type !== replyType) return;
      cleanup();
      resolve(reply as T);
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`${child.name} exited while waiting for ${replyType}:\n${child.output.slice(-20).join('\n')}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
    };
    child.process.on('message', onMessage);
    child.process.once('exit', onExit);
    if (Object.keys(message).length > 0) child.process.send(message);
  });
}

/** Asks politely (SIGTERM), then insists after `graceMs`. */
export async function stop(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function killHard(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}

let clockTicks: number | null = null;

/** CPU time (user + system) the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/** Resident memory, from /proc/PID/status VmRSS, in KiB. */
export function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (child && (child.process.exitCode !== null || child.process.signalCode !== null)) throw new Error(`${child.name} exited:\n${child.output.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms${child ? `:\n${child.output.join('\n')}` : ''}`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The hard ceiling on a whole bench run: whatever happens, it ends by itself. */
export function limitRunTime(minutes: number): void {
  setTimeout(() => {
    console.error(`bench: gave up after ${minutes} minutes`);
    process.exit(2);
  }, minutes * 60_000).unref();
}
