import { StringDecoder } from 'node:string_decoder';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import yauzl from 'yauzl';
import { DiskStrings } from './disk-strings.ts';

/**
 * The rows of a workbook's sheets (.xlsx), read as streams. yauzl opens
 * the zip by its central directory and inflates one part at a time;
 * htmlparser2 reads each part's XML as it comes (SpreadsheetML: the sheet
 * list, the styles that make a number a date, the shared strings, the
 * sheets). Written here because exceljs's streaming reader reads the zip
 * in one pass with unzipper and loses entries on Node ≥ 18 (exceljs#3064;
 * seen here too: one read in four found no sheet in the same file).
 *
 * A workbook keeps its texts once, in a shared-strings table as big as its
 * sheets: it goes to a file (disk-strings.ts), not into memory.
 */

export type Cell = string | number | boolean | Date | null;

export interface Sheet {
  name: string;
  /** Its rows in order, each cell at its column (empty cells null); empty rows left out. */
  rows(): AsyncGenerator<Cell[]>;
}

/** A cell's text stops growing here: spreadsheets cap a cell at 32,767 (Excel) or 50,000 (Google) characters. */
const MAX_CELL_CHARS = 1024 * 1024;

/** Built-in number formats that show dates and times (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Reads `file`'s sheets; `strings` is where its shared strings go. Throws when it is not a readable workbook. */
export async function openWorkbook(file: string, strings: DiskStrings, budget: { left: number }): Promise<{ sheets: Sheet[]; close(): void }> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  try {
    const entries = await entriesOf(zip);
    const part = (name: string) => entries.get(name) ?? null;
    const workbookXml = part('xl/workbook.xml') ?? missing('xl/workbook.xml');
    const book = { date1904: false, sheets: [] as Array<{ name: string; rid: string }> };
    await readXml(zip, workbookXml, budget, {
      open(name, attributes) {
        if (name === 'workbookPr') book.date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
        if (name === 'sheet') book.sheets.push({ name: attributes.name ?? '', rid: attributes['r:id'] ?? '' });
      },
    });
    const targets = new Map<string, string>();
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await readXml(zip, rels, budget, { open: (name, a) => name === 'Relationship' && a.Id && a.Target && targets.set(a.Id, a.Target) });
    const styles = part('xl/styles.xml');
    const dateStyles = styles ? await dateStylesOf(zip, styles, budget) : new Set<number>();
    const shared = part('xl/sharedStrings.xml');
    if (shared) await readSharedStrings(zip, shared, strings, budget);
    const sheets = book.sheets.flatMap(({ name, rid }) => {
      const target = targets.get(rid);
      const entry = target ? part(target.startsWith('/') ? target.slice(1) : path.posix.join('xl', target)) : null;
      return entry ? [{ name, rows: () => sheetRows(zip, entry, { strings, dateStyles, date1904: book.date1904, budget }) }] : [];
    });
    return { sheets, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function missing(part: string): never {
  throw new Error(`not a workbook: no ${part}`);
}

function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/**
 * One part's XML, inflated and parsed a chunk at a time; `afterChunk`
 * runs after each (sheetRows hands its rows on there). Tag names lose
 * their namespace prefix (`x:row` is a row).
 */
async function* readXmlChunks(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: { left: number }, handlers: XmlHandlers): AsyncGenerator<void> {
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  const parser = new Parser(
    {
      onopentag: (name, attributes) => handlers.open?.(local(name), attributes),
      ontext: (text) => handlers.text?.(text),
      onclosetag: (name) => handlers.close?.(local(name)),
    },
    { xmlMode: true, decodeEntities: true },
  );
  const decoder = new StringDecoder('utf8');
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    budget.left -= chunk.length;
    if (budget.left < 0) {
      stream.destroy();
      throw new Error('more than this workbook may unpack to');
    }
    parser.write(decoder.write(chunk));
    yield;
  }
  parser.write(decoder.end());
  parser.end();
  yield;
}

async function readXml(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: { left: number }, handlers: XmlHandlers): Promise<void> {
  for await (const _ of readXmlChunks(zip, entry, budget, handlers));
}

/** Style indexes (a cell's `s`) whose number format shows a date or time. */
async function dateStylesOf(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: { left: number }): Promise<Set<number>> {
  const customDates = new Set<number>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await readXml(zip, entry, budget, {
    open(name, a) {
      if (name === 'numFmt' && isDateFormat(a.formatCode ?? '')) customDates.add(Number(a.numFmtId));
      if (name === 'cellXfs') inCellXfs = true;
      if (name === 'xf' && inCellXfs) styleFormats.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  const dates = new Set<number>();
  styleFormats.forEach((id, index) => (DATE_FORMAT_IDS.has(id) || customDates.has(id)) && dates.add(index));
  return dates;
}

/** A number format that shows a date or time: d, m, y, h or s outside quoted text, [colours] and escapes. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** The shared strings, in order, to `strings`: each `si`'s text runs joined, phonetic runs (`rPh`) left out. */
async function readSharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry, strings: DiskStrings, budget: { left: number }): Promise<void> {
  let text = '';
  let inText = false;
  let phonetic = 0;
  await readXml(zip, entry, budget, {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 't') inText = phonetic === 0;
      else if (name === 'rPh') phonetic += 1;
    },
    text(value) {
      if (inText && text.length < MAX_CELL_CHARS) text += value;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') strings.add(text);
    },
  });
}

/** A column's letters (`AB` of `AB12`) as an index from 0. */
function columnOf(reference: string | undefined, fallback: number): number {
  const letters = /^([A-Z]{1,3})\d/.exec(reference ?? '')?.[1];
  if (!letters) return fallback;
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** A date serial number (days since 1899-12-30, or 1904-01-01) as a Date. */
function fromSerial(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000));
}

