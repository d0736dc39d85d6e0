import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskStrings } from './disk-strings.ts';
import { openWorkbook, type Cell } from './xlsx-sheets.ts';
import { zipOf } from './testing/zip-of.ts';

/** SpreadsheetML written by hand (ECMA-376 part 1, §18): what other writers put in a workbook that exceljs does not. */
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <workbookPr date1904="DATE1904"/>
  <sheets><sheet name="Archive &amp; more" sheetId="1" r:id="rId1"/><sheet name="Prefixed" sheetId="2" r:id="rId2"/><sheet name="Lost" sheetId="3" r:id="rId9"/></sheets>
</workbook>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
</Relationships>`;
// Styles: 0 general, 1 built-in date-time (22), 2 custom date, 3 custom number with text in quotes.
const STYLES = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd&quot;T&quot;hh:mm"/><numFmt numFmtId="165" formatCode="#,##0&quot; days&quot;"/></numFmts>
  <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
</styleSheet>`;
const SHARED = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
  <si><t>id_str</t></si>
  <si><r><rPr><b/></rPr><t xml:space="preserve">Q1 </t></r><r><t>what&apos;s &lt;odd&gt;?</t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>
  <si><t>café ☕</t></si>
</sst>`;
const SHEET1 = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
  <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c></row>
  <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>inline</t></is></c><c r="C2" t="str"><f>A1</f><v>formula text</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c></row>
  <row r="3"/>
  <row r="4"><c r="A4" s="1"><v>43940.5</v></c><c r="B4" s="2"><v>43940.25</v></c><c r="C4" s="3"><v>12</v></c><c r="D4"><v>1.5</v></c><c r="E4" t="d"><v>2020-04-19T20:22:23Z</v></c><c r="AA4"><v>7</v></c></row>
</sheetData></worksheet>`;
const SHEET2 = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>no references</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`;

describe('reading a workbook (.xlsx) as streams', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-xlsx-sheets-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function read(date1904: boolean) {
    const file = path.join(root, `book-${date1904}.xlsx`);
    fs.writeFileSync(
      file,
      await zipOf({
        'xl/worksheets/sheet1.xml': SHEET1,
        'xl/worksheets/sheet2.xml': SHEET2,
        'xl/sharedStrings.xml': SHARED,
        'xl/styles.xml': STYLES,
        'xl/_rels/workbook.xml.rels': RELS,
        'xl/workbook.xml': WORKBOOK.replace('DATE1904', date1904 ? '1' : '0'),
      }),
    );
    const strings = DiskStrings.create(path.join(root, `strings-${date1904}`));
    const workbook = await openWorkbook(file, strings, { left: 1e9 });
    const sheets: Array<{ name: string; rows: Cell[][] }> = [];
    for (const sheet of workbook.sheets) {
      const rows: Cell[][] = [];
      for await (const row of sheet.rows()) rows.push(row);
      sheets.push({ name: sheet.name, rows });
    }
    workbook.close();
    strings.close();
    return sheets;
  }

  it('gives each sheet its name and its rows, each cell at its column, whatever order the parts come in', async () => {
    const [archive, prefixed, ...rest] = await read(false);
    assert.equal(rest.length, 0, 'a sheet its relationships do not name is passed by');
    assert.equal(archive!.name, 'Archive & more');
    const [header, texts, dates] = archive!.rows;
    assert.deepEqual(header, ['id_str', null, 'café ☕']);
    // Rich text runs joined, phonetic runs left out; inline, formula and boolean cells; an error is empty.
    assert.deepEqual(texts, ["Q1 what's <odd>?", 'inline', 'formula text', true, null]);
    assert.equal(archive!.rows.length, 3, 'the empty row is left out');
    assert.deepEqual(dates!.slice(0, 5), [new Date('2020-04-19T12:00:00.000Z'), new Date('2020-04-19T06:00:00.000Z'), 12, 1.5, new Date('2020-04-19T20:22:23Z')]);
    assert.equal(dates!.length, 27);
    assert.equal(dates![26], 7);
    assert.deepEqual(prefixed, { name: 'Prefixed', rows: [['no references', 2]] });
  });

  it('reads dates of the 1904 date system', async () => {
    const [archive] = await read(true);
    assert.deepEqual(archive!.rows[2]![0], new Date('2024-04-20T12:00:00.000Z'));
  });

  it('refuses a zip that is not a workbook', async () => {
    const file = path.join(root, 'photos.zip');
    fs.writeFileSync(file, await zipOf({ 'a.jpg': Buffer.alloc(10) }));
    const strings = DiskStrings.create(path.join(root, 'strings-photos'));
    await assert.rejects(openWorkbook(file, strings, { left: 1e9 }), /not a workbook: no xl\/workbook\.xml/);
    strings.close();
  });
});
