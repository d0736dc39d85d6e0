import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipOf } from './testing/zip-of.ts';
import { unpackArchiveZip } from './archive-zip.ts';
import { expandArchives, packedKindOf } from './downloaded-archives.ts';

const SAMPLE = path.join(import.meta.dirname, 'formats/testdata/x-archive-notes/data');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLE, name));

describe('an archive zip', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-zip-test-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = async (name: string, entries: Record<string, Buffer | string>) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, await zipOf(entries));
    return file;
  };

  it('gives up its tweet files, account.js and note-tweet.js, and nothing else', async () => {
    // As X lays out the download: data/ with dozens of files and the media, beside "Your archive.html" and assets/.
    const zip = await write('twitter-2024-05-13.zip', {
      'Your archive.html': '<html></html>',
      'assets/js/main.js': 'console.log(1)',
      'data/account.js': sample('account.js'),
      'data/note-tweet.js': sample('note-tweet.js'),
      'data/tweets.js': sample('tweets.js'),
      'data/tweets-part1.js': 'window.YTD.tweets.part1 = [ ]',
      'data/deleted-tweets.js': 'window.YTD.deleted_tweets.part0 = [ ]',
      'data/direct-messages.js': 'window.YTD.direct_messages.part0 = [ ]',
      'data/tweets_media/1790087118123450001-photo.jpg': Buffer.alloc(1024, 7),
    });
    assert.equal(await packedKindOf(zip), 'zip');
    const into = path.join(root, 'unpacked');
    const found = await unpackArchiveZip(zip, into);
    assert.deepEqual(found, { kind: 'an X archive', files: [path.join(into, 'data', 'tweets.js'), path.join(into, 'data', 'tweets-part1.js')] });
    assert.deepEqual(fs.readdirSync(path.join(into, 'data')).sort(), ['account.js', 'note-tweet.js', 'tweets-part1.js', 'tweets.js']);
    assert.deepEqual(fs.readFileSync(path.join(into, 'data', 'note-tweet.js')), sample('note-tweet.js'));
  });

  it('gives up a Mastodon archive’s outbox.json, and nothing else', async () => {
    // As Mastodon 4.2 and later zip it: outbox.json, actor.json, likes.json, bookmarks.json, the avatar and media_attachments/.
    const outbox = fs.readFileSync(path.join(import.meta.dirname, 'formats/testdata/mastodon-outbox/outbox.json'));
    const zip = await write('archive-20240513120000-0123456789abcdef.zip', {
      'actor.json': '{"type":"Person"}',
      'outbox.json': outbox,
      'likes.json': '{"orderedItems":[]}',
      'avatar.png': Buffer.alloc(64),
      'media_attachments/files/1/original/a.png': Buffer.alloc(64),
    });
    const into = path.join(root, 'mastodon');
    assert.deepEqual(await unpackArchiveZip(zip, into), { kind: 'a Mastodon archive', files: [path.join(into, 'outbox.json')] });
    assert.deepEqual(fs.readFileSync(path.join(into, 'outbox.json')), outbox);
    assert.deepEqual(fs.readdirSync(into).sort(), ['data', 'outbox.json'], 'nothing else of the archive, and no X archive tweets');
    assert.deepEqual(fs.readdirSync(path.join(into, 'data')), []);
    const { files } = await expandArchives([{ path: zip, fileName: 'archive.zip' }], async () => path.join(root, 'mastodon-expanded'));
    assert.deepEqual(files.map((f) => f.fileName), ['archive.zip/outbox.json']);
  });

  it('finds data/ inside the one folder some zips wrap it in', async () => {
    const zip = await write('wrapped.zip', { 'twitter-2024-05-13/data/tweets.js': sample('tweets.js'), 'twitter-2024-05-13/data/account.js': sample('account.js') });
    const into = path.join(root, 'wrapped');
    assert.deepEqual((await unpackArchiveZip(zip, into))?.files, [path.join(into, 'data', 'tweets.js')]);
    assert.ok(fs.existsSync(path.join(into, 'data', 'account.js')));
  });

  it('takes nothing out of a zip that would expand far beyond what tweets do (a zip bomb)', async () => {
    // 4 MB of one repeated byte deflates to a few KB: over 50 times the zip.
    const bomb = await write('bomb.zip', { 'data/tweets.js': Buffer.concat([Buffer.from('window.YTD.tweets.part0 = ['), Buffer.alloc(4 * 1024 * 1024, 0x20), Buffer.from(']')]) });
    assert.ok(fs.statSync(bomb).size < 64 * 1024);
    assert.equal(await unpackArchiveZip(bomb, path.join(root, 'bomb')), null);
    assert.deepEqual(fs.readdirSync(path.join(root, 'bomb', 'data')), []);
  });

  it('is null for a zip without tweets, a broken zip and a file that is no zip; other files pass through', async () => {
    const other = await write('photos.zip', { 'holiday/1.jpg': Buffer.alloc(10) });
    assert.equal(await unpackArchiveZip(other, path.join(root, 'other')), null);
    const broken = path.join(root, 'broken.zip');
    fs.writeFileSync(broken, Buffer.from('504b030414000000', 'hex'));
    assert.equal(await packedKindOf(broken), 'zip');
    assert.equal(await unpackArchiveZip(broken, path.join(root, 'broken')), null);
    const text = path.join(root, 'chat.jsonl');
    fs.writeFileSync(text, '{}\n');
    assert.equal(await packedKindOf(text), null);

    const archive = await write('archive.zip', { 'data/tweets.js': sample('tweets.js') });
    let dirs = 0;
    const { files, expanded } = await expandArchives(
      [{ path: text, fileName: 'chat.jsonl' }, { path: other, fileName: 'photos.zip' }, { path: archive, fileName: 'archive.zip' }],
      async () => path.join(root, `expanded-${++dirs}`),
    );
    assert.deepEqual(files.map((f) => f.fileName), ['chat.jsonl', 'photos.zip', 'archive.zip/data/tweets.js']);
    assert.deepEqual(expanded.map((e) => [e.packed.fileName, e.kind, e.files]), [['archive.zip', 'an X archive', ['data/tweets.js']]]);
  });
});
