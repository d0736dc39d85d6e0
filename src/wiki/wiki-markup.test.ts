import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_EMBEDS, parseWikiMarkup, renderWikiMarkup, type WikiSegment } from './wiki-markup.ts';

const render = (source: string, existing: string[] = []) => renderWikiMarkup(parseWikiMarkup(source), (slug) => existing.includes(slug));
const htmlOf = (segments: WikiSegment[]) => segments.map((s) => (s.kind === 'html' ? s.html : `[embed ${s.embed.tag}]`)).join('\n');

describe('wiki markup', () => {
  it('links [[Page name]] to its address, marking pages not written yet', () => {
    const html = htmlOf(render('See [[Chat etiquette]] and [[Writing questions]].', ['chat-etiquette']));
    assert.match(html, /<a class="wiki-link" href="\/wiki\/chat-etiquette">Chat etiquette<\/a>/);
    assert.match(
      html,
      /<a class="wiki-link wiki-link-new" href="\/wiki\/writing-questions\?title=Writing%20questions">Writing questions<span class="wiki-link-note"> \(new page\)<\/span><\/a>/,
    );
  });

  it('uses the text after | as the link text: [[a|b]]', () => {
    const parsed = parseWikiMarkup('[[a|b]]');
    assert.deepEqual(parsed.links, [{ target: 'a', slug: 'a', label: 'b' }]);
    assert.match(htmlOf(render('[[a|b]]', ['a'])), /<a class="wiki-link" href="\/wiki\/a">b<\/a>/);
  });

  it('escapes hostile page names and labels', () => {
    const html = htmlOf(render('[[<script>alert(1)</script>]] [[x|" onmouseover="alert(1)]] [[<img src=x onerror=alert(1)>]]'));
    assert.doesNotMatch(html, /<script|<img|onmouseover="/);
    assert.match(html, />&lt;script&gt;alert\(1\)&lt;\/script&gt;<span/);
    assert.match(html, />&quot; onmouseover=&quot;alert\(1\)<span/);
    assert.match(html, /href="\/wiki\/script-alert-1-script\?title=%3Cscript%3Ealert\(1\)%3C%2Fscript%3E"/);
  });

  it('neutralizes raw HTML and javascript: links in the Markdown around the wiki syntax', () => {
    const html = htmlOf(render('<script>alert(1)</script>\n\n[click](javascript:alert(1)) [[Home]]'));
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /href="javascript:/i);
  });

  it('cannot be tricked by forged placeholders', () => {
    const html = htmlOf(render('\uE000L0\uE001 and \uE000E0\uE001 [[Real]]', ['real']));
    assert.equal((html.match(/<a /g) ?? []).length, 1);
    assert.match(html, /L0 and E0/);
  });

  it('leaves the syntax alone inside code, so pages can show it', () => {
    const source = 'Write `[[Page name]]` to link.\n\n```\n[[Not a link]]\n{{upcoming #musesocial}}\n```\n';
    const parsed = parseWikiMarkup(source);
    assert.equal(parsed.links.length, 0);
    assert.equal(parsed.embeds.length, 0);
    const html = htmlOf(renderWikiMarkup(parsed, () => false));
    assert.match(html, /<code>\[\[Page name\]\]<\/code>/);
    assert.match(html, /\{\{upcoming #musesocial\}\}/);
  });

  it('splits the page where a {{upcoming #tag}} line embeds a chat list', () => {
    const segments = render('Before\n{{upcoming #MuseSocial}}\nAfter [[Chat etiquette]]\n\n{{ upcoming edchat }}', ['chat-etiquette']);
    assert.deepEqual(
      segments.map((s) => (s.kind === 'html' ? 'html' : s.embed.tag)),
      ['html', 'musesocial', 'html', 'edchat'],
    );
    assert.equal(segments[0]!.kind === 'html' && segments[0]!.html, '<p>Before</p>');
    assert.match(htmlOf(segments), /<p>After <a class="wiki-link" href="\/wiki\/chat-etiquette">/);
  });

  it('only embeds a line that is nothing but the directive, and a bounded number of them', () => {
    assert.equal(parseWikiMarkup('Text {{upcoming #musesocial}}').embeds.length, 0);
    assert.equal(parseWikiMarkup('{{upcoming #<script>}}').embeds.length, 0);
    const many = Array.from({ length: MAX_EMBEDS + 3 }, () => '{{upcoming #edchat}}').join('\n');
    assert.equal(parseWikiMarkup(many).embeds.length, MAX_EMBEDS);
  });
});
