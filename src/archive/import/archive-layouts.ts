import fs from 'node:fs';
import path from 'node:path';
import { xArchiveTweetFiles } from './x-archive-folder.ts';

/**
 * What the packed archives people download hold, and what of it the import
 * reads: shared by the zip reader (archive-zip.ts) and the tarball reader
 * (archive-gzip.ts). Each kind of archive names the files taken out
 * (wherever the archive puts them: at its root, or in one folder) and
 * where they go, as named in the archive (data/tweets.js, outbox.json).
 * Only the file name a pattern captures is ever used as a path, never an
 * entry's own name, so no entry can write outside the folder it is
 * unpacked into.
 */
const LAYOUTS = [
  { kind: 'an X archive', wanted: /^(?:\.\/)?(?:[^/]+\/)?data\/(tweets?(?:-part\d+)?\.js|account\.js|note-tweet\.js)$/, folder: 'data' },
  { kind: 'a Mastodon archive', wanted: /^(?:\.\/)?(?:[^/]+\/)?(outbox\.json)$/, folder: '' },
] as const;

export type ArchiveKind = (typeof LAYOUTS)[number]['kind'];

export interface UnpackedArchive {
  kind: ArchiveKind;
  /** The files to import, an X archive's tweet files in part order (its account.js and note-tweet.js lie beside them). */
  files: string[];
}

/** Where an entry named `name` in the archive goes under `into`, or null when the import does not read it. */
export function unpackTarget(name: string, into: string): string | null {
  for (const layout of LAYOUTS) {
    const file = layout.wanted.exec(name)?.[1];
    if (file) return path.join(into, layout.folder, file);
  }
  return null;
}

/** Makes the folders unpackTarget's paths lie in. */
export async function makeUnpackFolders(into: string): Promise<void> {
  for (const layout of LAYOUTS) await fs.promises.mkdir(path.join(into, layout.folder), { recursive: true });
}

/** Which archive the files taken out into `into` make, if any. */
export function unpackedArchive(into: string): UnpackedArchive | null {
  const tweets = xArchiveTweetFiles(into);
  if (tweets) return { kind: 'an X archive', files: tweets };
  const outbox = path.join(into, 'outbox.json');
  return fs.existsSync(outbox) ? { kind: 'a Mastodon archive', files: [outbox] } : null;
}

/**
 * What may come out of one packed file: tweets' JSON deflates about
 * tenfold, so a real archive stays far below 50 times its packed size; one
 * made to expand without end (a "zip bomb") stops here instead of filling
 * the disk.
 */
export const MAX_EXPANSION = 50;
/** The most that files taken out of one archive may hold together. */
const MAX_UNPACKED_BYTES = 4 * 1024 ** 3;

/** Bytes that may still be written for one packed file, shared by all its entries. */
export interface UnpackBudget {
  left: number;
}

export function unpackBudget(packedBytes: number, most = MAX_UNPACKED_BYTES): UnpackBudget {
  return { left: Math.min(most, MAX_EXPANSION * packedBytes) };
}
