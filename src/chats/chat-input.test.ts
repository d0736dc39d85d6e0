import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { localToInstant, normalizeHashtags, normalizeHostHandle, parseInstant, slugify, validateTimeZone } from './chat-input.ts';

describe('chat input', () => {
  it('normalizes hashtags, keeping the display form and dropping duplicates', () => {
    assert.deepEqual(normalizeHashtags(['#MuseSocial', 'musesocial', 'édchat']), [
      { tag: 'musesocial', display: 'MuseSocial' },
      { tag: 'édchat', display: 'édchat' },
    ]);
    assert.throws(() => normalizeHashtags(['ok', 'not a tag']), /hashtags\[1\]: "not a tag" is not a hashtag/);
  });

  it('accepts IANA zones in their canonical spelling only', () => {
    assert.equal(validateTimeZone('america/new_york'), 'America/New_York');
    assert.throws(() => validateTimeZone('EST5EDT-ish'), /timeZone: "EST5EDT-ish" is not an IANA time zone/);
  });

  it('requires an offset on instants', () => {
    assert.equal(parseInstant('2026-03-03T15:00:00-05:00', 'startsAt'), Date.UTC(2026, 2, 3, 20));
    assert.throws(() => parseInstant('2026-03-03T15:00:00', 'startsAt'), /startsAt: must include a UTC offset/);
    assert.throws(() => parseInstant('tuesday', 'startsAt'), /startsAt: must be an ISO 8601/);
  });

  it('turns wall-clock times into instants across DST changes', () => {
    // New York springs forward on 8 March 2026, London on 29 March 2026:
    // for three weeks the two are four hours apart instead of five.
    assert.equal(localToInstant('2026-03-03T15:00', 'America/New_York', 'startsAt'), Date.UTC(2026, 2, 3, 20));
    assert.equal(localToInstant('2026-03-10T15:00', 'America/New_York', 'startsAt'), Date.UTC(2026, 2, 10, 19));
    assert.equal(localToInstant('2026-03-10T15:00', 'Europe/London', 'startsAt'), Date.UTC(2026, 2, 10, 15));
    assert.equal(localToInstant('2026-03-31T15:00', 'Europe/London', 'startsAt'), Date.UTC(2026, 2, 31, 14));
  });

  it('makes slugs from the title and the organizer’s local date', () => {
    // 11 pm in New York is already the next day in UTC: the slug uses the organizer's date.
    assert.equal(slugify('What’s the point of social media?', Date.UTC(2026, 2, 4, 4), 'America/New_York'), 'what-s-the-point-of-social-media-2026-03-03');
    assert.equal(slugify('Musée & café', Date.UTC(2026, 0, 1, 12), 'UTC'), 'musee-cafe-2026-01-01');
  });

  it('tells local handles from other networks', () => {
    assert.deepEqual(normalizeHostHandle('@Dana', 0), { handle: 'dana', localCandidate: 'dana' });
    assert.deepEqual(normalizeHostHandle('@sam@Museum.Social', 0), { handle: '@sam@museum.social', localCandidate: null });
    assert.throws(() => normalizeHostHandle('two words', 2), /hosts\[2\]/);
  });
});
