import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { write as writeChunk } from '../export/sink.ts';
import { unpackBudget } from './archive-layouts.ts';
import { DiskStrings } from './disk-strings.ts';
import { TAGS_COLUMNS } from './formats/tags.ts';
import { openWorkbook, type Cell, type Sheet } from './xlsx-sheets.ts';

/**
 * A TAGS sheet kept as a workbook (.xlsx). Google Drive downloads a Google
 * Sheet as one (File → Download → CSV gives only the sheet open), so a
 * TAGS archive kept in someone's Drive often comes this way: its Archive
 * sheet beside Readme/Settings and Dashboard. Each sheet whose first row
 * has TAGS's columns is written out as CSV (`Archive.csv`) for the `tags`
 * reader; other sheets are passed by. The workbook is read as a stream
 * (xlsx-sheets.ts) and rows are written as they are read.
 */

export const TAGS_WORKBOOK = 'a spreadsheet workbook';

/**
 * A cell as the text a CSV download of the sheet holds. A whole number
 * past 2^53 is not exact in a workbook (a tweet id typed as a number): it
 * is written as a spreadsheet shows it, 1.21975838643617e+18, so that the
 * `tags` reader takes the id from the row's status_url instead.
 */
export function cellText(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toPrecision(15) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return Number.isNaN(value.getTime()) ? '' : value.toISOString();
}

/** A sheet's name as a file name of its own (`Archive.csv`). */
function csvName(sheet: string, taken: Set<string>): string {
  const base = sheet.replace(/[^\p{L}\p{N} ._-]/gu, '_').trim() || 'sheet';
  let name = `${base}.csv`;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n}).csv`;
  taken.add(name);
  return name;
}

/**
 * The TAGS sheets of the workbook `file` as CSV files in `into`; null when
 * it is not a readable workbook or holds no TAGS sheet. What is read and
 * written is bounded as any packed file's is (archive-layouts.ts).
 */
export async function unpackTagsWorkbook(file: string, into: string): Promise<{ kind: typeof TAGS_WORKBOOK; files: string[] } | null> {
  const budget = unpackBudget((await fsp.stat(file)).size);
  const written: string[] = [];
  const taken = new Set<string>();
  const stringsFile = path.join(into, '.shared-strings');
  let strings: DiskStrings | null = null;
  let workbook: Awaited<ReturnType<typeof openWorkbook>> | null = null;
  try {
    await fsp.mkdir(into, { recursive: true });
    strings = DiskStrings.create(stringsFile);
    workbook = await openWorkbook(file, strings, budget);
    for (const sheet of workbook.sheets) {
      const target = await sheetToCsv(sheet, () => path.join(into, csvName(sheet.name, taken)), budget);
      if (target) written.push(target);
    }
  } catch {
    return null;
  } finally {
    workbook?.close();
    strings?.close();
    await fsp.rm(stringsFile, { force: true });
  }
  return written.length > 0 ? { kind: TAGS_WORKBOOK, files: written } : null;
}

/** A sheet as CSV, when its first row has TAGS's columns; null (nothing written) otherwise. */
async function sheetToCsv(sheet: Sheet, targetFor: () => string, budget: { left: number }): Promise<string | null> {
  let out: fs.WriteStream | null = null;
  let target: string | null = null;
  let columns = 0;
  try {
    for await (const values of sheet.rows()) {
      if (out === null) {
        const header = values.map((value) => cellText(value).trim());
        if (!TAGS_COLUMNS.every((column) => header.includes(column))) return null;
        columns = header.length;
        target = targetFor();
        out = fs.createWriteStream(target);
        await write(out, stringify([header]), budget);
        continue;
      }
      await write(out, stringify([Array.from({ length: columns }, (_, i) => cellText(values[i] ?? null))]), budget);
    }
    if (out) await close(out);
    return target;
  } catch (error) {
    out?.destroy();
    throw error;
  }
}

/** One CSV record, counted against what the workbook may unpack to; waits while the file catches up. */
async function write(out: fs.WriteStream, text: string, budget: { left: number }): Promise<void> {
  budget.left -= Buffer.byteLength(text);
  if (budget.left < 0) throw new Error('more than this workbook may unpack to');
  await writeChunk(out, text);
}

async function close(out: fs.WriteStream): Promise<void> {
  out.end();
  await finished(out);
}
