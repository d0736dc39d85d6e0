import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { xArchiveTweetFiles } from './x-archive-folder.ts';

describe('xArchiveTweetFiles', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-x-folder-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const archive = (name: string, files: string[]) => {
    const folder = path.join(root, name);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), 'window.YTD.tweets.part0 = []');
    }
    return folder;
  };

  it("takes an archive's tweet files in order, from its data folder, and nothing else", () => {
    const folder = archive('big', ['data/tweets-part10.js', 'data/tweets-part2.js', 'data/tweets.js', 'data/tweets-part1.js', 'data/deleted-tweets.js', 'data/note-tweet.js', 'data/account.js', 'data/like.js', 'Your archive.html']);
    assert.deepEqual(xArchiveTweetFiles(folder), ['tweets.js', 'tweets-part1.js', 'tweets-part2.js', 'tweets-part10.js'].map((name) => path.join(folder, 'data', name)));
  });

  it('takes the data folder itself, and the older tweet.js', () => {
    const folder = archive('old', ['data/tweet.js', 'data/account.js']);
    assert.deepEqual(xArchiveTweetFiles(path.join(folder, 'data')), [path.join(folder, 'data', 'tweet.js')]);
    assert.deepEqual(xArchiveTweetFiles(folder), [path.join(folder, 'data', 'tweet.js')]);
  });

  it('gives null for a folder without tweets, or one that is not there', () => {
    assert.equal(xArchiveTweetFiles(archive('other', ['notes.txt', 'data/like.js'])), null);
    assert.equal(xArchiveTweetFiles(path.join(root, 'missing')), null);
  });
});
