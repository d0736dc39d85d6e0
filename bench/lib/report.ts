import { parseArgs } from 'node:util';

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles over all samples (no histogram buckets to hide the tail). */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  if (count === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (p: number) => sorted[Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))]!;
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count, p50: at(0.5), p99: at(0.99), max: sorted[count - 1]!, mean: sum / count };
}

export type Cell = string | number | null;

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function printTable(title: string, header: string[], rows: Cell[][]): void {
  const text = rows.map((row) => row.map(formatCell));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of text) console.log(line(row));
}

function formatCell(cell: Cell): string {
  if (cell === null) return '-';
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return String(cell);
  if (Number.isInteger(cell)) return cell.toLocaleString('en-US');
  return cell.toLocaleString('en-US', { maximumFractionDigits: Math.abs(cell) < 10 ? 2 : 1 });
}

const verdicts: boolean[] = [];

/** One line per target; the process exits non-zero when any target failed. */
export function verdict(target: string, pass: boolean, measured: string): void {
  verdicts.push(pass);
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${target}: ${measured}`);
}

export function finish(): void {
  process.exitCode = verdicts.every(Boolean) ? 0 : 1;
}

/** `--name value` flags over numeric and string defaults; `--help` prints them. */
export function flags<T extends Record<string, number | string | boolean>>(usage: string, defaults: T): T {
  const options = Object.fromEntries(
    Object.entries(defaults).map(([name, value]) => [name, { type: typeof value === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
  );
  const { values } = parseArgs({ options: { ...options, help: { type: 'boolean' } }, allowPositionals: false }) as { values: Record<string, string | boolean | undefined> };
  if (values.help) {
    console.log(usage);
    for (const [name, value] of Object.entries(defaults)) console.log(`  --${name} ${typeof value === 'boolean' ? '' : `(default ${value})`}`);
    process.exit(0);
  }
  const result: Record<string, number | string | boolean> = { ...defaults };
  for (const [name, fallback] of Object.entries(defaults)) {
    const raw = values[name];
    if (raw === undefined) continue;
    if (typeof fallback === 'number') {
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: must be a non-negative number (got "${String(raw)}")`);
      result[name] = value;
    } else {
      result[name] = raw as string | boolean;
    }
  }
  return result as T;
}

export const fmtMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');
