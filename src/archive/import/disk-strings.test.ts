import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskStrings } from './disk-strings.ts';

describe('strings kept on disk', () => {
  it('gives each string back by index, across flushes, multibyte text whole', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-disk-strings-'));
    try {
      const strings = DiskStrings.create(path.join(dir, 'strings'));
      const texts = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `Museo ☕ número ${i} ` : `tweet ${i} `).repeat((i % 50) + 1));
      texts.push('', 'x'.repeat(200_000));
      for (const text of texts) strings.add(text);
      assert.equal(strings.size, texts.length);
      for (const i of [0, 1, 2, 999, 2500, 4999, 5000, 5001]) assert.equal(strings.get(i), texts[i]);
      assert.equal(strings.get(texts.length), null);
      assert.equal(strings.get(-1), null);
      strings.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
