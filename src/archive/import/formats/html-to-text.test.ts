import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText } from './html-to-text.ts';

describe('htmlToText', () => {
  it('turns paragraphs into blank lines and <br> into line breaks, collapsing source whitespace', () => {
    assert.deepEqual(htmlToText('<p>Q1   what is\n your <b>favourite</b>\tobject?<br />Answer with A1</p><p>#musesocial</p>'), {
      text: 'Q1 what is your favourite object?\nAnswer with A1\n\n#musesocial',
      links: [],
    });
  });

  it('shows a link by its whole address, and a differing label next to it', () => {
    const html = '<p><a href="https://museum.example/a?b=1&amp;c=2"><span class="invisible">https://</span><span class="ellipsis">museum.example/a</span><span class="invisible">?b=1&amp;c=2</span></a> and <a href="https://museum.example/b">our page</a></p>';
    assert.deepEqual(htmlToText(html), {
      text: 'https://museum.example/a?b=1&c=2 and our page (https://museum.example/b)',
      links: ['https://museum.example/a?b=1&c=2', 'https://museum.example/b'],
    });
  });

  it('keeps #tags and @mentions as written and does not count them as links', () => {
    const html = '<p><a href="https://glam.social/tags/MuseSocial" class="mention hashtag" rel="tag">#<span>MuseSocial</span></a> <span class="h-card"><a href="https://glam.social/@sam" class="u-url mention">@<span>sam</span></a></span></p>';
    assert.deepEqual(htmlToText(html), { text: '#MuseSocial @sam', links: [] });
  });

  it('drops scripts and styles and never returns markup', () => {
    const { text, links } = htmlToText('<p>hi<script>alert(1)</script><style>p{}</style> <img src=x onerror=alert(1)>there &lt;b&gt;</p><a href="javascript:alert(1)">click</a>');
    assert.equal(text, 'hi there <b>\n\nclick');
    assert.deepEqual(links, []);
  });

  it('keeps list items and preformatted text on their own lines', () => {
    assert.equal(htmlToText('<p>Tips:</p><ul><li>one</li><li>two</li></ul><pre>a  b\n c</pre>').text, 'Tips:\n\none\ntwo\n\na  b\n c');
  });

  it('returns plain text as it is', () => {
    assert.deepEqual(htmlToText('  plain words  '), { text: 'plain words', links: [] });
  });
});
