#!/usr/bin/env node
// The `musesocial` command. Musesocial targets Node.js 24; the project pins
// it as the `node` package, so when this file is started by an older
// system Node (e.g. `npx musesocial` on a machine with Node 20), it re-runs
// itself with the pinned one instead of failing on missing built-ins.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 24) {
  const bundled = findBundledNode();
  if (!bundled) {
    console.error(`musesocial needs Node.js 24 or newer (this is ${process.version}). Run \`npm install\` in ${root} to get the pinned runtime.`);
    process.exit(1);
  }
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    // Die of the same signal, so our parent sees what happened to the real process.
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(name, forward);
    process.kill(process.pid, signal ?? 'SIGTERM');
  });
} else {
  // TypeScript sources run through tsx's loader: no separate build output that could go stale.
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(path.join(root, 'src/cli/main.ts')).href);
  await main(process.argv);
}

function findBundledNode() {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    const candidate = path.join(path.dirname(require.resolve('node/package.json')), 'bin', 'node');
    return existsSync(candidate) ? candidate : null;
  } catch {
    return null;
  }
}
