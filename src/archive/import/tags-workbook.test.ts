import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { cellText, unpackTagsWorkbook } from './tags-workbook.ts';
import { tagsWorkbookOf } from './testing/tags-workbook-of.ts';
import { parseFile, postsOf } from './formats/testing/fixture-files.ts';
import { tags } from './formats/tags.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/fixtures/tags-csv/tidytags_sample-data.csv');

describe('a TAGS sheet kept as a workbook (.xlsx)', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-xlsx-test-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes each cell as a CSV download of the sheet holds it', () => {
    assert.equal(cellText('text'), 'text');
    assert.equal(cellText(null), '');
    assert.equal(cellText(42), '42');
    assert.equal(cellText(1.5), '1.5');
    // A tweet id stored as a number is no longer exact: written the way a spreadsheet shows it, never as wrong digits.
    assert.equal(cellText(Number('1251954312772812801')), '1.25195431277281e+18');
    assert.equal(cellText(new Date('2020-04-19T20:22:23Z')), '2020-04-19T20:22:23.000Z');
    assert.equal(cellText(true), 'TRUE');
  });

  it('gives up its Archive sheet as CSV that reads as the CSV download does, passing the other sheets by', async () => {
    const workbook = path.join(root, 'tags.xlsx');
    await tagsWorkbookOf(FIXTURE, workbook, { asNumbers: ['id_str', 'user_followers_count'] });
    const found = await unpackTagsWorkbook(workbook, path.join(root, 'out'));
    assert.deepEqual(found, { kind: 'a spreadsheet workbook', files: [path.join(root, 'out', 'Archive.csv')] });
    const fromWorkbook = postsOf(parseFile(tags, fs.readFileSync(found!.files[0]!, 'utf8')));
    const fromCsv = postsOf(parseFile(tags, fs.readFileSync(FIXTURE, 'utf8')));
    assert.equal(fromWorkbook.length, 10);
    // Ids typed as numbers lost their last digits; each is taken from its row's status_url, as from a re-saved CSV.
    assert.deepEqual(fromWorkbook, fromCsv);

    // A user id typed as a number past 2^53 cannot be told again: no id rather than a wrong one; smaller ones stay exact.
    const userIds = path.join(root, 'user-ids.xlsx');
    await tagsWorkbookOf(FIXTURE, userIds, { asNumbers: ['from_user_id_str'] });
    const again = await unpackTagsWorkbook(userIds, path.join(root, 'user-ids'));
    const authors = postsOf(parseFile(tags, fs.readFileSync(again!.files[0]!, 'utf8'))).map((post) => post.author.sourceUserId);
    const exact = fromCsv.map((post) => (Number.isSafeInteger(Number(post.author.sourceUserId)) ? post.author.sourceUserId : null));
    assert.deepEqual(authors, exact);
    assert.deepEqual([exact.filter((id) => id === null).length, exact.filter((id) => id !== null).length], [6, 4]);
  });

  it('reads a workbook whose sheets come before its workbook.xml, and keeps no shared strings behind', async () => {
    const workbook = path.join(root, 'workbook-last.xlsx');
    await tagsWorkbookOf(FIXTURE, workbook, { order: 'workbook-last' });
    const found = await unpackTagsWorkbook(workbook, path.join(root, 'workbook-last'));
    assert.deepEqual(found, { kind: 'a spreadsheet workbook', files: [path.join(root, 'workbook-last', 'Archive.csv')] });
    assert.deepEqual(fs.readdirSync(path.join(root, 'workbook-last')), ['Archive.csv']);
    assert.equal(postsOf(parseFile(tags, fs.readFileSync(found!.files[0]!, 'utf8'))).length, 10);
  });

  it('is null for a workbook without a TAGS sheet, and for a damaged one', async () => {
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Budget').addRow(['item', 'cost']);
    const budget = path.join(root, 'budget.xlsx');
    await plain.xlsx.writeFile(budget);
    assert.equal(await unpackTagsWorkbook(budget, path.join(root, 'budget')), null);
    const whole = path.join(root, 'whole.xlsx');
    await tagsWorkbookOf(FIXTURE, whole);
    const cut = path.join(root, 'cut.xlsx');
    fs.writeFileSync(cut, fs.readFileSync(whole).subarray(0, 2000));
    assert.equal(await unpackTagsWorkbook(cut, path.join(root, 'cut')), null);
  });
});
