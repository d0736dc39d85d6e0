import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadMallocTrim, startMemoryTrim } from './memory-trim.ts';

v8.setFlagsFromString('--expose-gc');
const fullGc = vm.runInNewContext('gc') as () => void;

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition() && Date.now() < deadline; ) await sleep(10);
}

describe('memory trim', () => {
  it('finds glibc malloc_trim on this Linux machine and can call it', { skip: process.platform !== 'linux' }, () => {
    const trim = loadMallocTrim();
    assert.ok(trim, 'malloc_trim should load through koffi on glibc Linux');
    trim();
  });

  it('trims after a full GC, once per interval, with a trailing trim for a GC inside the interval', async () => {
    const at: number[] = [];
    const trimmer = startMemoryTrim({ trim: () => at.push(performance.now()), minIntervalMs: 300 });
    try {
      assert.equal(trimmer.active, true);
      fullGc();
      await until(() => at.length === 1);
      assert.equal(at.length, 1, 'a full GC is followed by a trim');
      const secondGcAt = performance.now();
      fullGc();
      fullGc();
      await until(() => at.length === 2);
      assert.equal(at.length, 2, 'GCs inside the interval get one trailing trim');
      assert.ok(at[1]! - at[0]! >= 295, `trims ${(at[1]! - at[0]!).toFixed(0)} ms apart`);
      assert.ok(at[1]! >= secondGcAt);
      await sleep(400);
      assert.equal(trimmer.count, 2, 'nothing more without another GC');
    } finally {
      trimmer.stop();
    }
  });

  it('does nothing where there is no malloc_trim, and nothing after stop', async () => {
    const none = startMemoryTrim({ trim: null });
    assert.equal(none.active, false);
    none.stop();
    let calls = 0;
    const trimmer = startMemoryTrim({ trim: () => (calls += 1), minIntervalMs: 0 });
    trimmer.stop();
    fullGc();
    await sleep(200);
    assert.equal(calls, 0);
  });
});
