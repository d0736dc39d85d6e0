import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashtagHref, linkAttributes, textPieces, type TextPiece } from './text-pieces.ts';

/** The pieces as short strings: plain text as is, links as [text→href], hashtags as {tag}. */
function shape(pieces: TextPiece[]): string[] {
  return pieces.map((p) => (p.kind === 'text' ? p.text : p.kind === 'link' ? `[${p.text}→${p.href}]` : `{${p.tag}}`));
}

describe('textPieces', () => {
  it('links web addresses and leaves the punctuation after them as text', () => {
    assert.deepEqual(shape(textPieces('The Weatherman is Not a Moron: http://nyti.ms/OW7n5p. An excerpt (http://amzn.to/Qg2SEu)')), [
      'The Weatherman is Not a Moron: ',
      '[http://nyti.ms/OW7n5p→http://nyti.ms/OW7n5p]',
      '. An excerpt (',
      '[http://amzn.to/Qg2SEu→http://amzn.to/Qg2SEu]',
      ')',
    ]);
  });

  it('links www. addresses to http, but not bare words that end like a domain', () => {
    assert.deepEqual(shape(textPieces('see www.museum.org, readme.md and Node.js')), ['see ', '[www.museum.org→http://www.museum.org/]', ', readme.md and Node.js']);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'mailto:kim@museum.org', 'ftp://files.example.org/a', '//evil.example/x', 'data:text/html,<b>x</b>']) {
      assert.deepEqual(
        textPieces(text).filter((p) => p.kind === 'link'),
        [],
        text,
      );
    }
  });

  it('ends an address where markup would begin, so no quote or angle bracket reaches an href', () => {
    for (const text of ['https://example.org/"><script>alert(1)</script>', 'http://x.org/<img src=x onerror=alert(1)>', "https://example.org/a'b"]) {
      const links = textPieces(text).filter((p) => p.kind === 'link');
      assert.equal(links.length, 1, text);
      assert.doesNotMatch(links[0]!.href, /["<>]/, text);
    }
  });

  it('finds hashtags by the rule the archive indexes them by, not inside addresses', () => {
    assert.deepEqual(shape(textPieces('A1: #MuseumWeek ideas at https://example.org/page#section and #a1 c#sharp #2026')), [
      'A1: ',
      '{MuseumWeek}',
      ' ideas at ',
      '[https://example.org/page#section→https://example.org/page#section]',
      ' and ',
      '{a1}',
      ' c#sharp #2026',
    ]);
  });

  it('gives back the text unchanged when it has nothing to follow, the empty text too', () => {
    assert.deepEqual(textPieces('plain words'), [{ kind: 'text', text: 'plain words' }]);
    assert.deepEqual(textPieces(''), [{ kind: 'text', text: '' }]);
  });

  it('keeps every character: the pieces join to the original text', () => {
    const text = '@kim https://t.co/abc… #edchat\nwww.x.org/ünïcode #Café!';
    assert.equal(
      textPieces(text)
        .map((p) => p.text)
        .join(''),
      text,
    );
  });
});

describe('hashtagHref', () => {
  it('searches the archive for the tag', () => {
    assert.equal(hashtagHref('MuseumWeek'), '/search?q=%23MuseumWeek');
  });
});

describe('linkAttributes', () => {
  it('marks addresses as not vouched for, and leads hashtags to the search, absolute when a base is given', () => {
    const [link, , tag] = textPieces('https://example.org/a #MuseumWeek') as Array<Exclude<TextPiece, { kind: 'text' }>>;
    assert.deepEqual(linkAttributes(link!), { href: 'https://example.org/a', rel: 'nofollow ugc noopener' });
    assert.deepEqual(linkAttributes(tag!, 'https://chats.example.org'), { class: 'post-hashtag', href: 'https://chats.example.org/search?q=%23MuseumWeek' });
  });
});
