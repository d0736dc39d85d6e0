import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { unpackBudget } from './archive-layouts.ts';
import { TAGS_COLUMNS } from './formats/tags.ts';

/**
 * A TAGS sheet kept as a workbook (.xlsx). Google Drive downloads a Google
 * Sheet as one (File → Download → CSV gives only the sheet open), so a
 * TAGS archive kept in someone's Drive often comes this way: its Archive
 * sheet beside Readme/Settings and Dashboard. Each sheet whose first row
 * has TAGS's columns is written out as CSV (`Archive.csv`) for the `tags`
 * reader; other sheets are passed by. exceljs's WorkbookReader reads the
 * zip as a stream, and rows are written as they are read (the workbook's
 * shared strings, the sheet's distinct texts, are held meanwhile).
 */

export const TAGS_WORKBOOK = 'a spreadsheet workbook';

type CellValue = ExcelJS.CellValue;

/**
 * A cell as the text a CSV download of the sheet holds. A whole number
 * past 2^53 is not exact in a workbook (a tweet id typed as a number): it
 * is written as a spreadsheet shows it, 1.21975838643617e+18, so that the
 * `tags` reader takes the id from the row's status_url instead.
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toPrecision(15) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('text' in value) return cellText(value.text as CellValue);
  return '';
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
 * it is not a readable workbook or holds no TAGS sheet. What is written is
 * bounded as any packed file's is (archive-layouts.ts).
 */
export async function unpackTagsWorkbook(file: string, into: string): Promise<{ kind: typeof TAGS_WORKBOOK; files: string[] } | null> {
  const budget = unpackBudget((await fsp.stat(file)).size);
  const written: string[] = [];
  const taken = new Set<string>();
  let out: fs.WriteStream | null = null;
  try {
    await fsp.mkdir(into, { recursive: true });
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
    // exceljs 4.4 names a sheet from xl/workbook.xml, and fails on a sheet that comes before it in the
    // zip once the shared strings are read (zip order is the writer's: exceljs itself writes
    // workbook.xml last). Such a sheet is read unnamed (`Sheet2`) rather than not at all.
    (workbook as unknown as { model: { sheets: unknown[] } }).model = { sheets: [] };
    for await (const sheet of workbook) {
      out = null;
      let columns = 0;
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        if (out === null) {
          // The first row decides: a TAGS sheet, or one to pass by (its rows are still read through).
          const header = values.map((value) => cellText(value as CellValue).trim());
          if (columns === -1 || !TAGS_COLUMNS.every((column) => header.includes(column))) {
            columns = -1;
            continue;
          }
          columns = header.length;
          const target = path.join(into, csvName((sheet as { name?: string }).name ?? 'sheet', taken));
          out = fs.createWriteStream(target);
          written.push(target);
          await write(out, stringify([header]), budget);
          continue;
        }
        const cells = Array.from({ length: columns }, (_, i) => cellText((values[i] ?? null) as CellValue));
        await write(out, stringify([cells]), budget);
      }
      if (out) await close(out);
      out = null;
    }
  } catch {
    (out as fs.WriteStream | null)?.destroy();
    return null;
  }
  return written.length > 0 ? { kind: TAGS_WORKBOOK, files: written } : null;
}

async function write(out: fs.WriteStream, text: string, budget: { left: number }): Promise<void> {
  budget.left -= Buffer.byteLength(text);
  if (budget.left < 0) throw new Error('more than this workbook may unpack to');
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

function close(out: fs.WriteStream): Promise<void> {
  return new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
