import fs from 'node:fs/promises';
import { YTD_ASSIGNMENT } from '../formats/x-archive.ts';

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
}

export interface ArrayScanOptions {
  arrayKeys: readonly string[];
  chunkBytes?: number;
  maxElementBytes?: number;
  keepRest?: boolean;
  /** False: elements are found but not decoded (their text is ''), to check a document's structure at the scan's speed. */
  decode?: boolean;
}

/** The most of a document's rest kept (a search response's metadata, an outbox's context: a few KB). */
const MAX_REST_BYTES = 16 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;

/** Where `byte` is next in `bytes` from `from`, or bytes.length when it is not. */
function indexIn(bytes: Buffer, byte: number, from: number): number {
  const at = bytes.indexOf(byte, from);
  return at === -1 ? bytes.length : at;
}

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** Bytes in front of the JSON: a byte-order mark, an X archive's `window.YTD.tweets.part0 = `. */
async function prefixBytes(file: fs.FileHandle): Promise<number> {
  const head = Buffer.alloc(4096);
  const { bytesRead } = await file.read(head, 0, head.length, 0);
  const bom = bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const assignment = YTD_ASSIGNMENT.exec(head.toString('latin1', bom, bytesRead));
  return bom + (assignment ? assignment[0].length : 0);
}

/** The longest member name kept to compare with arrayKeys (longer ones cannot match). */
const MAX_KEY_BYTES = 64;

/**
 * Yields the records array's elements in order; returns how the scan
 * ended. A document cut short ends with a problem ("truncated"), as does
 * one whose brackets do not match; the caller decides what to do with the
 * elements it was given before (json-document.ts reads the file twice,
 * storing nothing until a first pass found it whole).
 */
