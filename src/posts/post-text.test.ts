import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answeredQuestion, extractHashtags, withHashtags } from './post-text.ts';

describe('answeredQuestion', () => {
  // Styles seen in real chat transcripts.
  const cases: Array<[string, number | null]> = [
    ['A1 Answering visitor questions', 1],
    ['A1: yes', 1],
    ['A1 - it depends', 1],
    ['a1) lowercase with paren', 1],
    ['A12. twelve', 12],
    ['A1.2 a sub-answer to Q1', 1],
    ['@sam A3 replying with a mention first', 3],
    ['  A2—em dash', 2],
    ['A1', 1],
    ['Another point, not an answer', null],
    ['Asking about A1 in the middle', null],
    ['A1B is a vitamin, not an answer', null],
    ['AA1 typo', null],
    ['A0 there is no question zero', null],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(answeredQuestion(text), expected));
  }
});

describe('extractHashtags', () => {
  it('finds tags in order, lower-cased and de-duplicated', () => {
    assert.deepEqual(extractHashtags('Hello #MuseSocial and #edchat! again #musesocial'), ['musesocial', 'edchat']);
  });
  it('handles non-Latin tags and ignores URL fragments, entities and pure numbers', () => {
    assert.deepEqual(extractHashtags('#musée https://x.org/#anchor &#39; #2024 #Q1'), ['musée', 'q1']);
  });
});

describe('withHashtags', () => {
  it('adds missing chat tags at the end, keeping ones already typed', () => {
    assert.equal(withHashtags('A1 yes', ['musesocial']), 'A1 yes #musesocial');
    assert.equal(withHashtags('A1 yes #MuseSocial', ['musesocial', 'museumEd']), 'A1 yes #MuseSocial #museumEd');
  });
});
