import fs from 'node:fs';

/**
 * The yardstick: one thread reads the file and JSON.parses every line,
 * as fast as plain Node can (large reads, byte-level line splitting, no
 * readline), and does nothing with the values. `onValue` (naive-import.ts
 * only) is handed each value; the yardstick itself passes none.
 */
export function plainParsePass(file: string, onValue?: (value: unknown) => void): { seconds: number; bytes: number; lines: number } {
  const started = performance.now();
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(4 << 20);
  let carry = 0;
  let lines = 0;
  let bytes = 0;
  let sink = 0;
  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, carry, buffer.length - carry, null);
      if (read === 0) break;
      bytes += read;
      const end = carry + read;
      let start = 0;
      for (let newline = buffer.indexOf(10, start); newline !== -1 && newline < end; newline = buffer.indexOf(10, start)) {
        if (newline > start) {
          // Keep a reference so the parse cannot be optimised away.
          const value: unknown = JSON.parse(buffer.toString('utf8', start, newline));
          sink += value ? 1 : 0;
          onValue?.(value);
          lines += 1;
        }
        start = newline + 1;
      }
      buffer.copy(buffer, 0, start, end);
      carry = end - start;
    }
    if (carry > 0) {
      const value: unknown = JSON.parse(buffer.toString('utf8', 0, carry));
      sink += value ? 1 : 0;
      onValue?.(value);
      lines += 1;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (sink !== lines) throw new Error('every line should parse to a value');
  return { seconds: (performance.now() - started) / 1000, bytes, lines };
}
