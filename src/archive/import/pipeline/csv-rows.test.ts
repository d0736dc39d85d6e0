import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvPieces } from './csv-rows.ts';
import { MAX_CSV_RECORD_CHARS } from './limits.ts';
import { tags } from '../formats/tags.ts';

const HEADER = 'id_str,from_user,text,created_at,status_url';
const row = (id: number, text: string) => `${id},dana,${text},Tue May 07 19:02:11 +0000 2024,http://twitter.com/dana/statuses/${id}`;

async function readAll(content: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-csv-rows-'));
  try {
    fs.writeFileSync(path.join(dir, 'sheet.csv'), content);
    const pieces = [];
    for await (const piece of csvPieces(tags, path.join(dir, 'sheet.csv'))) pieces.push(piece);
    return { posts: pieces.flatMap((p) => p.posts?.sourceId ?? []), rejects: pieces.flatMap((p) => p.rejects), records: pieces.reduce((n, p) => n + p.records, 0) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('CSV rows', () => {
  it('reads rows in pieces, each row a record', async () => {
    const { posts, rejects, records } = await readAll([HEADER, row(1, 'one'), row(2, '"two, with a comma"'), row(3, 'three')].join('\n'));
    assert.deepEqual(posts, ['1', '2', '3']);
    assert.deepEqual([rejects, records], [[], 3]);
  });

  it('rejects a record that a quote left open would make of the rest of the file, naming its line, instead of holding it', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => row(100 + i, `filler ${'x'.repeat(2500)}`));
    const { posts, rejects } = await readAll([HEADER, row(1, 'fine'), row(2, '"an open quote'), ...filler].join('\n'));
    assert.ok(filler.join('\n').length > MAX_CSV_RECORD_CHARS, 'the open quote would run past the limit');
    assert.deepEqual(posts.slice(0, 1), ['1']);
    assert.equal(rejects.length, 1);
    assert.match(rejects[0]!.reason, /^unreadable CSV row: row 2 runs on past 4 MB, to line \d+ \(a quote left open\?\); the rows it swallowed are not read$/);
    assert.ok(rejects[0]!.line > 3, `line ${rejects[0]!.line}`);
  });
});
