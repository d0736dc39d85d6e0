import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostMatcher, placeInThread, questionMarker, questionText } from './qa-threading.ts';

describe('questions in imported chats', () => {
  it('reads the Qn marker at the start of a post only', () => {
    assert.equal(questionMarker('Q1 What did you learn?'), 1);
    assert.equal(questionMarker('Q1: What did you learn?'), 1);
    assert.equal(questionMarker('  q12) Last one'), 12);
    assert.equal(questionMarker('Q3'), 3);
    assert.equal(questionMarker('Q1b is not a marker'), null);
    assert.equal(questionMarker('Quick question'), null);
    assert.equal(questionMarker('Before Q1 starts'), null);
    assert.equal(questionMarker('Q0 zero'), null);
  });

  it('keeps the question’s words without its marker and trailing hashtags', () => {
    assert.equal(questionText('Q2: What next? #musesocial #edchat'), 'What next?');
    assert.equal(questionText('Q3 #musesocial'), 'Q3 #musesocial');
    assert.equal(questionText('Q4 Why #museums matter to you? #musesocial'), 'Why #museums matter to you?');
  });

  it('recognises hosts listed as local handles, @name and @name@server', () => {
    const isHost = hostMatcher(['dana', '@Sam', '@lee@museum.social']);
    assert.ok(isHost('twitter', 'dana'));
    assert.ok(isHost('twitter', 'sam'));
    assert.ok(isHost('mastodon', 'lee@museum.social'));
    assert.ok(!isHost('mastodon', 'lee@other.social'));
    assert.ok(!isHost('twitter', 'danaa'));
    assert.ok(!hostMatcher([])('twitter', 'dana'));
  });

  it('places posts the way live posting does', () => {
    const post = (kind: 'original' | 'reply' | 'quote' | 'boost', extra: Partial<{ byHost: boolean; questionMarker: number; answerMarker: number }> = {}) => ({
      kind,
      byHost: false,
      questionMarker: 0,
      answerMarker: 0,
      ...extra,
    });
    const question = { questionNumber: 1, answersQuestion: null };
    const answer = { questionNumber: null, answersQuestion: 2 };
    assert.deepEqual(placeInThread(post('original', { byHost: true, questionMarker: 1 }), null, null), { questionNumber: 1, answersQuestion: null });
    // Not a host: a "Q2" is just text.
    assert.deepEqual(placeInThread(post('original', { questionMarker: 2 }), null, null), { questionNumber: null, answersQuestion: null });
    assert.deepEqual(placeInThread(post('original', { answerMarker: 3 }), null, null), { questionNumber: null, answersQuestion: 3 });
    // A reply is under the question it replies to, even when its text says A2.
    assert.deepEqual(placeInThread(post('reply', { answerMarker: 2 }), question, null), { questionNumber: null, answersQuestion: 1 });
    assert.deepEqual(placeInThread(post('reply'), answer, null), { questionNumber: null, answersQuestion: 2 });
    assert.deepEqual(placeInThread(post('reply', { answerMarker: 4 }), null, null), { questionNumber: null, answersQuestion: 4 });
    // A boost of the question itself answers nothing; of an answer, that answer's question; a host's boost is no question.
    assert.deepEqual(placeInThread(post('boost', { byHost: true, questionMarker: 1 }), null, question), { questionNumber: null, answersQuestion: null });
    assert.deepEqual(placeInThread(post('boost'), null, answer), { questionNumber: null, answersQuestion: 2 });
  });
});
