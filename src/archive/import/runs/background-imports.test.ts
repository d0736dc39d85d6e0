import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BackgroundImports } from './background-imports.ts';

/** A job that runs until it is released or aborted, recording what happened to it. */
function job(events: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const work = async (signal: AbortSignal) => {
    events.push(`${name} runs`);
    await Promise.race([released, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
    events.push(signal.aborted ? `${name} stopped` : `${name} done`);
  };
  const abandon = async () => void events.push(`${name} abandoned`);
  return { work, abandon, release };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Errors no job should have thrown: each test checks there are none. */
const thrown: unknown[] = [];
const unexpected = (error: unknown) => void thrown.push(error);

describe('BackgroundImports', () => {
  it('runs at most its limit at once; the next starts when one ends', async () => {
    const jobs = new BackgroundImports(2);
    const events: string[] = [];
    const [a, b, c] = [job(events, 'a'), job(events, 'b'), job(events, 'c')];
    jobs.start(1, a.work, a.abandon, unexpected);
    jobs.start(2, b.work, b.abandon, unexpected);
    jobs.start(3, c.work, c.abandon, unexpected);
    await tick();
    assert.deepEqual(events, ['a runs', 'b runs']);
    b.release();
    await tick();
    await tick();
    assert.deepEqual(events, ['a runs', 'b runs', 'b done', 'c runs']);
    a.release();
    c.release();
    await tick();
    await jobs.stopAll(1000);
    assert.deepEqual(events.slice(4).sort(), ['a done', 'c done']);
    assert.deepEqual(thrown, []);
  });

  /** One place: job a runs, job b waits its turn. */
  async function oneRunningOneWaiting() {
    const jobs = new BackgroundImports(1);
    const events: string[] = [];
    const [a, b] = [job(events, 'a'), job(events, 'b')];
    jobs.start(1, a.work, a.abandon, unexpected);
    jobs.start(2, b.work, b.abandon, unexpected);
    await tick();
    return { jobs, events };
  }

  it('at shutdown stops the running ones and abandons those still waiting, which never run', async () => {
    const { jobs, events } = await oneRunningOneWaiting();
    await jobs.stopAll(1000);
    assert.deepEqual(events, ['a runs', 'a stopped', 'b abandoned']);
    assert.deepEqual(thrown, []);
  });

  it('asks every job to stop at once when a shutdown begins, before waiting for any', async () => {
    const { jobs, events } = await oneRunningOneWaiting();
    jobs.askAllToStop();
    await tick();
    assert.deepEqual(events.sort(), ['a runs', 'a stopped', 'b abandoned'], 'the running one stops; the waiting one never runs, and its run ends');
    await jobs.stopAll(1000);
    assert.deepEqual(events, ['a runs', 'a stopped', 'b abandoned'], 'nothing is abandoned twice');
    assert.deepEqual(thrown, []);
  });

  it('abandons a job that does not stop in time, and logs a job that throws instead of failing', async () => {
    const jobs = new BackgroundImports(2);
    const events: string[] = [];
    const logged: unknown[] = [];
    jobs.start(1, () => new Promise<void>(() => {}), async () => void events.push('stuck abandoned'), (error) => logged.push(error));
    jobs.start(2, async () => Promise.reject(new Error('boom')), async () => void events.push('boom abandoned'), (error) => logged.push(error));
    await tick();
    await jobs.stopAll(50);
    assert.deepEqual(events, ['stuck abandoned']);
    assert.deepEqual(logged.map((e) => (e as Error).message), ['boom']);
  });
});
