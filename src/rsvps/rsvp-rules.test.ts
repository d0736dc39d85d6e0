import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  attendanceOf,
  cancelOutcome,
  checkAnswer,
  checkResponse,
  decisionOutcome,
  onlineOutcome,
  placeRequestOutcome,
  placesLeft,
  promotionCount,
  type PlaceState,
} from './rsvp-rules.ts';

const firstCome = (capacity: number | null, taken: number): PlaceState => ({ capacity, taken, mode: 'first_come', question: null, open: true });
const application = (capacity: number | null, taken: number): PlaceState => ({ ...firstCome(capacity, taken), mode: 'application' });

describe('RSVP rules', () => {
  it('lets each kind of chat take its own answers', () => {
    assert.doesNotThrow(() => checkResponse('online', 'going'));
    assert.throws(() => checkResponse('online', 'place'), /response: this chat is online only/);
    assert.throws(() => checkResponse('in_person', 'interested'), /response: this chat happens in person only/);
    for (const response of ['going', 'interested', 'place'] as const) assert.doesNotThrow(() => checkResponse('hybrid', response));
  });

  it('gives first-come places while they last, then the waitlist', () => {
    assert.equal(placeRequestOutcome(null, firstCome(2, 1)), 'confirmed');
    assert.equal(placeRequestOutcome(null, firstCome(2, 2)), 'waitlisted');
    assert.equal(placeRequestOutcome('cancelled', firstCome(2, 2)), 'waitlisted', 'coming back after cancelling joins the end of the line');
    assert.equal(placeRequestOutcome('going', firstCome(null, 500)), 'confirmed', 'no capacity, no limit');
    assert.equal(placeRequestOutcome(null, firstCome(2, 5)), 'waitlisted', 'more taken than the lowered capacity');
  });

  it('turns requests into applications in application mode, whatever is left', () => {
    assert.equal(placeRequestOutcome(null, application(10, 0)), 'applied');
    assert.equal(placeRequestOutcome(null, application(1, 1)), 'applied');
  });

  it('changes nothing for a second request, and refuses closed or declined ones', () => {
    for (const status of ['confirmed', 'accepted', 'waitlisted', 'applied'] as const) assert.equal(placeRequestOutcome(status, firstCome(1, 1)), null, status);
    assert.throws(() => placeRequestOutcome(null, { ...firstCome(5, 0), open: false }), /response: requests for places are closed/);
    assert.throws(() => placeRequestOutcome('declined', firstCome(5, 0)), /response: the organizers declined/);
  });

  it('requires an answer only when the organizers ask a question', () => {
    assert.equal(checkAnswer('  ', null), null);
    assert.equal(checkAnswer(' The Met ', 'Where do you work?'), 'The Met');
    assert.throws(() => checkAnswer('', 'Where do you work?'), /answer: please answer the organizers’ question: Where do you work\?/);
    assert.throws(() => checkAnswer('x'.repeat(2001), null), /answer: must be at most 2000 characters/);
  });

  it('switches online answers, keeps declined requests, and cancels only what is live', () => {
    assert.equal(onlineOutcome(null, 'going'), 'going');
    assert.equal(onlineOutcome('going', 'going'), null);
    assert.equal(onlineOutcome('confirmed', 'interested'), 'interested');
    assert.throws(() => onlineOutcome('declined', 'going'), /declined/);
    assert.equal(cancelOutcome('waitlisted'), 'cancelled');
    assert.equal(cancelOutcome('cancelled'), null);
    assert.equal(cancelOutcome('declined'), null);
    assert.equal(cancelOutcome(null), null);
  });

  it('lets organizers accept only while places are left', () => {
    assert.equal(decisionOutcome('applied', 'accept', application(2, 1)), 'accepted');
    assert.throws(() => decisionOutcome('applied', 'accept', application(2, 2)), /decision: no places left \(2 of 2 taken\)/);
    assert.equal(decisionOutcome('confirmed', 'accept', application(2, 2)), 'confirmed', 'already holding: nothing to do');
    assert.equal(decisionOutcome('applied', 'waitlist', application(2, 2)), 'waitlisted');
    assert.equal(decisionOutcome('applied', 'decline', application(2, 2)), 'declined');
    assert.equal(decisionOutcome('accepted', 'decline', application(2, 2)), 'declined');
    assert.throws(() => decisionOutcome('accepted', 'waitlist', application(2, 2)), /decision: this member already has a place/);
    assert.throws(() => decisionOutcome('going', 'accept', application(2, 0)), /decision: this member has not asked for a place/);
    assert.throws(() => decisionOutcome(null, 'accept', application(2, 0)), /has not asked/);
  });

  it('promotes the waitlist by itself only in first-come mode, never past the capacity', () => {
    assert.equal(promotionCount(firstCome(3, 2), 5), 1);
    assert.equal(promotionCount(firstCome(3, 3), 5), 0);
    assert.equal(promotionCount(firstCome(3, 4), 5), 0, 'over capacity after lowering it');
    assert.equal(promotionCount(firstCome(null, 4), 5), 5);
    assert.equal(promotionCount(application(3, 0), 5), 0);
  });

  it('counts places left without going negative, and tells in-person from online', () => {
    assert.equal(placesLeft({ capacity: 10, taken: 3 }), 7);
    assert.equal(placesLeft({ capacity: 2, taken: 3 }), 0);
    assert.equal(placesLeft({ capacity: null, taken: 3 }), null);
    assert.equal(attendanceOf('interested'), 'online');
    assert.equal(attendanceOf('waitlisted'), 'in_person');
    assert.equal(attendanceOf('cancelled'), null);
  });
});
