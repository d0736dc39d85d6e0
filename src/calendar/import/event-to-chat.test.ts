import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashtagsIn, place, plainTextToMarkdown } from './event-to-chat.ts';

describe('hashtagsIn', () => {
  it('finds hashtags in order, once each, and leaves numbers, URLs and entities alone', () => {
    assert.deepEqual(hashtagsIn('#MuseSocial chat with #edchat, then #musesocial again'), ['MuseSocial', 'edchat']);
    assert.deepEqual(hashtagsIn("Person #2's birthday, see https://example.org/page#section and &#39; or ##double"), []);
    assert.deepEqual(hashtagsIn('Café #téléphone_2 (#日本)'), ['téléphone_2', '日本']);
  });
});

describe('place', () => {
  it('splits "Name (address)" as Meetup writes it', () => {
    assert.deepEqual(place('Open Source Project Tempe (1415 E University Dr. #103A, Tempe, AZ 85281)'), {
      venue: { name: 'Open Source Project Tempe', address: '1415 E University Dr. #103A, Tempe, AZ 85281' },
      joinUrl: null,
    });
    assert.deepEqual(place('Stockholm, Sweden'), { venue: { name: 'Stockholm, Sweden', address: null }, joinUrl: null });
  });

  it('treats links and meeting services as online', () => {
    assert.deepEqual(place('https://bluejeans.com/7999979999'), { venue: null, joinUrl: 'https://bluejeans.com/7999979999' });
    assert.deepEqual(place('Microsoft Teams Meeting'), { venue: null, joinUrl: null });
    assert.deepEqual(place('  '), { venue: null, joinUrl: null });
  });
});

describe('plainTextToMarkdown', () => {
  it('keeps line breaks as hard breaks and paragraphs as paragraphs', () => {
    assert.equal(plainTextToMarkdown('Line one\nLine two\n\n\nNext paragraph  \r\n'), 'Line one  \nLine two\n\nNext paragraph');
  });
});
