#!/usr/bin/env node
// Builds the browser bundles, one per entry:
//   src/web/client/main.ts      -> public/build/app.js   (every page)
//   src/web/client/live-room.ts -> public/build/live.js  (the live room only)
//   src/web/client/story-editor.ts -> public/build/story-editor.js (the story editor only)
//   src/web/client/import-progress.ts -> public/build/import-progress.js (an import run's page while it runs)
// The server serves public/ at /assets/, so pages load /assets/build/<name>.js.
// Paths are resolved from this file, so it works from any working directory.
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = [
  { entry: '../src/web/client/main.ts', outfile: '../public/build/app.js' },
  { entry: '../src/web/client/live-room.ts', outfile: '../public/build/live.js' },
  { entry: '../src/web/client/story-editor.ts', outfile: '../public/build/story-editor.js' },
  { entry: '../src/web/client/import-progress.ts', outfile: '../public/build/import-progress.js' },
];

try {
  for (const { entry, outfile } of ENTRIES) {
    const out = fileURLToPath(new URL(outfile, import.meta.url));
    const result = await build({
      absWorkingDir: root,
      entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
      outfile: out,
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
    const { size } = await stat(out);
    console.log(`built ${outfile.slice(3)} (${(size / 1024).toFixed(1)} KiB, ${size} bytes)`);
  }
} catch (err) {
  // esbuild has already printed formatted errors when logLevel allows it.
  if (!(err && typeof err === 'object' && 'errors' in err)) console.error(err);
  process.exit(1);
}
