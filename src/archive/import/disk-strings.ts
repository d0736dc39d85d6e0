import fs from 'node:fs';

/**
 * A list of strings kept in a file and read back by index: a workbook's
 * shared strings (tags-workbook.ts) are all of its sheets' texts, as big
 * as the sheet, while only their offsets (8 bytes each) stay in memory.
 * Strings are appended through a buffer and read with one positioned read
 * each (from the page cache, mostly).
 */
export class DiskStrings {
  private offsets = new Float64Array(1024);
  private count = 0;
  private written = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private scratch = Buffer.alloc(64 * 1024);

  private constructor(private readonly fd: number) {}

  /** A new, empty list in `file` (created, or emptied). */
  static create(file: string): DiskStrings {
    return new DiskStrings(fs.openSync(file, 'w+'));
  }

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    if (this.count + 1 >= this.offsets.length) {
      const bigger = new Float64Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    this.offsets[this.count] = this.written + this.pendingBytes;
    this.count += 1;
    this.offsets[this.count] = this.written + this.pendingBytes + bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 1024 * 1024) this.flush();
  }

  /** The string at `index`; null past the end. */
  get(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return null;
    this.flush();
    const start = this.offsets[index]!;
    const length = this.offsets[index + 1]! - start;
    if (length > this.scratch.length) this.scratch = Buffer.alloc(length);
    const read = fs.readSync(this.fd, this.scratch, 0, length, start);
    return this.scratch.toString('utf8', 0, read);
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    fs.writeSync(this.fd, chunk, 0, chunk.length, this.written);
    this.written += chunk.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
