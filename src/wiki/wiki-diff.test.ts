import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffTexts } from './wiki-diff.ts';

const show = (rows: ReturnType<typeof diffTexts>['rows']) =>
  rows.map((r) => (r.kind === 'skipped' ? `… ${r.count}` : `${{ same: ' ', added: '+', removed: '-' }[r.kind]} ${r.parts.map((p) => (p.changed ? `[${p.text}]` : p.text)).join('')}`));

describe('wiki diff', () => {
  it('shows replaced lines with the changed words marked', () => {
    const diff = diffTexts('Intro\nThe quick brown fox\nEnd', 'Intro\nThe slow brown fox jumps\nEnd');
    assert.deepEqual(show(diff.rows), ['  Intro', '- The [quick] brown fox', '+ The [slow] brown fox[ jumps]', '  End']);
    assert.equal(diff.added, 1);
    assert.equal(diff.removed, 1);
  });

  it('folds long unchanged stretches, keeping two lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    assert.deepEqual(show(diffTexts(before, after).rows), ['… 7', '  line 8', '  line 9', '- line [10]', '+ line [ten]', '  line 11', '  line 12', '… 8']);
  });

  it('reports whole added and removed lines, and no rows for equal texts', () => {
    assert.deepEqual(show(diffTexts('a\nb', 'a\nb\nc\n\nd').rows), ['  a', '  b', '+ c', '+ ', '+ d']);
    assert.deepEqual(show(diffTexts('a\nb\nc', 'a\nc').rows), ['  a', '- b', '  c']);
    assert.deepEqual(diffTexts('same\r\ntext', 'same\ntext\n').rows, [], 'line endings and a final newline are not changes');
  });
});
