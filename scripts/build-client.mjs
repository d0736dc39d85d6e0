#!/usr/bin/env node
// Builds the browser bundle: src/web/client/main.ts -> public/build/app.js.
// The server serves public/ at /assets/, so pages load /assets/build/app.js.
// Paths are resolved from this file, so it works from any working directory.
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('../src/web/client/main.ts', import.meta.url));
const outfile = fileURLToPath(new URL('../public/build/app.js', import.meta.url));

try {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    target: 'es2020',
    format: 'iife',
    platform: 'browser',
    // Use the project's tsconfig for TS semantics, but nothing Node-specific leaks in.
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    logLevel: 'warning',
  });
  if (result.errors.length > 0) process.exit(1);
  const { size } = await stat(outfile);
  console.log(`built public/build/app.js (${(size / 1024).toFixed(1)} KiB, ${size} bytes)`);
} catch (err) {
  // esbuild has already printed formatted errors when logLevel allows it.
  if (!(err && typeof err === 'object' && 'errors' in err)) console.error(err);
  process.exit(1);
}
