import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { planImport } from '../../src/archive/import/import.service.ts';
import { BackgroundImports } from '../../src/archive/import/runs/background-imports.ts';
import { SILENT_RUN_MS, startImportRun, visibleRun } from '../../src/archive/import/runs/import-run.service.ts';
import { findRun } from '../../src/archive/import/runs/import-runs.repository.ts';
import { jsonl, scratchDir, tweet } from './archive-import-helpers.ts';

/**
 * An upload waiting its turn behind other imports (background-imports.ts)
 * keeps its run's heartbeat: a page looking at it after more than
 * SILENT_RUN_MS must not take the wait for a killed process. Time is
 * mocked (setInterval and Date only: the database's promises and
 * setImmediate run for real).
 */
describe('an upload waiting its turn', () => {
  it('keeps its heartbeat while it waits, and imports once a place is free', async () => {
    const database = await freshDatabase('sqlite');
    const files = scratchDir();
    const organizer = await buildUser(database.db, { role: 'organizer' });
    const chat = await buildChat(database.db, organizer, { startsInHours: -24 });
    const upload = files.write('chat.jsonl', jsonl([tweet({ id: '101', user: 'alice', text: 'waiting in line #musesocial', at: '2019-10-21T19:00:00Z' })]));
    const plan = await planImport(database, { via: 'web', user: organizer }, chat.slug, { files: [{ path: upload, fileName: 'chat.jsonl' }], format: null });

    // The one place is taken by an import that runs until released.
    const jobs = new BackgroundImports(1);
    let releaseBlocker!: () => void;
    const blocker = new Promise<void>((resolve) => (releaseBlocker = resolve));
    jobs.start(0, () => blocker, async () => {}, (error) => assert.fail(String(error)));

    const logged: unknown[] = [];
    const log = { error: (details: object) => void logged.push(details) };
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const started = Date.now();
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: started });
    try {
      const runId = await startImportRun(database, jobs, log, { user: organizer, plan, requestedFormat: null, uploadDirs: [files.dir] });
      // Longer than a killed process may stay silent, ten seconds at a time.
      for (let waited = 0; waited <= SILENT_RUN_MS; waited += 10_000) {
        mock.timers.tick(10_000);
        await settle();
      }
      const waiting = (await findRun(database.db, runId))!.run;
      assert.equal(waiting.status, 'running');
      assert.ok(waiting.updatedAt >= started + SILENT_RUN_MS, `heartbeat written while waiting (last at +${waiting.updatedAt - started} ms)`);
      const { run: shown } = await visibleRun(database, organizer, chat.slug, runId);
      assert.equal(shown.status, 'running', 'a waiting run is not taken for a killed one');
      mock.timers.reset();

      releaseBlocker();
      const deadline = Date.now() + 30_000;
      let run = (await findRun(database.db, runId))!;
      while (run.run.status === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        run = (await findRun(database.db, runId))!;
      }
      assert.equal(run.run.status, 'finished');
      assert.equal(run.files[0]!.counts.imported, 1);
      assert.deepEqual(logged, []);
    } finally {
      mock.timers.reset();
      await jobs.stopAll(1000);
      files.cleanup();
      await database.dispose();
    }
  });
});
