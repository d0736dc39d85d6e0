import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { neutraliseFormula } from './spreadsheet-safety.ts';
import { escapeMarkdown } from './markdown-export.ts';
import { entitiesOf } from './tags-csv-export.ts';
import { terminalProgress } from './export-progress.ts';

describe('export text safety', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+A1', '-2', '@SUM(A1:A2)', '\t=1', '＝1']) assert.equal(neutraliseFormula(text), `'${text}`);
    for (const text of ['A1 answer', '1-2', 'a=b', '', '#tag']) assert.equal(neutraliseFormula(text), text);
  });

  it('escapes Markdown so post text formats nothing', () => {
    assert.equal(escapeMarkdown('*bold* _it_ `code` [a](b) <b> a|b ~s~'), '\\*bold\\* \\_it\\_ \\`code\\` \\[a\\](b) \\<b\\> a\\|b \\~s\\~');
    assert.equal(escapeMarkdown('# h\n- item\n1. one\n> quote'), '\\# h\n\\- item\n1\\. one\n\\> quote');
    assert.equal(escapeMarkdown('AT&amp;T & co'), 'AT\\&amp;T & co');
  });

  it('finds TAGS entities with code point indices', () => {
    const entities = entitiesOf('🎉 @dana loves #MuseSocial https://x.test/a');
    assert.deepEqual(entities.hashtags, [{ text: 'MuseSocial', indices: [14, 25] }]);
    assert.deepEqual(entities.user_mentions, [{ screen_name: 'dana', indices: [2, 7] }]);
    assert.deepEqual(entities.urls[0]!.indices, [26, 42]);
    assert.deepEqual(entitiesOf('#1 and#not').hashtags, [], 'numbers alone and mid-word are not hashtags');
  });

  it('draws progress with rate and ETA on a terminal only', () => {
    let clock = 0;
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const progress = terminalProgress(tty, 'Exporting x', 1000, () => clock);
    clock = 2000;
    progress.update(500);
    assert.match(written.at(-1)!, /Exporting x 50% 500\/1,000 posts · 250\/s · ETA 2 s/);
    progress.done();
    const silent: string[] = [];
    terminalProgress({ isTTY: false, write: (s: string) => silent.push(s) } as unknown as NodeJS.WriteStream, 'x', 10).update(5);
    assert.deepEqual(silent, []);
  });
});
