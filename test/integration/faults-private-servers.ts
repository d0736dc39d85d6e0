import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './faults-helpers.ts';

/**
 * Database and Redis servers of a test's own, so a test can stop and start
 * them without disturbing the shared servers other tests use.
 */

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function findInitdb(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

const isRoot = process.getuid?.() === 0;
const postgresBin = findInitdb();

/** Why a private PostgreSQL cannot run here, or false when it can. */
export const privatePostgresSkip: string | false = !postgresBin
  ? 'initdb not found under /usr/lib/postgresql/*/bin (install the postgresql package)'
  : isRoot && !fs.existsSync('/usr/sbin/runuser')
    ? 'running as root without runuser: initdb refuses to run as root'
    : false;

/** A PostgreSQL cluster in a temporary directory, trust authentication, on 127.0.0.1:port. */
export class PrivatePostgres {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-pg-'));
  private constructor(readonly port: number) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const server = new PrivatePostgres(await freePort());
    if (isRoot) execFileSync('chown', ['postgres', server.dir]);
    server.#run('initdb', ['-D', path.join(server.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    this.#run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-l', path.join(this.dir, 'log'), '-w', '-o', `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  }

  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.#run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-w', '-m', mode, 'stop']);
  }

  async dispose(): Promise<void> {
    try {
      await this.stop('immediate');
    } catch {
      // Already stopped.
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  #run(program: string, args: string[]): void {
    const binary = path.join(postgresBin!, program);
    const [file, argv] = isRoot ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
    execFileSync(file, argv, { stdio: 'pipe', cwd: '/tmp' });
  }
}

export const privateRedisSkip: string | false = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'pipe' });
    return false;
  } catch {
    return 'redis-server not found on PATH';
  }
})();

/** `redis-server --port P --save ""` of the test's own; start() again reuses the port. */
export class PrivateRedis {
  #child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.#child = child;
    for (let i = 0; i < 100; i++) {
      if (await canConnect(this.port)) return;
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  }

  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