async function* sheetRows(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  context: { strings: DiskStrings; dateStyles: Set<number>; date1904: boolean; budget: { left: number } },
): AsyncGenerator<Cell[]> {
  const done: Cell[][] = [];
  let row: Cell[] | null = null;
  let cell: { column: number; type: string; style: number; text: string } | null = null;
  let collecting = false;
  let phonetic = 0;
  const valueOf = (c: NonNullable<typeof cell>): Cell => {
    switch (c.type) {
      case 's':
        return context.strings.get(Number(c.text));
      case 'inlineStr':
      case 'str':
        return c.text;
      case 'b':
        return c.text === '1' || c.text === 'true';
      case 'e':
        return null;
      case 'd':
        return c.text ? new Date(c.text) : null;
      default: {
        if (c.text.trim() === '') return null;
        const number = Number(c.text);
        if (!Number.isFinite(number)) return c.text;
        return context.dateStyles.has(c.style) ? fromSerial(number, context.date1904) : number;
      }
    }
  };
  const handlers: XmlHandlers = {
    open(name, a) {
      if (name === 'row') row = [];
      else if (name === 'c' && row) cell = { column: columnOf(a.r, row.length), type: a.t ?? 'n', style: Number(a.s ?? 0), text: '' };
      else if ((name === 'v' || name === 't') && cell) collecting = phonetic === 0;
      else if (name === 'rPh') phonetic += 1;
    },
    text(value) {
      if (collecting && cell && cell.text.length < MAX_CELL_CHARS) cell.text += value;
    },
    close(name) {
      if (name === 'v' || name === 't') collecting = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'c' && row && cell) {
        while (row.length < cell.column) row.push(null);
        row[cell.column] = valueOf(cell);
        cell = null;
      } else if (name === 'row' && row) {
        if (row.some((value) => value !== null && value !== '')) done.push(row);
        row = null;
      }
    },
  };
  for await (const _ of readXmlChunks(zip, entry, context.budget, handlers)) yield* done.splice(0);
}
