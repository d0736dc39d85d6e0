import ExcelJS from 'exceljs';
import type { ExportWriter } from './export-job.ts';
import { exportBatches } from './export.repository.ts';
import { exportRow, ROW_COLUMNS } from './export-row.ts';
import { neutraliseFormula } from './spreadsheet-safety.ts';
import { drained } from './sink.ts';

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const WIDTHS: Partial<Record<(typeof ROW_COLUMNS)[number], number>> = { created_at: 20, author_handle: 18, author_display_name: 22, text: 80, source_url: 40, permalink: 40 };

/**
 * A real workbook, streamed: rows go to the zip as they are read (exceljs'
 * streaming writer, inline strings), so memory stays flat however long the
 * chat. Header row frozen, autofilter over every row, `created_at` a typed
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
    // exceljs does not wait for its output; wait here when the reader is behind.
    await new Promise((resolve) => setImmediate(resolve));
    await drained(out);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: written + 1, column: ROW_COLUMNS.length } };
  sheet.commit();
  await workbook.commit();
  return written;
};

function cell(value: string | number | Date | null): string | number | Date | null {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}
