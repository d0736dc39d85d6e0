import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marksOnText } from './postgres-headline.ts';
import { MATCH_CLOSE as C, MATCH_OPEN as O } from './snippet.ts';

describe('PostgreSQL headline marks on the text as written', () => {
  it('puts the marks made on the split text back on the punctuated text, emoji and all', () => {
    assert.equal(marksOnText(`Obama ${O}Biden${C}  real life 🎉`.replace('🎉', ' '), 'Obama/Biden: real-life 🎉'), `Obama/${O}Biden${C}: real-life 🎉`);
  });

  it('returns the text unmarked when the two do not line up', () => {
    assert.equal(marksOnText(`${O}museum${C} extra`, 'museum'), 'museum');
    assert.equal(marksOnText(`${O}museum${C}`, 'museum!'), 'museum!');
  });
});
