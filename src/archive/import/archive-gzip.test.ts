import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { unpackGzip } from './archive-gzip.ts';
import { expandArchives } from './downloaded-archives.ts';
import { writeTarballOf } from './testing/tarball-of.ts';

const TESTDATA = path.join(import.meta.dirname, 'formats/testdata');
const outbox = fs.readFileSync(path.join(TESTDATA, 'mastodon-outbox/outbox.json'));
const tweets = fs.readFileSync(path.join(TESTDATA, 'x-archive-notes/data/tweets.js'));

describe('a gzipped file or tarball', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-gzip-test-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const at = (name: string) => path.join(root, name);

  it("gives up an older Mastodon archive's outbox.json and nothing else of it", async () => {
    // As Mastodon 2.3–4.1 packed "Request your archive": outbox.json, actor.json, likes.json, the media.
    const file = at('archive-20220412093000-5d2f6b8a9c.tar.gz');
    await writeTarballOf(file, {
      'outbox.json': outbox,
      'actor.json': '{"type":"Person"}',
      'likes.json': '{"orderedItems":[]}',
      'avatar.png': Buffer.alloc(512, 1),
      'media_attachments/files/106/original/a.png': Buffer.alloc(4096, 2),
    });
    const into = at('mastodon');
    assert.deepEqual(await unpackGzip(file, path.basename(file), into), { kind: 'a Mastodon archive', files: [path.join(into, 'outbox.json')] });
    assert.deepEqual(fs.readFileSync(path.join(into, 'outbox.json')), outbox);
    assert.deepEqual(fs.readdirSync(into).sort(), ['data', 'outbox.json'], 'nothing else of the archive');
    assert.deepEqual(fs.readdirSync(path.join(into, 'data')), []);
  });

  it('finds an X archive packed with tar czf, inside its one folder', async () => {
    const file = at('twitter-2022.tgz');
    await writeTarballOf(file, { 'twitter-2022/data/tweets.js': tweets, 'twitter-2022/data/direct-messages.js': 'window.YTD.direct_messages.part0 = []', 'twitter-2022/Your archive.html': '<html></html>' });
    const into = at('x');
    assert.deepEqual(await unpackGzip(file, 'twitter-2022.tgz', into), { kind: 'an X archive', files: [path.join(into, 'data', 'tweets.js')] });
    assert.deepEqual(fs.readdirSync(path.join(into, 'data')), ['tweets.js']);
  });

  it('decompresses a gzipped file that is not a tarball, under its name without .gz', async () => {
    const jsonl = '{"id_str":"1"}\n{"id_str":"2"}\n';
    const file = at('tweets.jsonl.gz');
    fs.writeFileSync(file, zlib.gzipSync(jsonl));
    const into = at('plain');
    assert.deepEqual(await unpackGzip(file, 'collections/tweets.jsonl.gz', into), { kind: 'a gzip-compressed file', files: [path.join(into, 'tweets.jsonl')] });
    assert.equal(fs.readFileSync(path.join(into, 'tweets.jsonl'), 'utf8'), jsonl);
  });

  it('stops a tarball or file that expands far beyond what posts do (a gzip bomb)', async () => {
    const bomb = at('bomb.tar.gz');
    await writeTarballOf(bomb, { 'outbox.json': Buffer.concat([Buffer.from('{"orderedItems":['), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from(']}')]) });
    assert.ok(fs.statSync(bomb).size < 64 * 1024);
    assert.equal(await unpackGzip(bomb, 'bomb.tar.gz', at('bomb')), null);
    assert.equal(fs.existsSync(path.join(at('bomb'), 'outbox.json')) && fs.statSync(path.join(at('bomb'), 'outbox.json')).size > 1024 * 1024, false, 'not written out whole');
    const plainBomb = at('bomb.jsonl.gz');
    fs.writeFileSync(plainBomb, zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));
    assert.equal(await unpackGzip(plainBomb, 'bomb.jsonl.gz', at('plain-bomb')), null);
  });

  it('is null for a cut or damaged gzip and for a tarball of neither archive; expandArchives lets those pass', async () => {
    const whole = zlib.gzipSync(Buffer.from('{"a":1}\n'.repeat(20_000)));
    const cut = at('cut.jsonl.gz');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    assert.equal(await unpackGzip(cut, 'cut.jsonl.gz', at('cut')), null);
    const photos = at('photos.tar.gz');
    await writeTarballOf(photos, { 'holiday/1.jpg': Buffer.alloc(100, 3) });
    assert.equal(await unpackGzip(photos, 'photos.tar.gz', at('photos')), null);
    const cutTarball = at('cut.tar.gz');
    await writeTarballOf(cutTarball, { 'outbox.json': outbox, 'media/a.png': fs.readFileSync(process.execPath).subarray(0, 256 * 1024) });
    fs.truncateSync(cutTarball, Math.floor(fs.statSync(cutTarball).size * 0.8));
    assert.equal(await unpackGzip(cutTarball, 'cut.tar.gz', at('cut-tarball')), null);

    const text = at('chat.jsonl');
    fs.writeFileSync(text, '{}\n');
    const archive = at('archive-2021.tar.gz');
    await writeTarballOf(archive, { 'outbox.json': outbox });
    let dirs = 0;
    const { files, expanded } = await expandArchives(
      [{ path: text, fileName: 'chat.jsonl' }, { path: cut, fileName: 'cut.jsonl.gz' }, { path: photos, fileName: 'photos.tar.gz' }, { path: archive, fileName: 'archive-2021.tar.gz' }],
      async () => at(`expanded-${++dirs}`),
    );
    assert.deepEqual(files.map((f) => f.fileName), ['chat.jsonl', 'cut.jsonl.gz', 'photos.tar.gz', 'archive-2021.tar.gz/outbox.json']);
    assert.deepEqual(expanded.map((e) => [e.packed.fileName, e.kind, e.files]), [['archive-2021.tar.gz', 'a Mastodon archive', ['outbox.json']]]);
  });
});
