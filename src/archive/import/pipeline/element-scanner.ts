import type { ArrayElement, ArrayLayout, ArrayScanEnd, ArrayScanOptions } from './json-array-stream.ts';

/**
 * The byte-level state machine behind arrayElements (json-array-stream.ts):
 * what decides where an element of the records array begins and ends.
 */

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

/** 1 for a byte the scan does not follow: all but quotes, brackets, braces and commas (blank space, numbers, literals, colons). */
const PLAIN = new Uint8Array(256).fill(1);
for (const byte of [QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, COMMA]) PLAIN[byte] = 0;

export const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** The longest member name kept to compare with arrayKeys (longer ones cannot match). */
const MAX_KEY_BYTES = 64;

/**
 * The scan's state machine, a chunk at a time. The byte loop works on
 * local variables, saved back after each chunk: read millions of times
 * per second, state in registers beats state in an object or a closure.
 */
export class ElementScanner {
  private readonly keys: Set<string>;
  private readonly decode: boolean;
  private readonly wants: ((raw: Buffer) => boolean) | null;
  private readonly maxElementBytes: number;
  /** Containers open around the current position: OPEN_OBJECT or OPEN_ARRAY each. */
  private readonly stack: number[] = [];
  private inString = false;
  /** Bytes of the next chunk to pass over: the character after a backslash that ended the last one. */
  private skipNext = 0;
  /** In the root object: whether the next string is a member name, the one being read, and the last one read. */
  private expectKey = false;
  private capturing = false;
  private key: number[] = [];
  private lastKey = '';
  /** Depth (stack length) of the records array's elements; 0 while not inside it. */
  private target = 0;
  private found = false;
  private done = false;
  /** The element under way, and the bytes of it held from earlier chunks. */
  private inElement = false;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private oversize = false;
  private number = 0;
  /** The rest of the document (keepRest): bytes outside the elements. */
  private rest: Buffer[] | null;
  private restBytes = 0;
  /** Set when the scan stops before the end of the file: a problem, or no records array to look for. */
  ended = false;
  private problem: string | null = null;
  /** cutEvery: the layout gathered; the offset of the last cut. */
  private readonly cutEvery: number;
  private layout: ArrayLayout | null = null;
  private lastCut = 0;
  /** In a range: the scan stops where the records array ends. */
  private readonly inRange: boolean;

  constructor(options: ArrayScanOptions) {
    this.keys = new Set(options.arrayKeys);
    this.decode = options.decode !== false;
    this.wants = typeof options.decode === 'function' ? options.decode : null;
    this.maxElementBytes = options.maxElementBytes ?? 64 * 1024 * 1024;
    this.rest = options.keepRest ? [] : null;
    this.cutEvery = options.cutEvery ?? 0;
    this.inRange = options.range !== undefined;
    if (options.range) {
      // Inside the records array, between two elements: only the depth matters there.
      for (let d = 0; d < options.range.depth; d++) this.stack.push(OPEN_ARRAY);
      this.target = options.range.depth;
      this.found = true;
      this.number = options.range.firstRecord - 1;
    }
  }

  /** How the scan ended, once the file is read (or the scan stopped). */
  end(): ArrayScanEnd {
    const problem = this.problem ?? (!this.done || this.inString ? 'not valid JSON (the file looks truncated): it ends before the document does' : null);
    if (this.ended && this.problem === null) return { found: false, problem: null, rest: null };
    const end: ArrayScanEnd = { found: this.found, problem, rest: this.rest && !problem ? Buffer.concat(this.rest).toString('utf8') : null };
    if (this.cutEvery > 0 && this.layout) {
      const ranges = this.layout.ranges;
      // The last range runs to the end of the file.
      if (ranges.length > 0) ranges[ranges.length - 1]!.to = Number.MAX_SAFE_INTEGER;
      end.layout = this.layout;
    }
    return end;
  }

