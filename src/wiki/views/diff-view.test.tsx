import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { diffTexts } from '../wiki-diff.ts';
import { DiffLegend, DiffView } from './diff-view.tsx';

describe('diff view', () => {
  it('marks lines with +/− and spoken labels, not colour alone', () => {
    const html = renderToString(<DiffView diff={diffTexts('keep\nold words', 'keep\nnew words')} label="Changes" />);
    assert.match(html, /<div class="diff-row diff-removed"><span class="diff-marker" aria-hidden="true">−<\/span><del class="diff-text"><span class="visually-hidden">Removed: <\/span><mark class="diff-word">old<\/mark> words<\/del><\/div>/);
    assert.match(html, /<ins class="diff-text"><span class="visually-hidden">Added: <\/span><mark class="diff-word">new<\/mark> words<\/ins>/);
    assert.match(html, /1 line added, 1 line removed/);
    assert.match(renderToString(<DiffLegend />), /added line.*removed line.*words changed within a line/s);
  });

  it('escapes the text it shows', () => {
    const html = renderToString(<DiffView diff={diffTexts('', '<script>alert(1)</script>')} label="Changes" />);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script>alert\(1\)&lt;\/script>/);
  });

  it('says so when nothing changed', () => {
    assert.match(renderToString(<DiffView diff={diffTexts('a', 'a')} label="Changes" />), /The text is the same in both/);
  });
});
