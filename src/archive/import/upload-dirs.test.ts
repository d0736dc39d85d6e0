import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STALE_UPLOAD_MS, sweepStaleUploads } from './upload-dirs.ts';

describe('sweepStaleUploads', () => {
  it('removes upload directories older than STALE_UPLOAD_MS, and nothing else', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-test-'));
    try {
      const now = Date.now();
      const make = (name: string, ageMs: number) => {
        const dir = path.join(root, name);
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'upload'), 'tweets');
        const at = new Date(now - ageMs);
        fs.utimesSync(dir, at, at);
      };
      make('musesocial-upload-old', STALE_UPLOAD_MS + 60_000);
      make('musesocial-upload-recent', STALE_UPLOAD_MS - 60_000);
      make('other-old', STALE_UPLOAD_MS * 2);

      assert.equal(await sweepStaleUploads(now, root), 1);
      assert.deepEqual(fs.readdirSync(root).sort(), ['musesocial-upload-recent', 'other-old']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