  /** The elements that end in this chunk (at `offset` in the file). */
  scan(bytes: Buffer, offset: number): ArrayElement[] {
    const n = bytes.length;
    const stack = this.stack;
    const elements: ArrayElement[] = [];
    let inString = this.inString;
    let inElement = this.inElement;
    let target = this.target;
    let capturing = this.capturing;
    let i = this.skipNext;
    this.skipNext = 0;
    // Where the element under way starts in this chunk (0 when it began in an earlier one); where bytes outside elements start (-1 inside one).
    let start = 0;
    let outsideFrom = inElement ? -1 : 0;
    const stop = (problem: string | null) => {
      this.ended = true;
      this.problem = problem;
      return elements;
    };
    for (; i < n; i++) {
      if (inString && !capturing) {
        // A tight loop to the string's end: JSON has a quote every few bytes, sooner found by hand than by indexOf calls.
        while (i < n && bytes[i] !== QUOTE && bytes[i] !== BACKSLASH) i++;
        if (i >= n) continue;
        if (bytes[i] === QUOTE) inString = false;
        else {
          // An escape: the character after the backslash is passed over, in the next chunk if need be.
          i += 1;
          if (i >= n) this.skipNext = 1;
        }
        continue;
      }
      const byte = bytes[i]!;
      if (inString) {
        // A member name of the root object, kept to compare with arrayKeys.
        if (byte === BACKSLASH) {
          this.key.push(byte, bytes[i + 1] ?? 0);
          i += 1;
          if (i >= n) this.skipNext = 1;
          continue;
        }
        if (byte === QUOTE) {
          inString = false;
          this.lastKey = Buffer.from(this.key).toString('utf8');
          capturing = false;
          this.expectKey = false;
        } else if (this.key.length < MAX_KEY_BYTES) this.key.push(byte);
        continue;
      }
      if (inElement) {
        // Inside an element (most of the document) only what opens or closes a level, and the comma
        // that ends the element, matter: the rest is passed over at once.
        if (PLAIN[byte] === 1) continue;
        if (byte === QUOTE) {
          inString = true;
          continue;
        }
        if (byte === COMMA && stack.length > target) continue;
      }
      if (isSpace(byte)) continue;
      if (this.done) {
        if (byte === SEMICOLON) {
          this.keep(bytes, outsideFrom, i, false);
          outsideFrom = i + 1;
          continue;
        }
        return stop(`not valid JSON: something follows the end of the document at byte ${offset + i}`);
      }
      const depth = stack.length;
      // A document whose root is not an object or array holds no records array.
      if (depth === 0 && byte !== OPEN_OBJECT && byte !== OPEN_ARRAY) return stop(null);
      if (target > 0 && depth === target && !inElement && byte !== CLOSE_ARRAY && byte !== COMMA) {
        inElement = true;
        start = i;
        this.keep(bytes, outsideFrom, i, false);
        outsideFrom = -1;
      }
      if (byte === QUOTE) {
        inString = true;
        if (depth === 1 && stack[0] === OPEN_OBJECT && this.expectKey) {
          capturing = true;
          this.key = [];
        }
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (byte === OPEN_ARRAY && target === 0 && !this.found && (depth === 0 || (depth === 1 && stack[0] === OPEN_OBJECT && this.keys.has(this.lastKey)))) {
          target = depth + 1;
          this.found = true;
          if (this.cutEvery > 0) {
            this.lastCut = offset + i + 1;
            this.layout = { depth: target, ranges: [{ from: this.lastCut, to: Number.MAX_SAFE_INTEGER, firstRecord: 1 }] };
          }
        }
        stack.push(byte);
        if (stack.length === 1 && byte === OPEN_OBJECT) this.expectKey = true;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        const open = stack.pop();
        if (open !== (byte === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) return stop(`not valid JSON: an unexpected ${String.fromCharCode(byte)} at byte ${offset + i}`);
        if (target > 0 && depth === target && byte === CLOSE_ARRAY) {
          // The records array ends (with its last element, if any).
          if (inElement) {
            elements.push(this.finish(bytes, start, i, offset));
            inElement = false;
            outsideFrom = i;
          }
          target = 0;
          if (this.inRange) return stop(null);
        }
        if (stack.length === 0) this.done = true;
      } else if (byte === COMMA) {
        if (target > 0 && depth === target && inElement) {
          // The comma between two elements goes with them: the rest keeps an empty array.
          elements.push(this.finish(bytes, start, i, offset));
          inElement = false;
          outsideFrom = i + 1;
          if (this.layout && offset + i + 1 - this.lastCut >= this.cutEvery) {
            const ranges = this.layout.ranges;
            this.lastCut = offset + i + 1;
            ranges[ranges.length - 1]!.to = this.lastCut;
            ranges.push({ from: this.lastCut, to: Number.MAX_SAFE_INTEGER, firstRecord: this.number + 1 });
          }
        }
        if (depth === 1 && stack[0] === OPEN_OBJECT) this.expectKey = true;
      }
    }
    if (outsideFrom >= 0) this.keep(bytes, outsideFrom, n, inString);
    if (inElement && !this.oversize && this.decode) {
      // The element goes on in the next chunk: keep a copy of what it has so far.
      const part = Buffer.from(bytes.subarray(start, n));
      this.heldBytes += part.length;
      if (this.heldBytes > this.maxElementBytes) {
        this.oversize = true;
        this.held = [];
      } else this.held.push(part);
    }
    this.inString = inString;
    this.inElement = inElement;
    this.target = target;
    this.capturing = capturing;
    return elements;
  }

  /** The element from `start` to `at` in this chunk, after what is held of it from earlier ones. */
  private finish(bytes: Buffer, start: number, at: number, offset: number): ArrayElement {
    this.number += 1;
    let text: string | null = this.decode ? null : '';
    if (!this.oversize && this.decode) {
      const tail = bytes.subarray(start, at);
      const raw = this.held.length === 0 ? tail : Buffer.concat([...this.held, tail]);
      text = this.wants && !this.wants(raw) ? '' : raw.toString('utf8');
    }
    this.held = [];
    this.heldBytes = 0;
    this.oversize = false;
    return { number: this.number, text, end: offset + at };
  }

  /** Keeps bytes outside the elements for the rest, when asked to. */
  private keep(bytes: Buffer, from: number, to: number, insideString: boolean): void {
    if (!this.rest || to <= from) return;
    // Blank space between elements is most of what lies outside them: not worth a buffer each.
    // (A blank range holds no quote: it lies wholly inside a string, or wholly outside.)
    let blank = !insideString;
    for (let k = from; k < to && blank; k++) blank = isSpace(bytes[k]!);
    if (blank) return;
    this.restBytes += to - from;
    if (this.restBytes > MAX_REST_BYTES) this.rest = null;
    else this.rest.push(Buffer.from(bytes.subarray(from, to)));
  }
}
