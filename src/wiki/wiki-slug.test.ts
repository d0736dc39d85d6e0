import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isWikiSlug, titleFromSlug, wikiSlug } from './wiki-slug.ts';

describe('wiki slugs', () => {
  it('makes readable addresses from page names', () => {
    assert.equal(wikiSlug('Conference resources — add your stuff here'), 'conference-resources-add-your-stuff-here');
    assert.equal(wikiSlug('  Musée & Café '), 'musee-cafe');
    assert.equal(wikiSlug('<script>alert(1)</script>'), 'script-alert-1-script');
    assert.equal(wikiSlug('!!!'), '', 'nothing usable left');
  });

  it('keeps the wiki’s own routes free', () => {
    assert.equal(wikiSlug('New'), 'new-page');
    assert.equal(isWikiSlug('new'), false);
    assert.equal(isWikiSlug('chat-etiquette'), true);
    assert.equal(isWikiSlug('Chat_etiquette'), false);
    assert.equal(isWikiSlug('a--b'), false);
  });

  it('guesses a title from an address', () => {
    assert.equal(titleFromSlug('chat-etiquette'), 'Chat etiquette');
  });
});
