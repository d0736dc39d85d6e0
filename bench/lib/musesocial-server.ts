import fs from 'node:fs';
import path from 'node:path';
import { startNode, waitForHttp, type Child } from './processes.ts';

export interface ServerOptions {
  dataDir: string;
  port: number;
  /** Extra flags for node itself (e.g. --cpu-prof). */
  nodeArgs?: string[];
  name?: string;
}

/**
 * `musesocial serve` as an operator runs it (bin/musesocial.mjs), on the
 * bench's SQLite data directory, quiet, without demo content, and only on
 * 127.0.0.1. Resolves once /healthz answers.
 */
export async function startMusesocial(options: ServerOptions): Promise<Child> {
  const child = startNode(options.name ?? 'musesocial', [...(options.nodeArgs ?? []), 'bin/musesocial.mjs', 'serve'], {
    env: {
      PORT: String(options.port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${options.port}`,
      MUSESOCIAL_DATA_DIR: options.dataDir,
      LOG_LEVEL: 'silent',
      MUSESOCIAL_DEMO: 'false',
      // The load comes from one address and is not signed in: the 300-per-5-minutes read limit would throttle it.
      ANONYMOUS_READ_LIMIT: '0',
      // The embedded path: SQLite and in-process fan-out, whatever the caller's environment says.
      DATABASE_URL: '',
      REDIS_URL: '',
    },
  });
  await waitForHttp(`http://127.0.0.1:${options.port}/healthz`, 60_000, child);
  return child;
}

/** Node flags that write a CPU profile of the server into `dir` when it exits cleanly. */
export function profileFlags(dir: string, name: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=${name}.cpuprofile`];
}
