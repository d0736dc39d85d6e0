import { stringify } from 'csv-stringify/sync';
import type { ExportWriter } from './export-job.ts';
import { exportBatches } from './export.repository.ts';
import { exportRow, ROW_COLUMNS, type ExportRow } from './export-row.ts';
import { CSV_OPTIONS } from './spreadsheet-safety.ts';
import { write } from './sink.ts';

/** Our own CSV: one row per post, columns from export-row.ts, times in ISO 8601 UTC. */
export const writeCsv: ExportWriter = async (job, out) => {
  let written = 0;
  await write(out, stringify([], { ...CSV_OPTIONS, header: true, columns: [...ROW_COLUMNS] }));
  for await (const batch of exportBatches(job.db, job.chat)) {
    const records = batch.posts.map((post) => csvRecord(exportRow(post, job.baseUrl)));
    await write(out, stringify(records, { ...CSV_OPTIONS, columns: [...ROW_COLUMNS] }));
    written += batch.posts.length;
    job.onProgress?.(written);
  }
  return written;
};

function csvRecord(row: ExportRow): Record<string, string | number> {
  const record: Record<string, string | number> = {};
  for (const column of ROW_COLUMNS) {
    const value = row[column];
    record[column] = value === null ? '' : value instanceof Date ? value.toISOString() : value;
  }
  return record;
}
