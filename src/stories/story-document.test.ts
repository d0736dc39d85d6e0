import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import { applyOp, putBackHidden, setAsideHidden, type DocSection } from './story-document.ts';

const post = (id: number, postId = id * 10) => ({ id, kind: 'post' as const, postId, text: '' });
const text = (id: number, words: string) => ({ id, kind: 'text' as const, postId: null, text: words });
const doc = (): DocSection[] => [
  { id: 1, heading: 'Q1', items: [post(11), post(12), text(13, 'note')] },
  { id: 2, heading: 'Q2', items: [post(21)] },
  { id: 3, heading: 'Other', items: [] },
];
const shape = (sections: DocSection[]) => sections.map((s) => `${s.heading}:${s.items.map((i) => i.id ?? 'new').join(',')}`);
const refuses = (fn: () => unknown, field: string) => assert.throws(fn, (e: unknown) => e instanceof AppError && e.field === field);

describe('story editing steps', () => {
  it('moves items within a section and across section edges, like dragging', () => {
    assert.deepEqual(shape(applyOp(doc(), { op: 'move-item', item: 11, direction: 'down' })), ['Q1:12,11,13', 'Q2:21', 'Other:']);
    assert.deepEqual(shape(applyOp(doc(), { op: 'move-item', item: 13, direction: 'down' })), ['Q1:11,12', 'Q2:13,21', 'Other:'], 'into the start of the next section');
    assert.deepEqual(shape(applyOp(doc(), { op: 'move-item', item: 21, direction: 'up' })), ['Q1:11,12,13,21', 'Q2:', 'Other:'], 'into the end of the previous section');
    assert.deepEqual(shape(applyOp(doc(), { op: 'move-item', item: 21, direction: 'down' })), ['Q1:11,12,13', 'Q2:', 'Other:21'], 'into an empty section');
    assert.deepEqual(shape(applyOp(doc(), { op: 'move-item', item: 11, direction: 'up' })), shape(doc()), 'the very first item stays');
  });

  it('moves, renames, adds and removes sections', () => {
    assert.deepEqual(shape(applyOp(doc(), { op: 'move-section', section: 2, direction: 'up' })), ['Q2:21', 'Q1:11,12,13', 'Other:']);
    assert.deepEqual(shape(applyOp(doc(), { op: 'move-section', section: 3, direction: 'down' })), shape(doc()), 'the last section stays');
    assert.deepEqual(shape(applyOp(doc(), { op: 'remove-section', section: 1 })), ['Q2:21', 'Other:']);
    assert.deepEqual(shape(applyOp(doc(), { op: 'add-section', heading: '  Links  ' })).at(-1), 'Links:');
    assert.equal(applyOp(doc(), { op: 'rename-section', section: 2, heading: 'Second' })[1]!.heading, 'Second');
    refuses(() => applyOp(doc(), { op: 'add-section', heading: '   ' }), 'heading');
    refuses(() => applyOp(doc(), { op: 'move-section', section: 99, direction: 'up' }), 'section');
  });

  it('adds posts once and text anywhere, edits only text, removes items', () => {
    const added = applyOp(doc(), { op: 'add-post', section: 3, post: 777 });
    assert.deepEqual(added[2]!.items, [{ id: null, kind: 'post', postId: 777, text: '' }]);
    refuses(() => applyOp(doc(), { op: 'add-post', section: 3, post: 110 }), 'post');
    assert.equal(applyOp(doc(), { op: 'add-text', section: 2, text: ' *Hi* ' })[1]!.items[1]!.text, '*Hi*');
    assert.equal(applyOp(doc(), { op: 'edit-text', item: 13, text: 'changed' })[0]!.items[2]!.text, 'changed');
    refuses(() => applyOp(doc(), { op: 'edit-text', item: 11, text: 'x' }), 'item');
    refuses(() => applyOp(doc(), { op: 'add-text', section: 1, text: '' }), 'text');
    assert.deepEqual(shape(applyOp(doc(), { op: 'remove-item', item: 12 })), ['Q1:11,13', 'Q2:21', 'Other:']);
    refuses(() => applyOp(doc(), { op: 'remove-item', item: 5 }), 'item');
  });

  it('sets items of hidden posts aside so a step neither moves nor drops them, then puts them back', () => {
    const hidden = (postId: number) => postId === 120; // item 12
    const { visible, aside } = setAsideHidden(doc(), hidden);
    assert.deepEqual(shape(visible), ['Q1:11,13', 'Q2:21', 'Other:']);
    // Down on 11 passes the (invisible) 12 in one step, as the curator expects.
    const moved = putBackHidden(applyOp(visible, { op: 'move-item', item: 11, direction: 'down' }), aside);
    assert.deepEqual(shape(moved), ['Q1:13,11,12', 'Q2:21', 'Other:']);
    const removed = putBackHidden(applyOp(visible, { op: 'remove-section', section: 1 }), aside);
    assert.deepEqual(shape(removed), ['Q2:21', 'Other:'], 'gone with its section');
  });

  it('never changes the document it was given', () => {
    const original = doc();
    applyOp(original, { op: 'move-item', item: 13, direction: 'down' });
    applyOp(original, { op: 'remove-section', section: 1 });
    assert.deepEqual(shape(original), shape(doc()));
  });
});
