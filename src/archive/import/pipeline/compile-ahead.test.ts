import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileCacheLooksWarm } from './compile-ahead.ts';

describe('compiling the import threads ahead', () => {
  it('loads both threads’ entries on a main thread without running them', async () => {
    // What the process of compile-ahead.ts does: no database opened, no message port used, nothing thrown.
    await import('./import-thread.worker.ts');
    await import('./parse-worker.ts');
  });

  it('takes the cache for cold when a source file changed after it was written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-compile-ahead-'));
    try {
      const file = path.join(dir, 'changed.ts');
      fs.writeFileSync(file, 'export {};\n');
      const later = new Date(Date.now() + 3600_000);
      fs.utimesSync(file, later, later);
      assert.equal(compileCacheLooksWarm(dir), false);
      const long = new Date('2000-01-01T00:00:00Z');
      fs.utimesSync(file, long, long);
      // This test runs through tsx, so its cache folder exists and is newer than 2000.
      assert.equal(compileCacheLooksWarm(dir), true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
