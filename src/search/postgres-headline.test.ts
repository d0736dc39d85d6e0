import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keepMatchingMarks, marksOnText } from './postgres-headline.ts';
import { MATCH_CLOSE as C, MATCH_OPEN as O } from './snippet.ts';

describe('PostgreSQL headline marks on the text as written', () => {
  it('puts the marks made on the split text back on the punctuated text, emoji and all', () => {
    assert.equal(marksOnText(`Obama ${O}Biden${C}  real life 🎉`.replace('🎉', ' '), 'Obama/Biden: real-life 🎉'), `Obama/${O}Biden${C}: real-life 🎉`);
  });

  it('returns the text unmarked when the two do not line up', () => {
    assert.equal(marksOnText(`${O}museum${C} extra`, 'museum'), 'museum');
    assert.equal(marksOnText(`${O}museum${C}`, 'museum!'), 'museum!');
  });

  it('keeps a phrase’s marks only where the phrase is, and every mark of a single word', () => {
    const term = (text: string, more: { phrase?: boolean; prefix?: boolean } = {}) => ({ text, phrase: more.phrase ?? false, prefix: more.prefix ?? false });
    const marked = `leaders ${O}in${C} industry, ${O}in${C} R. Register for ${O}in${C}-${O}person${C} events, ${O}person${C} ${O}in${C} charge`;
    assert.equal(keepMatchingMarks(marked, [term('in-person')]), `leaders in industry, in R. Register for ${O}in${C}-${O}person${C} events, person in charge`);
    assert.equal(keepMatchingMarks(marked, [term('in-person'), term('industry')]), `leaders in industry, in R. Register for ${O}in${C}-${O}person${C} events, person in charge`, 'an unmarked word stays unmarked');
    assert.equal(keepMatchingMarks(`${O}Museum${C} and ${O}museums${C}`, [term('open access', { phrase: true }), term('muse', { prefix: true })]), `${O}Museum${C} and ${O}museums${C}`);
    assert.equal(keepMatchingMarks(`I ${O}don${C}’${O}t${C} know, ${O}t${C}`, [term("don't")]), `I ${O}don${C}’${O}t${C} know, t`);
    assert.equal(keepMatchingMarks(marked, [term('in')]), marked, 'no phrase: as marked');
  });
});
