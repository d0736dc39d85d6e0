import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { MAX_EXPANSION, makeUnpackFolders, unpackBudget, unpackTarget, unpackedArchive, type UnpackedArchive } from './archive-layouts.ts';
import { boundedBy } from './unpack-bound.ts';

/**
 * Gzipped files people keep: an older Mastodon archive
 * (`archive-20220412…-….tar.gz`: "Request your archive" made tarballs from
 * Mastodon 2.3 in 2018 until 4.2 in 2023 made zips), an archive folder
 * someone packed with `tar czf`, and a JSON or JSONL file gzipped to save
 * space (twarc's collections often are: `tweets.jsonl.gz`).
 *
 * A tarball has no index: it is read through once, and only the entries
 * the import reads are written out (see archive-layouts.ts); the media
 * pass by. A gzipped file that is not a tarball is decompressed whole, for
 * the import to read as any file. Both are bounded: node-tar stops when
 * the stream expands to more than MAX_EXPANSION times what was read of
 * it, and what is written is bounded as a zip's entries are.
 */

export const GUNZIPPED_FILE = 'a gzip-compressed file';

export interface Gunzipped {
  kind: UnpackedArchive['kind'] | typeof GUNZIPPED_FILE;
  files: string[];
}

/**
 * The archive's files to import taken out of a gzipped tarball, or the
 * gzipped file decompressed, into `into`; null when it cannot be
 * decompressed or is a tarball of neither archive (sniff-file.ts then
 * refuses it with advice).
 */
export async function unpackGzip(file: string, fileName: string, into: string): Promise<Gunzipped | null> {
  const tarball = await isTarball(file);
  if (tarball === null) return null;
  try {
    return tarball ? await unpackTarball(file, into) : await gunzipFile(file, fileName, into);
  } catch {
    return null;
  }
}

/** Decompresses the start of a gzipped file: a tar header says "ustar" at byte 257. Null: not gzip, or damaged. */
async function isTarball(file: string): Promise<boolean | null> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    // A partial stream: finish what was given without asking for the rest.
    const start = zlib.gunzipSync(head.subarray(0, bytesRead), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    return start.length >= 262 && start.toString('latin1', 257, 262) === 'ustar';
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

const FILE_ENTRY = new Set(['File', 'OldFile', 'ContiguousFile']);

async function unpackTarball(file: string, into: string): Promise<UnpackedArchive | null> {
  const budget = unpackBudget((await fsp.stat(file)).size);
  await makeUnpackFolders(into);
  const writes: Array<Promise<void>> = [];
  await tar.t({
    file,
    // A cut or damaged tarball fails rather than giving what was read so far as the whole archive.
    strict: true,
    maxReadSize: 1024 * 1024,
    maxDecompressionRatio: MAX_EXPANSION,
    // Every entry is consumed here: written out, or let pass.
    noResume: true,
    onReadEntry: (entry) => {
      const target = FILE_ENTRY.has(entry.type) ? unpackTarget(entry.path, into) : null;
      if (!target || entry.size > budget.left) {
        entry.resume();
        return;
      }
      // The parser waits while the file is written (the entry pushes back), so memory stays bounded.
      writes.push(pipeline(entry, boundedBy(budget, entry.path), fs.createWriteStream(target)));
    },
  });
  await Promise.all(writes);
  return unpackedArchive(into);
}

/** Decompresses a gzipped file that is not a tarball, under its name without `.gz` (`tweets.jsonl.gz` → `tweets.jsonl`). */
async function gunzipFile(file: string, fileName: string, into: string): Promise<Gunzipped> {
  const base = path.basename(fileName);
  const name = /.\.gz$/i.test(base) ? base.slice(0, -3) : `${base}.decompressed`;
  await fsp.mkdir(into, { recursive: true });
  const target = path.join(into, name);
  // A file may be much bigger than any one JSON document (JSONL is read line by line): the whole budget is its.
  const budget = unpackBudget((await fsp.stat(file)).size, MAX_GUNZIPPED_BYTES);
  // Big chunks: each one is a turn of the event loop, which a server also spends on its pages (16 KB
  // ones: 743 MB took 3.4 s alone and 21 s beside a server's reads; 256 KB ones: 1.6 s alone).
  await pipeline(fs.createReadStream(file, { highWaterMark: GUNZIP_CHUNK_BYTES }), zlib.createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }), boundedBy(budget, name), fs.createWriteStream(target, { highWaterMark: GUNZIP_CHUNK_BYTES }));
  return { kind: GUNZIPPED_FILE, files: [target] };
}

const GUNZIP_CHUNK_BYTES = 256 * 1024;

/** A gzipped JSONL file may hold a long collection: up to 16 GB decompressed (and MAX_EXPANSION times the file). */
const MAX_GUNZIPPED_BYTES = 16 * 1024 ** 3;
