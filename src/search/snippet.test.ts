import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { excerptParts, MATCH_CLOSE as C, MATCH_OPEN as O, snippetHtml, snippetParts, snippetText } from './snippet.ts';

describe('snippets', () => {
  it('turns the database markers into escaped HTML with our own <mark>', () => {
    const source = 'museum <script>alert(1)</script> & <mark>x</mark>';
    const marked = `${O}museum${C} <script>alert(1)</script> & <mark>x</mark>`;
    assert.equal(snippetHtml(snippetParts(marked, source)), '<mark>museum</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;mark&gt;x&lt;/mark&gt;');
  });

  it('gives no highlighting at all when the post itself contains a marker', () => {
    const source = `evil ${C}</mark><script> museum`;
    const marked = `evil ${C}</mark><script> ${O}museum${C}`;
    assert.deepEqual(snippetParts(marked, source), [{ text: 'evil </mark><script> museum', match: false }]);
    assert.equal(snippetHtml(snippetParts(marked, source)), 'evil &lt;/mark&gt;&lt;script&gt; museum');
  });

  it('ignores unbalanced markers', () => {
    assert.deepEqual(snippetParts(`a${C}b${O}c${O}d${C}e`, 'abcde'), [
      { text: 'ab', match: false },
      { text: 'cd', match: true },
      { text: 'e', match: false },
    ]);
  });

  it('marks searched hashtags in an excerpt, whole tags only', () => {
    const parts = excerptParts('Join #MuseSocial and #musesocialism, &#musesocial', ['musesocial']);
    assert.equal(snippetText(parts), 'Join [#MuseSocial] and #musesocialism, &#musesocial');
  });

  it('joins the marks of one phrase, as PostgreSQL marks each word', () => {
    assert.equal(snippetText(snippetParts(`A1 ${O}open${C} ${O}access${C}, ${O}don${C}'${O}t${C} and ${O}x${C} y ${O}z${C}`, 'A1 open access, don\'t and x y z')), "A1 [open access], [don't] and [x] y [z]");
  });

  it('cuts long posts to a window around the first match, at word boundaries', () => {
    const text = `${'before '.repeat(60)}${O}needle${C}${' after'.repeat(80)}`;
    const parts = snippetParts(text, text.replaceAll(O, '').replaceAll(C, ''));
    const shown = snippetText(parts);
    assert.ok(shown.startsWith('… before'), shown.slice(0, 20));
    assert.ok(shown.endsWith('after …'));
    assert.ok(shown.includes('[needle]'));
    assert.ok(shown.length < 320);
  });

  it('marks searched hashtags next to word matches', () => {
    assert.equal(snippetText(snippetParts(`${O}museum${C} day #MuseSocial`, 'museum day #MuseSocial', ['musesocial'])), '[museum] day [#MuseSocial]');
  });

  it('shortens long excerpts from their start', () => {
    const [part, ellipsis] = excerptParts('word '.repeat(100), []);
    assert.ok(part!.text.startsWith('word') && part!.text.length <= 300);
    assert.equal(ellipsis!.text, ' …');
  });

  it('never splits an emoji at the window edge', () => {
    const text = '😀'.repeat(400);
    const shown = snippetText(excerptParts(text, []));
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(shown) && !/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(shown));
  });
});
