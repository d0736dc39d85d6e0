import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import { MAX_DOCUMENT_BYTES } from './pipeline/limits.ts';
import { ZIP_MAGIC } from './pipeline/sniff-file.ts';
import { xArchiveTweetFiles } from './x-archive-folder.ts';

/**
 * Archives as people download them, zipped: an X archive ("Download your
 * archive": data/, assets/ and "Your archive.html", often gigabytes of
 * photos and videos) and a Mastodon archive ("Request your archive" since
 * Mastodon 4.2: outbox.json, actor.json, likes.json, the media). Only what
 * the import reads is taken out: the X archive's data/tweets.js (or
 * tweet.js) and its parts, account.js and note-tweet.js; Mastodon's
 * outbox.json. yauzl reads the zip's central directory and then just those
 * entries, so a 10 GB archive costs the few MB of its posts, not an unzip
 * of everything.
 */

/**
 * Each kind of archive: the files the import reads (wherever the zip puts
 * them: at its root, or in one folder), and where they go, as named in the
 * archive (data/tweets.js, outbox.json).
 */
const LAYOUTS = [
  { kind: 'an X archive', wanted: /^(?:[^/]+\/)?data\/(tweets?(?:-part\d+)?\.js|account\.js|note-tweet\.js)$/, folder: 'data' },
  { kind: 'a Mastodon archive', wanted: /^(?:[^/]+\/)?(outbox\.json)$/, folder: '' },
] as const;

export type ArchiveKind = (typeof LAYOUTS)[number]['kind'];

/**
 * What may come out of one zip: tweets' JSON deflates about tenfold, so a
 * real archive stays far below 50 times its zip; a zip made to expand
 * without end (a "zip bomb") stops here instead of filling the disk.
 */
const MAX_EXPANSION = 50;
const MAX_UNPACKED_BYTES = 4 * 1024 ** 3;

export async function isZipFile(file: string): Promise<boolean> {
  let handle: fsp.FileHandle | null = null;
  try {
    handle = await fsp.open(file, 'r');
    const head = Buffer.alloc(ZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && ZIP_MAGIC.every((byte, i) => head[i] === byte);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/**
 * Takes the archive's files to import (and an X archive's account.js and
 * note-tweet.js, read with its tweets) out of `zip` into `into` and
 * returns them, the X archive's tweet files in part order; null when the
 * zip cannot be read or holds neither archive (it is then refused as any
 * zip is, with the advice to unzip it). Entry names are never used as
 * paths (only a file name matched by LAYOUTS), and what comes out is
 * bounded (see MAX_EXPANSION).
 */
export async function unpackArchiveZip(zip: string, into: string): Promise<{ kind: ArchiveKind; files: string[] } | null> {
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.openPromise(zip, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true });
  } catch {
    return null;
  }
  const budget = { left: Math.min(MAX_UNPACKED_BYTES, MAX_EXPANSION * (await fsp.stat(zip)).size) };
  try {
    for (const layout of LAYOUTS) await fsp.mkdir(path.join(into, layout.folder), { recursive: true });
    await new Promise<void>((resolve, reject) => {
      zipfile.on('error', reject);
      zipfile.on('end', () => resolve());
      zipfile.on('entry', (entry: yauzl.Entry) => {
        const layout = LAYOUTS.find((l) => l.wanted.test(entry.fileName));
        const name = layout?.wanted.exec(entry.fileName)?.[1];
        if (!layout || !name || entry.uncompressedSize > Math.min(MAX_DOCUMENT_BYTES, budget.left)) return zipfile.readEntry();
        extract(zipfile, entry, path.join(into, layout.folder, name), budget).then(() => zipfile.readEntry(), reject);
      });
      zipfile.readEntry();
    });
  } catch {
    return null;
  } finally {
    zipfile.close();
  }
  const tweets = xArchiveTweetFiles(into);
  if (tweets) return { kind: 'an X archive', files: tweets };
  const outbox = path.join(into, 'outbox.json');
  return fs.existsSync(outbox) ? { kind: 'a Mastodon archive', files: [outbox] } : null;
}

async function extract(zipfile: yauzl.ZipFile, entry: yauzl.Entry, target: string, budget: { left: number }): Promise<void> {
  const stream = await zipfile.openReadStreamPromise(entry);
  // yauzl checks the size the entry declares; this bounds what is written whatever it declares.
  let written = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      budget.left -= chunk.length;
      const over = written > MAX_DOCUMENT_BYTES || budget.left < 0;
      done(over ? new Error(`${entry.fileName}: more than this zip may unpack to`) : null, chunk);
    },
  });
  await pipeline(stream, bounded, fs.createWriteStream(target));
}

export interface InputFile {
  path: string;
  fileName: string;
}

/**
 * Each zip among `files` that holds an X or Mastodon archive, replaced by
 * its files to import (named `ZIP/data/tweets.js`, `ZIP/outbox.json`; an X
 * archive's account.js and note-tweet.js lie beside its tweets and are
 * read with them); any other file as it is. `dirFor` gives each zip an
 * empty folder to unpack into, which the caller removes when the import is
 * over.
 */
export async function expandArchiveZips(
  files: InputFile[],
  dirFor: (zip: InputFile) => Promise<string>,
): Promise<{ files: InputFile[]; expanded: Array<{ zip: InputFile; kind: ArchiveKind; files: string[] }> }> {
  const out: InputFile[] = [];
  const expanded: Array<{ zip: InputFile; kind: ArchiveKind; files: string[] }> = [];
  for (const file of files) {
    const dir = (await isZipFile(file.path)) ? await dirFor(file) : null;
    const found = dir ? await unpackArchiveZip(file.path, dir) : null;
    if (!dir || !found) {
      out.push(file);
      continue;
    }
    // Named as in the zip: data/tweets.js, outbox.json.
    const names = found.files.map((inside) => path.relative(dir, inside).split(path.sep).join('/'));
    out.push(...found.files.map((inside, i) => ({ path: inside, fileName: `${file.fileName}/${names[i]}` })));
    expanded.push({ zip: file, kind: found.kind, files: names });
  }
  return { files: out, expanded };
}