export async function* arrayElements(path: string, options: ArrayScanOptions): AsyncGenerator<ArrayElement, ArrayScanEnd> {
  const chunkBytes = options.chunkBytes ?? 4 * 1024 * 1024;
  const maxElementBytes = options.maxElementBytes ?? 64 * 1024 * 1024;
  const keys = new Set(options.arrayKeys);
  const decode = options.decode ?? true;
  const file = await fs.open(path, 'r');
  try {
    // Containers open around the current position: OPEN_OBJECT or OPEN_ARRAY each.
    const stack: number[] = [];
    let inString = false;
    // Bytes of the next chunk to pass over: the character after a backslash that ended the last one.
    let skipNext = 0;
    // In the root object, whether the next string is a member name; the last name read there.
    let expectKey = false;
    let capturing = false;
    let key: number[] = [];
    let lastKey = '';
    // Depth (stack length) of the records array's elements; 0 while not inside it.
    let target = 0;
    let found = false;
    let done = false;
    let rootClosed = false;
    // The element under way: its start in the current chunk (-1 when it began in an earlier one), the bytes held so far.
    let inElement = false;
    let start = -1;
    let held: Buffer[] = [];
    let heldBytes = 0;
    let oversize = false;
    let number = 0;
    let offset = await prefixBytes(file);
    // The rest of the document (keepRest): bytes outside the elements, from outsideFrom in the current chunk (-1 inside an element).
    let rest: Buffer[] | null = options.keepRest ? [] : null;
    let restBytes = 0;
    let outsideFrom = -1;
    const keep = (chunk: Buffer, from: number, to: number) => {
      if (!rest || to <= from) return;
      // Blank space between elements is most of what lies outside them: not worth a buffer each.
      // (A blank range holds no quote: it lies wholly inside a string, or wholly outside.)
      let blank = !inString;
      for (let k = from; k < to && blank; k++) blank = isSpace(chunk[k]!);
      if (blank) return;
      restBytes += to - from;
      if (restBytes > MAX_REST_BYTES) rest = null;
      else rest.push(Buffer.from(chunk.subarray(from, to)));
    };
    const end = (problem: string | null): ArrayScanEnd => ({ found, problem, rest: rest && !problem ? Buffer.concat(rest).toString('utf8') : null });

    const finish = (chunk: Buffer, at: number): ArrayElement => {
      number += 1;
      let text: string | null = decode ? null : '';
      if (!oversize && decode) {
        const tail = chunk.subarray(start < 0 ? 0 : start, at);
        text = held.length === 0 ? tail.toString('utf8') : Buffer.concat([...held, tail]).toString('utf8');
      }
      inElement = false;
      held = [];
      heldBytes = 0;
      oversize = false;
      return { number, text, end: offset + at };
    };

    // One buffer, read into again and again: what an element needs beyond a chunk is copied out, and its text decoded.
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, chunkBytes, offset);
      if (bytesRead === 0) break;
      const n = bytesRead;
      let i = skipNext;
      skipNext = 0;
      if (inElement) start = -1;
      outsideFrom = inElement ? -1 : 0;
      const elements: ArrayElement[] = [];
      const bytes = chunk.subarray(0, n);
      // The next quote and backslash at or after i (n: none in this chunk): most of a document is
      // strings, and jumping through them with indexOf is several times faster than a byte loop.
      let nextQuote = -1;
      let nextBackslash = -1;
      for (; i < n; i++) {
        if (inString && !capturing) {
          for (;;) {
            if (nextQuote < i) nextQuote = indexIn(bytes, QUOTE, i);
            if (nextBackslash < i) nextBackslash = indexIn(bytes, BACKSLASH, i);
            if (nextBackslash < nextQuote) {
              // An escape: the character after the backslash is passed over, in the next chunk if need be.
              i = nextBackslash + 2;
              if (i > n) skipNext = i - n;
              if (i >= n) break;
              continue;
            }
            i = nextQuote;
            if (i < n) inString = false;
            break;
          }
          continue;
        }
        const byte = chunk[i]!;
        if (inString) {
          if (byte === BACKSLASH) {
            if (capturing) key.push(byte, chunk[i + 1] ?? 0);
            i += 1;
            if (i >= n) skipNext = 1;
            continue;
          }
          if (byte === QUOTE) {
            inString = false;
            if (capturing) {
              lastKey = Buffer.from(key).toString('utf8');
              capturing = false;
              expectKey = false;
            }
          } else if (capturing && key.length < MAX_KEY_BYTES) key.push(byte);
          continue;
        }
        if (isSpace(byte)) continue;
        if (done) {
          if (rootClosed && byte === SEMICOLON) {
            keep(chunk, outsideFrom, i);
            outsideFrom = i + 1;
            continue;
          }
          return end(`not valid JSON: something follows the end of the document at byte ${offset + i}`);
        }
        const depth = stack.length;
        // A document whose root is not an object or array holds no records array.
        if (depth === 0 && byte !== OPEN_OBJECT && byte !== OPEN_ARRAY) return { found: false, problem: null, rest: null };
        if (target > 0 && depth === target && !inElement && byte !== CLOSE_ARRAY && byte !== COMMA) {
          inElement = true;
          start = i;
          keep(chunk, outsideFrom, i);
          outsideFrom = -1;
        }
        if (byte === QUOTE) {
          inString = true;
          if (depth === 1 && stack[0] === OPEN_OBJECT && expectKey) {
            capturing = true;
            key = [];
          }
        } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          if (byte === OPEN_ARRAY && target === 0 && !found && (depth === 0 || (depth === 1 && stack[0] === OPEN_OBJECT && keys.has(lastKey)))) {
            target = depth + 1;
            found = true;
          }
          stack.push(byte);
          if (stack.length === 1 && byte === OPEN_OBJECT) expectKey = true;
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          const open = stack.pop();
          if (open !== (byte === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) {
            return end(`not valid JSON: an unexpected ${String.fromCharCode(byte)} at byte ${offset + i}`);
          }
          if (target > 0 && depth === target && byte === CLOSE_ARRAY) {
            // The records array ends (with its last element, if any).
            if (inElement) {
              elements.push(finish(chunk, i));
              outsideFrom = i;
            }
            target = 0;
          }
          if (stack.length === 0) {
            done = true;
            rootClosed = true;
          }
        } else if (byte === COMMA) {
          if (target > 0 && depth === target && inElement) {
            // The comma between two elements goes with them: the rest keeps an empty array.
            elements.push(finish(chunk, i));
            outsideFrom = i + 1;
          }
          if (depth === 1 && stack[0] === OPEN_OBJECT) expectKey = true;
        }
      }
      if (outsideFrom >= 0) keep(chunk, outsideFrom, n);
      if (inElement && !oversize && decode) {
        // The element goes on in the next chunk: keep a copy of what it has so far.
        const part = Buffer.from(chunk.subarray(start < 0 ? 0 : start, n));
        heldBytes += part.length;
        if (heldBytes > maxElementBytes) {
          oversize = true;
          held = [];
        } else held.push(part);
      }
      offset += n;
      for (const element of elements) yield element;
    }
    if (!done || inString) return end('not valid JSON (the file looks truncated): it ends before the document does');
    return end(null);
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
