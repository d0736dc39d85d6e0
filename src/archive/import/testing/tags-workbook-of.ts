import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { zipOf } from './zip-of.ts';

/**
 * A TAGS sheet as Google Drive downloads it, for tests: a workbook with a
 * Readme sheet (TAGS's Readme/Settings: a slash is not allowed in a
 * workbook's sheet names), the Archive sheet holding `csv`'s rows (from a
 * real TAGS CSV download), and a Dashboard. `asNumbers` names columns
 * whose digit cells are stored as numbers, as a sheet that took ids for
 * numbers has them; `time` cells are stored as dates. `order`: the zip's
 * entries with workbook.xml and the shared strings before the sheets, as
 * Google writes them, or workbook.xml last, after the sheets (as exceljs
 * writes it; a reader that reads the zip in one pass meets the sheets
 * before it knows their names).
 */
export async function tagsWorkbookOf(csvFile: string, target: string, options: { asNumbers?: string[]; order?: 'workbook-first' | 'workbook-last' } = {}): Promise<void> {
  const rows = parse(fs.readFileSync(csvFile, 'utf8'), { relax_quotes: true }) as string[][];
  const [header, ...records] = rows;
  const workbook = new ExcelJS.Workbook();
  const readme = workbook.addWorksheet('Readme');
  readme.addRow(['TAGS v6.1', '', '']);
  readme.addRow(['Enter term:', '#edchat']);
  const archive = workbook.addWorksheet('Archive');
  archive.addRow(header!);
  for (const record of records) {
    archive.addRow(
      record.map((cell, i) => {
        const column = header![i]!;
        if (column === 'time' && /^\d{4}-\d\d-\d\dT/.test(cell)) return new Date(cell);
        if (options.asNumbers?.includes(column) && /^\d+$/.test(cell)) return Number(cell);
        return cell;
      }),
    );
  }
  const dashboard = workbook.addWorksheet('Dashboard');
  dashboard.addRow(['Top tweeters', 'Tweets']);
  dashboard.addRow([{ formula: 'A1', result: 'x' }, 3]);
  const entries = await entriesOf(Buffer.from(await workbook.xlsx.writeBuffer()));
  // exceljs writes its entries in whatever order its streams finish: put them in the order asked.
  const rank = (name: string) => {
    const sheet = name.startsWith('xl/worksheets/');
    if (options.order === 'workbook-last') return name === 'xl/_rels/workbook.xml.rels' ? 0 : name === 'xl/sharedStrings.xml' ? 1 : sheet ? 2 : name === 'xl/workbook.xml' ? 4 : 3;
    return name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' ? 0 : name === 'xl/sharedStrings.xml' ? 1 : sheet ? 3 : 2;
  };
  const ordered = Object.fromEntries([...entries].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
  fs.writeFileSync(target, await zipOf(ordered));
}

function entriesOf(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return file.readEntry();
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}
