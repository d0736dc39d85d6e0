import { isUtf8 } from 'node:buffer';
import fs from 'node:fs/promises';
import { HEAD_BYTES } from './limits.ts';
import { UnreadableFileError } from './unreadable-file.ts';

export interface FileHead {
  size: number;
  /** The first HEAD_BYTES as text, for format detection. */
  head: string;
}

/** A zip's first bytes (a local file header); archive-zip.ts opens the zips of X and Mastodon archives before they get here. */
export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** A gzip file's first bytes; archive-gzip.ts decompresses gzipped files and tarballs before they get here. */
export const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Whether bytes start as a CAR v1 file does (a Bluesky repository export;
 * bluesky-repo.ts reads those before they get here): a varint length, then
 * a DAG-CBOR map holding `roots` and `version`.
 */
export function startsLikeCar(head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, 64)).toString('latin1');
  return head.length > 2 && head[0]! > 0 && head[0]! < 0x80 && (head[1]! & 0xe0) === 0xa0 && text.includes('roots') && text.includes('version');
}

/** Magic numbers of files people upload by mistake, with what to do instead. */
const CONTAINERS: Array<{ magic: number[]; advice: string }> = [
  { magic: GZIP_MAGIC, advice: 'is gzip-compressed and cannot be decompressed (cut short or damaged), or is a tar archive that holds neither an X archive (data/tweets.js) nor a Mastodon archive (outbox.json): decompress it and import the files inside' },
  { magic: ZIP_MAGIC, advice: 'is a ZIP archive or workbook that holds no X archive (data/tweets.js), Mastodon archive (outbox.json) or TAGS sheet (a sheet whose first row names id_str, from_user, text and created_at), or cannot be read: unzip it and import the files inside, or save the sheet as CSV' },
  { magic: [0x42, 0x5a, 0x68], advice: 'is bzip2-compressed: decompress it first (bunzip2)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], advice: 'is zstd-compressed: decompress it first (unzstd)' },
];

/** Whether `head` begins with these bytes. */
export function hasMagic(head: Uint8Array, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}

/** The first `bytes` of `file` (fewer for a shorter file; none when it cannot be read). */
export async function readHead(file: string, bytes: number): Promise<Buffer> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(file, 'r');
    const head = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(head, 0, bytes, 0);
    return head.subarray(0, bytesRead);
  } catch {
    return Buffer.alloc(0);
  } finally {
    await handle?.close();
  }
}

/**
 * Reads the start of a file and refuses what no format can be: an empty
 * file, a compressed one, or bytes that are not UTF-8 text.
 */
export async function sniffFile(path: string, fileName: string): Promise<FileHead> {
  const handle = await fs.open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new UnreadableFileError(fileName, error.code === 'ENOENT' ? 'no such file' : `cannot be opened (${error.code ?? error.message})`);
  });
  try {
    const stats = await handle.stat();
    // Opening a folder succeeds on Linux; reading it then fails with a bare EISDIR.
    if (stats.isDirectory()) throw new UnreadableFileError(fileName, 'it is a folder, not a file: name the files in it (for an X archive, data/tweets.js and its parts, tweets-part1.js …)');
    const { size } = stats;
    const bytes = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    const head = bytes.subarray(0, bytesRead);
    if (size === 0) throw new UnreadableFileError(fileName, 'the file is empty');
    if (bytesRead === size && head.toString('utf8').trim() === '') throw new UnreadableFileError(fileName, 'the file holds only blank space');
    const container = CONTAINERS.find(({ magic }) => hasMagic(head, magic));
    if (container) throw new UnreadableFileError(fileName, `the file ${container.advice}`);
    if (startsLikeCar(head)) throw new UnreadableFileError(fileName, 'the file is a CAR file but not a readable Bluesky repository export (cut short or damaged): export it again (Settings → Export my data)');
    if (head.includes(0) || !isUtf8Text(head, bytesRead < size)) throw new UnreadableFileError(fileName, 'the file is binary, not text (JSON, JSONL or CSV in UTF-8)');
    return { size, head: head.toString('utf8') };
  } finally {
    await handle.close();
  }
}

/** UTF-8 validity, forgiving a character cut in half where the head ends. */
function isUtf8Text(bytes: Buffer, cut: boolean): boolean {
  let end = bytes.length;
  if (cut) {
    // Step back over at most 3 continuation bytes to the start of the last character.
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back += 1;
    if (end - back - 1 >= 0 && bytes[end - back - 1]! >= 0xc0) end = end - back - 1;
  }
  return isUtf8(bytes.subarray(0, end));
}
