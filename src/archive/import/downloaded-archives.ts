import path from 'node:path';
import { GUNZIPPED_FILE, unpackGzip } from './archive-gzip.ts';
import type { ArchiveKind } from './archive-layouts.ts';
import { unpackArchiveZip } from './archive-zip.ts';
import { BLUESKY_REPO, unpackRepoCar } from './bluesky-repo.ts';
import type { TAGS_WORKBOOK } from './tags-workbook.ts';
import { unpackTagsWorkbookInThread } from './tags-workbook-thread.ts';
import { GZIP_MAGIC, ZIP_MAGIC, hasMagic, readHead, startsLikeCar } from './pipeline/sniff-file.ts';

/**
 * Files as people have them, packed: an X or Mastodon archive's zip, an
 * older Mastodon archive's tarball, a gzipped JSONL file, a Bluesky
 * repository export (CAR), a TAGS sheet downloaded as a workbook (xlsx).
 * Each is opened before the import reads anything (archive-zip.ts,
 * archive-gzip.ts, bluesky-repo.ts, tags-workbook.ts), and the files
 * inside stand for it.
 */

export interface InputFile {
  path: string;
  fileName: string;
}

export interface ExpandedFile {
  /** The file as named (the zip, the tarball, the .gz). */
  packed: InputFile;
  kind: ArchiveKind | typeof GUNZIPPED_FILE | typeof BLUESKY_REPO | typeof TAGS_WORKBOOK;
  /** The files imported in its place, named as inside it (data/tweets.js, outbox.json, tweets.jsonl). */
  files: string[];
}

export type PackedKind = 'zip' | 'gzip' | 'car';

/** How `file` is packed, from its first bytes (one read); null: not packed in a way the import opens. */
export async function packedKindOf(file: string): Promise<PackedKind | null> {
  const head = await readHead(file, 64);
  if (hasMagic(head, ZIP_MAGIC)) return 'zip';
  if (hasMagic(head, GZIP_MAGIC)) return 'gzip';
  return startsLikeCar(head) ? 'car' : null;
}

/** Takes what the import reads out of a packed file of that kind into `into`. */
async function unpack(kind: PackedKind, file: InputFile, into: string): Promise<{ kind: ExpandedFile['kind']; files: string[] } | null> {
  switch (kind) {
    case 'zip':
      // An .xlsx is a zip too: a TAGS sheet downloaded from Google Drive.
      return (await unpackArchiveZip(file.path, into)) ?? unpackTagsWorkbookInThread(file.path, into);
    case 'gzip':
      return unpackGzip(file.path, file.fileName, into);
    case 'car':
      return unpackRepoCar(file.path, into);
  }
}

/**
 * Each packed file among `files` that holds something to import, replaced
 * by what it holds (named `ZIP/data/tweets.js`, `ARCHIVE.tar.gz/outbox.json`,
 * `tweets.jsonl.gz/tweets.jsonl`; an X archive's account.js and
 * note-tweet.js lie beside its tweets and are read with them); any other
 * file as it is (a packed file that holds nothing to import is then
 * refused when read, with advice). `dirFor` gives each packed file an
 * empty folder to unpack into, which the caller removes when the import is
 * over.
 */
export async function expandArchives(
  files: InputFile[],
  dirFor: (packed: InputFile) => Promise<string>,
  /** Told before a packed file is opened: a big gzip takes seconds to decompress, which a command should not spend silent. */
  onUnpack: (packed: InputFile, kind: PackedKind) => void = () => {},
): Promise<{ files: InputFile[]; expanded: ExpandedFile[] }> {
  const out: InputFile[] = [];
  const expanded: ExpandedFile[] = [];
  for (const file of files) {
    const kind = await packedKindOf(file.path);
    const dir = kind ? await dirFor(file) : null;
    if (kind) onUnpack(file, kind);
    const found = kind && dir ? await unpack(kind, file, dir) : null;
    if (!dir || !found) {
      out.push(file);
      continue;
    }
    const names = found.files.map((inside) => path.relative(dir, inside).split(path.sep).join('/'));
    out.push(...found.files.map((inside, i) => ({ path: inside, fileName: `${file.fileName}/${names[i]}` })));
    expanded.push({ packed: file, kind: found.kind, files: names });
  }
  return { files: out, expanded };
}
