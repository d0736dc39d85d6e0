import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';

/**
 * Writes a gzipped tarball `file` holding `entries` (name → content), in
 * the order given (Mastodon's archives before 4.2 were such tarballs), for
 * tests of what reads them. The entries are written to a scratch folder
 * beside it first, which is removed.
 */
export async function writeTarballOf(file: string, entries: Record<string, Buffer | string>): Promise<void> {
  const scratch = fs.mkdtempSync(`${file}-entries-`);
  try {
    for (const [name, content] of Object.entries(entries)) {
      fs.mkdirSync(path.dirname(path.join(scratch, name)), { recursive: true });
      fs.writeFileSync(path.join(scratch, name), content);
    }
    await tar.c({ gzip: true, file, cwd: scratch, portable: true, noDirRecurse: true }, Object.keys(entries));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
