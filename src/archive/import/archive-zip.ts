import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { makeUnpackFolders, unpackBudget, unpackTarget, unpackedArchive, type UnpackBudget, type UnpackedArchive } from './archive-layouts.ts';
import { boundedBy } from './unpack-bound.ts';

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
 * Takes the archive's files to import (and an X archive's account.js and
 * note-tweet.js, read with its tweets) out of `zip` into `into` and
 * returns them; null when the zip cannot be read or holds neither archive
 * (it is then refused as any zip is, with the advice to unzip it). What
 * comes out is bounded (see MAX_EXPANSION).
 */
export async function unpackArchiveZip(zip: string, into: string): Promise<UnpackedArchive | null> {
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.openPromise(zip, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true });
  } catch {
    return null;
  }
  const budget = unpackBudget((await fsp.stat(zip)).size);
  try {
    await makeUnpackFolders(into);
    await new Promise<void>((resolve, reject) => {
      zipfile.on('error', reject);
      zipfile.on('end', () => resolve());
      zipfile.on('entry', (entry: yauzl.Entry) => {
        const target = unpackTarget(entry.fileName, into);
        if (!target || entry.uncompressedSize > budget.left) return zipfile.readEntry();
        extract(zipfile, entry, target, budget).then(() => zipfile.readEntry(), reject);
      });
      zipfile.readEntry();
    });
  } catch {
    return null;
  } finally {
    zipfile.close();
  }
  return unpackedArchive(into);
}

async function extract(zipfile: yauzl.ZipFile, entry: yauzl.Entry, target: string, budget: UnpackBudget): Promise<void> {
  const stream = await zipfile.openReadStreamPromise(entry);
  await pipeline(stream, boundedBy(budget, entry.fileName), fs.createWriteStream(target));
}
