import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpUrlOrNull } from './safe-url.ts';

describe('httpUrlOrNull', () => {
  it('keeps http and https links', () => {
    assert.equal(httpUrlOrNull('https://museum.social/@dana/1'), 'https://museum.social/@dana/1');
    assert.equal(httpUrlOrNull('http://example.org/a?b=c'), 'http://example.org/a?b=c');
  });

  it('refuses scripts, data, relative and broken URLs', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>x</script>', '/chats/x', 'not a url', '', null, undefined]) {
      assert.equal(httpUrlOrNull(bad), null, String(bad));
    }
  });
});
