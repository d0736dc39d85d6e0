import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import { MAX_DOCUMENT_BYTES } from './pipeline/limits.ts';
import { xArchiveTweetFiles } from './x-archive-folder.ts';

/**
 * An X archive as people download it ("Download your archive"): one zip of
 * data/, assets/ and "Your archive.html", often gigabytes of photos and
 * videos. Only what the import reads is taken out: data/tweets.js (or
 * tweet.js) and its parts, account.js and note-tweet.js. yauzl reads the
 * zip's central directory and then just those entries, so a 10 GB archive
 * costs the few MB of its tweets, not an unzip of everything.
 */

/** The archive's files the import reads, wherever the zip puts its data/ folder (at its root, or in one folder). */
const WANTED = /^(?:[^/]+\/)?data\/(tweets?(?:-part\d+)?\.js|account\.js|note-tweet\.js)$/;

/**
 * What may come out of one zip: tweets' JSON deflates about tenfold, so a
 * real archive stays far below 50 times its zip; a zip made to expand
 * without end (a "zip bomb") stops here instead of filling the disk.
 */
const MAX_EXPANSION = 50;
const MAX_UNPACKED_BYTES = 4 * 1024 ** 3;

/** A zip's first bytes (a local file header); an empty zip starts with its end record instead. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

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
 * Takes the X archive's tweet files, account.js and note-tweet.js out of
 * `zip` into `into`/data/ and returns the tweet files in part order; null
 * when the zip cannot be read or holds no tweets (it is then refused as
 * any zip is, with the advice to unzip it). Entry names are never used as
 * paths (only the file name, checked against WANTED), and an entry larger
 * than a JSON document may be is not taken out.
 */
export async function unpackXArchiveZip(zip: string, into: string): Promise<string[] | null> {
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.openPromise(zip, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true });
  } catch {
    return null;
  }
  const data = path.join(into, 'data');
  const budget = { left: Math.min(MAX_UNPACKED_BYTES, MAX_EXPANSION * (await fsp.stat(zip)).size) };
  try {
    await fsp.mkdir(data, { recursive: true });
    await new Promise<void>((resolve, reject) => {
      zipfile.on('error', reject);
      zipfile.on('end', () => resolve());
      zipfile.on('entry', (entry: yauzl.Entry) => {
        const name = WANTED.exec(entry.fileName)?.[1];
        if (!name || entry.uncompressedSize > Math.min(MAX_DOCUMENT_BYTES, budget.left)) return zipfile.readEntry();
        extract(zipfile, entry, path.join(data, name), budget).then(() => zipfile.readEntry(), reject);
      });
      zipfile.readEntry();
    });
  } catch {
    return null;
  } finally {
    zipfile.close();
  }
  return xArchiveTweetFiles(into);
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
 * Each zip among `files` that holds an X archive, replaced by its tweet
 * files (named `ZIP/data/tweets.js` …; account.js and note-tweet.js lie
 * beside them and are read with them); any other file as it is. `dirFor`
 * gives each zip an empty folder to unpack into, which the caller removes
 * when the import is over.
 */
export async function expandXArchiveZips(files: InputFile[], dirFor: (zip: InputFile) => Promise<string>): Promise<{ files: InputFile[]; expanded: Array<{ zip: InputFile; tweets: string[] }> }> {
  const out: InputFile[] = [];
  const expanded: Array<{ zip: InputFile; tweets: string[] }> = [];
  for (const file of files) {
    const dir = (await isZipFile(file.path)) ? await dirFor(file) : null;
    const tweets = dir ? await unpackXArchiveZip(file.path, dir) : null;
    if (!dir || !tweets) {
      out.push(file);
      continue;
    }
    const names = tweets.map((tweet) => path.relative(dir, tweet).split(path.sep).join('/'));
    out.push(...tweets.map((tweet, i) => ({ path: tweet, fileName: `${file.fileName}/${names[i]}` })));
    expanded.push({ zip: file, tweets: names });
  }
  return { files: out, expanded };
}
