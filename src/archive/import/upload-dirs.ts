import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Uploads are streamed into directories of the system's temporary folder named so. */
const PREFIX = 'musesocial-upload-';

/**
 * An upload's directory older than this is left over: its run ended long
 * ago, or its process was killed before it could remove it (an upload may
 * be 1 GB). Runs import within minutes, queued ones included.
 */
export const STALE_UPLOAD_MS = 12 * 3600_000;

/** A new directory for one uploaded file. */
export function makeUploadDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), PREFIX));
}

/**
 * Removes upload directories left over by processes that were killed
 * (their runs are shown interrupted; nothing else would remove the
 * files). Runs when a server starts; returns how many it removed.
 */
export async function sweepStaleUploads(now = Date.now(), root = os.tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await fs.readdir(root)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(root, name);
    try {
      const { mtimeMs } = await fs.stat(dir);
      if (now - mtimeMs < STALE_UPLOAD_MS) continue;
      await fs.rm(dir, { recursive: true, force: true });
      removed += 1;
    } catch {
      // Gone meanwhile, or not ours to remove: left alone.
    }
  }
  return removed;
}
