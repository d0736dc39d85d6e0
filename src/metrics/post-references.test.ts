import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractHashtags } from '../posts/post-text.ts';
import { hashtagsIn, mentionedHandles, sharedLinks } from './post-references.ts';

describe('mentionedHandles', () => {
  it('reads Twitter, Bluesky and Mastodon handles, once each, lower-cased', () => {
    assert.deepEqual(mentionedHandles('@Dana and @dana, hi @sam.bsky.social and @kim@museum.social.'), ['dana', 'sam.bsky.social', 'kim@museum.social']);
  });
  it('ignores e-mail addresses, URLs and a lone @', () => {
    assert.deepEqual(mentionedHandles('mail me@example.org or see https://x.com/@someone @ noon'), []);
  });
  it('takes a mention at the very start, after punctuation, and before a colon', () => {
    assert.deepEqual(mentionedHandles('RT @ana: yes (@ben) “@cat”'), ['ana', 'ben', 'cat']);
  });
  it('reads the “.@handle” that makes a reply public', () => {
    assert.deepEqual(mentionedHandles('.@ericmbudd is sitting at the table'), ['ericmbudd']);
  });
});

describe('sharedLinks', () => {
  it('strips sentence punctuation and keeps a balanced bracket', () => {
    assert.deepEqual(
      sharedLinks('See https://example.org/a. And (https://en.wikipedia.org/wiki/Museum_(disambiguation)), ok?'),
      [
        { url: 'https://example.org/a', domain: 'example.org' },
        { url: 'https://en.wikipedia.org/wiki/Museum_(disambiguation)', domain: 'en.wikipedia.org' },
      ],
    );
  });
  it('drops www., lists a link once, and skips what is not a URL', () => {
    assert.deepEqual(sharedLinks('https://WWW.Museum.org/x https://www.museum.org/x http://'), [{ url: 'https://www.museum.org/x', domain: 'museum.org' }]);
  });
});

describe('hashtagsIn', () => {
  it('agrees with extractHashtags (the rule posts are stored with)', () => {
    const samples = [
      '#MuseChat tonight #museums #A1 #1 #_x &#39; a#b /#c ##dup #ünïcødé #日本語 #𝒳tag #tag, #tag! (#paren) #a_1 #2024goals',
      '', 'no tags', '#', 'x #', '#tag#tag2', 'https://example.org/#anchor', '🎉#party', '#café.', 'A1: #Evaluation and #evaluation',
    ];
    for (const text of samples) assert.deepEqual(hashtagsIn(text), extractHashtags(text), text);
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('#', 'a', 'B', '1', '_', ' ', '&', '/', 'é', '日', '𝒳', '@', '.', '-') }), (text) => {
      assert.deepEqual(hashtagsIn(text), extractHashtags(text));
    }), { numRuns: 2000 });
  });
});
