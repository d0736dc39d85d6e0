import fs from 'node:fs/promises';
import { YTD_ASSIGNMENT } from '../formats/x-archive.ts';
import { ElementScanner, isSpace } from './element-scanner.ts';

/**
 * The elements of the records array of a JSON document, read from the file
 * in chunks: an X archive's tweets.js or a Mastodon outbox.json of a
 * prolific account runs to hundreds of MB, and parsed whole it takes
 * four to five times its size in memory (a 242 MB tweets.js: 1.1 GB).
 *
 * This is not a JSON parser. It follows only what decides where an
 * element begins and ends (strings and their escapes, brackets and
 * braces, commas) and hands each element's text to JSON.parse, which
 * checks everything else. The records array is the root array, or the
 * first member of the root object named in `arrayKeys` whose value is an
 * array (`orderedItems`, `statuses`); the rest of the document is passed
 * over. An X archive's `window.YTD.tweets.part0 = ` and a byte-order mark
 * in front are skipped, and a `;` after the end.
 */

export interface ArrayElement {
  /** 1 for the first element, as records are numbered in reports. */
  number: number;
  /** The element's JSON text; null for one longer than maxElementBytes (passed over, not held). */
  text: string | null;
  /** Byte offset just past the element, for progress. */
  end: number;
}

/** How the scan ended: whether the records array was there, and what is wrong with the document's structure, if anything. */
export interface ArrayScanEnd {
  found: boolean;
  problem: string | null;
  /**
   * With keepRest: the document without the records array's elements
   * (`{"type": "OrderedCollection", "orderedItems": []}`), for JSON.parse to
   * check what the scan does not; null when not kept, or over MAX_REST_BYTES.
   */
  rest: string | null;
  /** With cutEvery: where the records array is, and places to cut it for parse workers (read-pieces.ts). */
  layout?: ArrayLayout;
}

/**
 * The records array of a document, for reading it in ranges on several
 * threads: each range starts right after a comma between two elements (or
 * after the array's `[`), so it can be scanned knowing nothing of what
 * came before but the array's depth.
 */
export interface ArrayLayout {
  /** Stack depth inside the records array (1: the root array; 2: a member of the root object). */
  depth: number;
  ranges: ArrayRange[];
}

export interface ArrayRange {
  from: number;
  to: number;
  /** The number of the range's first element. */
  firstRecord: number;
}

export interface ArrayScanOptions {
  arrayKeys: readonly string[];
  chunkBytes?: number;
  maxElementBytes?: number;
  keepRest?: boolean;
  /**
   * False: elements are found but not decoded (their text is ''), to check
   * a document's structure at the scan's speed. A function: only the
   * elements whose bytes it wants are decoded.
   */
  decode?: boolean | ((raw: Buffer) => boolean);
  /** Gather an ArrayLayout with ranges of about this many bytes. */
  cutEvery?: number;
  /** Scan only this range of the records array (of a layout), ending where the array ends. */
  range?: ArrayRange & { depth: number };
}

/** Bytes in front of the JSON: a byte-order mark, an X archive's `window.YTD.tweets.part0 = `. */
async function prefixBytes(file: fs.FileHandle): Promise<number> {
  const head = Buffer.alloc(4096);
  const { bytesRead } = await file.read(head, 0, head.length, 0);
  const bom = bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const assignment = YTD_ASSIGNMENT.exec(head.toString('latin1', bom, bytesRead));
  return bom + (assignment ? assignment[0].length : 0);
}

/**
 * Yields the records array's elements in order; returns how the scan
 * ended. A document cut short ends with a problem ("truncated"), as does
 * one whose brackets do not match; the caller decides what to do with the
 * elements it was given before (json-document.ts reads the file twice,
 * storing nothing until a first pass found it whole).
 */
export async function* arrayElements(path: string, options: ArrayScanOptions): AsyncGenerator<ArrayElement, ArrayScanEnd> {
  const chunkBytes = options.chunkBytes ?? 4 * 1024 * 1024;
  const scanner = new ElementScanner(options);
  const file = await fs.open(path, 'r');
  try {
    let offset = options.range ? options.range.from : await prefixBytes(file);
    const to = options.range ? options.range.to : Number.POSITIVE_INFINITY;
    // One buffer, read into again and again: what an element needs beyond a chunk is copied out, and its text decoded.
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, Math.min(chunkBytes, to - offset), offset);
      if (bytesRead === 0) break;
      const elements = scanner.scan(chunk.subarray(0, bytesRead), offset);
      offset += bytesRead;
      for (const element of elements) yield element;
      if (scanner.ended) return scanner.end();
    }
    return scanner.end();
  } finally {
    await file.close();
  }
}

/** Whether the document has the records array: read up to its first element (or, without one, to the end). */
export async function holdsRecordsArray(path: string, options: ArrayScanOptions): Promise<boolean> {
  const scanner = arrayElements(path, options);
  try {
    const first = await scanner.next();
    return first.done ? first.value.found : true;
  } finally {
    await scanner.return({ found: false, problem: null, rest: null });
  }
}

/**
 * Whether a file is one JSON document on one line (a JSON array of tweets
 * written by `json.dump`, say): no line break but at its end. Such a file
 * reads as JSONL of one enormous line; as a document, it can be read
 * element by element (choose-format.ts).
 */
export async function isOneLine(path: string): Promise<boolean> {
  const file = await fs.open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    let offset = 0;
    let broken = false;
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, chunk.length, offset);
      if (bytesRead === 0) return true;
      const bytes = chunk.subarray(0, bytesRead);
      let i = 0;
      if (!broken) {
        const at = bytes.indexOf(0x0a);
        if (at !== -1) {
          broken = true;
          i = at + 1;
        }
      }
      // After the first line break, only blank space may follow.
      if (broken) for (; i < bytesRead; i++) if (!isSpace(bytes[i]!)) return false;
      offset += bytesRead;
    }
  } finally {
    await file.close();
  }
}
