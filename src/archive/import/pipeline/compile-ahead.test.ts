import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileCacheLooksWarm, stampCompiled } from './compile-ahead.ts';

describe('compiling the import threads ahead', () => {
  it('loads the threads’ entries on a main thread without running them', async () => {
    // What the process of compile-ahead.ts does: no database opened, no message port used, nothing thrown.
    await import('./import-thread.worker.ts');
    await import('./parse-worker.ts');
    await import('../runs/run-thread.worker.ts');
  });

  it('takes the cache for cold until the threads were compiled into it, and again when a source changes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-compile-ahead-'));
    const sources = path.join(dir, 'src');
    const cache = path.join(dir, 'tsx-cache');
    fs.mkdirSync(sources);
    fs.mkdirSync(cache);
    try {
      const file = path.join(sources, 'changed.ts');
      fs.writeFileSync(file, 'export {};\n');
      const long = new Date('2000-01-01T00:00:00Z');
      fs.utimesSync(file, long, long);
      // A cache folder written after every source (the CLI compiled its own modules) is not yet warm for the threads.
      assert.equal(compileCacheLooksWarm(sources, cache), false);
      stampCompiled(cache);
      assert.equal(compileCacheLooksWarm(sources, cache), true);
      const later = new Date(Date.now() + 3600_000);
      fs.utimesSync(file, later, later);
      assert.equal(compileCacheLooksWarm(sources, cache), false, 'a source changed after the stamp');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
