import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportWriter } from './export-job.ts';
import { exportBatches } from './export.repository.ts';
import { exportRow, ROW_COLUMNS } from './export-row.ts';
import { neutraliseFormula } from './spreadsheet-safety.ts';
import { drained, drainOf } from './sink.ts';

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const WIDTHS: Partial<Record<(typeof ROW_COLUMNS)[number], number>> = { created_at: 20, author_handle: 18, author_display_name: 22, text: 80, source_url: 40, permalink: 40 };

/**
 * A real workbook, streamed: rows go to the zip as they are read (exceljs'
 * streaming writer, inline strings), and the next batch is read only once
 * the zip has taken the last one (sheetTaken), so memory stays flat however
 * long the chat. Header row frozen, autofilter over every row, `created_at` a typed
 * date cell (UTC), counts as numbers, everything else text — and text that
 * could run as a formula neutralised like in the CSV.
 */
export const writeXlsx: ExportWriter = async (job, out) => {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Musesocial';
  workbook.created = new Date(job.now);
  const sheet = workbook.addWorksheet('Posts', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  sheet.columns = ROW_COLUMNS.map((key) => ({
    header: key === 'created_at' ? 'created_at (UTC)' : key,
    key,
    width: WIDTHS[key] ?? 12,
    ...(key === 'created_at' ? { style: { numFmt: DATE_FORMAT } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();

  let written = 0;
  for await (const batch of exportBatches(job.db, job.chat)) {
    for (const post of batch.posts) {
      const row = exportRow(post, job.baseUrl);
      sheet.addRow(ROW_COLUMNS.map((key) => cell(row[key]))).commit();
    }
    written += batch.posts.length;
    job.onProgress?.(written);
    await sheetTaken(sheet, out);
    await drained(out);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: written + 1, column: ROW_COLUMNS.length } };
  sheet.commit();
  await workbook.commit();
  return written;
};

/**
 * Waits until the zip has taken the sheet's rows so far. exceljs (4.4)
 * pipes a sheet's XML into the zip's input for it without ever waiting:
 * that input is read only when the zip gets to the sheet, after the
 * entries before it, which takes a few turns of the event loop, so a
 * writer that merely yields between batches kept the whole sheet in that
 * input: a 200,000-row export held ~130 MB of XML outside the JS heap and
 * wrote its first byte at the end (exceljs issues #1894, #2916). Reaching
 * the input goes through exceljs' internals (the sheet's stream buffer
 * and what it pipes to); if they change, this stops waiting and
 * test/integration/exports-streaming.test.ts, which checks that the
 * workbook reaches its output while the chat is still being read, fails.
 */
async function sheetTaken(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  const input = (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  // A PassThrough of the readable-stream package (no writableNeedDrain): its own flag.
  const state = (input as unknown as { _writableState?: { needDrain?: boolean } } | undefined)?._writableState;
  if (input && state?.needDrain) await drainOf(input, out);
  // Either way, other work (requests, in the server) gets its turn between batches.
  else await new Promise((resolve) => setImmediate(resolve));
}

function cell(value: string | number | Date | null): string | number | Date | null {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}
