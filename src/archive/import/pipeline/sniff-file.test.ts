import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sniffFile } from './sniff-file.ts';
import { HEAD_BYTES } from './limits.ts';

describe('refusing files no format can be', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-sniff-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sniff = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return sniffFile(p, name);
  };

  it('says why, in words that say what to do', async () => {
    await assert.rejects(sniff('empty.json', ''), /empty\.json: the file is empty/);
    await assert.rejects(sniff('blank.json', ' \n\t\n'), /only blank space/);
    await assert.rejects(sniff('t.jsonl.gz', zlib.gzipSync('{"a":1}\n')), /gzip-compressed and cannot be decompressed \(cut short or damaged\)/);
    await assert.rejects(sniff('archive.zip', Buffer.from('504b0304140000000800', 'hex')), /ZIP archive or workbook that holds no X archive \(data\/tweets\.js\), Mastodon archive \(outbox\.json\) or TAGS sheet \(a sheet whose first row names id_str, from_user, text and created_at\), or cannot be read: unzip it and import the files inside, or save the sheet as CSV/);
    await assert.rejects(sniff('utf16.json', Buffer.from('\ufeff[{"a":1}]', 'utf16le')), /binary, not text/);
    await assert.rejects(sniff('latin1.csv', Buffer.from([0x69, 0x64, 0x0a, 0xe9, 0x74, 0xe9, 0x0a])), /binary, not text/);
    await assert.rejects(sniffFile(path.join(dir, 'missing.json'), 'missing.json'), /missing\.json: no such file/);
    fs.mkdirSync(path.join(dir, 'data'));
    await assert.rejects(sniffFile(path.join(dir, 'data'), 'data'), /data: it is a folder, not a file: name the files in it \(for an X archive, data\/tweets\.js/);
  });

  it('accepts UTF-8 text, even when the head ends inside a character', async () => {
    // "é" is two bytes: put its first byte last in the head.
    const content = Buffer.concat([Buffer.from('a'.repeat(HEAD_BYTES - 1)), Buffer.from('é and more', 'utf8')]);
    const head = await sniff('cut.jsonl', content);
    assert.equal(head.size, content.length);
    assert.equal(head.head.length, HEAD_BYTES);
  });
});
