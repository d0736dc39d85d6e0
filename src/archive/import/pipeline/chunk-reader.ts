import fs from 'node:fs/promises';
import { CHUNK_BYTES, MAX_DOCUMENT_BYTES } from './limits.ts';

const NEWLINE = 10;

/** Whole lines of a JSONL file, or a line too long to keep (skipped, to be rejected). */
export type Chunk = { kind: 'lines'; bytes: Uint8Array } | { kind: 'oversize'; bytes: number };

/**
 * Reads a JSONL file in chunks that end at a line end, so each chunk can be
 * parsed on its own (in another thread). Buffers come back through
 * `recycle` once parsed: reading a 2 GB file allocates a handful of them.
 * A line longer than any chunk grows the buffer up to `maxLine`; beyond
 * that it is skipped and reported as one oversize line.
 */
export class ChunkReader {
  private position = 0;
  private carry: Buffer = Buffer.alloc(0);
  private readonly spare: ArrayBuffer[] = [];
  private done = false;

  private constructor(
    private readonly file: fs.FileHandle,
    private readonly chunkBytes: number,
    private readonly maxLine: number,
  ) {}

  static async open(path: string, options: { chunkBytes?: number; maxLine?: number } = {}): Promise<ChunkReader> {
    return new ChunkReader(await fs.open(path, 'r'), options.chunkBytes ?? CHUNK_BYTES, options.maxLine ?? MAX_DOCUMENT_BYTES);
  }

  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.chunkBytes && this.spare.length < 8) this.spare.push(buffer);
  }

  async next(): Promise<Chunk | null> {
    if (this.done) return null;
    let buffer = this.take(Math.max(this.chunkBytes, this.carry.length * 2));
    this.carry.copy(buffer);
    let filled = this.carry.length;
    this.carry = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await this.file.read(buffer, filled, buffer.length - filled, this.position);
      this.position += bytesRead;
      filled += bytesRead;
      if (bytesRead === 0) {
        // End of file: whatever is left is the last line, with or without its newline.
        this.done = true;
        return filled === 0 ? null : { kind: 'lines', bytes: buffer.subarray(0, filled) };
      }
      if (filled < buffer.length) continue;
      const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline !== -1) {
        this.carry = Buffer.from(buffer.subarray(lastNewline + 1, filled));
        return { kind: 'lines', bytes: buffer.subarray(0, lastNewline + 1) };
      }
      if (buffer.length >= this.maxLine) return { kind: 'oversize', bytes: filled + (await this.skipRestOfLine()) };
      const bigger = Buffer.from(ownBuffer(Math.min(buffer.length * 2, this.maxLine)));
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
  }

  async close(): Promise<void> {
    // The spare buffers (up to 32 MB) go now. Dropped, they would wait for a garbage collection,
    // and a bulk load's last steps (its peak of memory) run SQL without allocating anything that
    // would prompt one: transferring a buffer to nothing frees its memory at once.
    for (const buffer of this.spare.splice(0)) (buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
    this.carry = Buffer.alloc(0);
    await this.file.close();
  }

  private take(size: number): Buffer {
    const spare = size === this.chunkBytes ? this.spare.pop() : undefined;
    return Buffer.from(spare ?? ownBuffer(size));
  }

  /** Reads past the end of an oversize line; returns the bytes skipped. */
  private async skipRestOfLine(): Promise<number> {
    const scratch = Buffer.allocUnsafe(1 << 20);
    let skipped = 0;
    for (;;) {
      const { bytesRead } = await this.file.read(scratch, 0, scratch.length, this.position);
      if (bytesRead === 0) {
        this.done = true;
        return skipped;
      }
      const newline = scratch.subarray(0, bytesRead).indexOf(NEWLINE);
      if (newline !== -1) {
        this.position += newline + 1;
        return skipped + newline + 1;
      }
      this.position += bytesRead;
      skipped += bytesRead;
    }
  }
}

/**
 * A buffer of its own, never a slice of Node's shared pool (small
 * allocUnsafe buffers are): only a whole ArrayBuffer can be handed over to
 * a worker without a copy.
 */
function ownBuffer(size: number): ArrayBuffer {
  return new ArrayBuffer(size);
}
