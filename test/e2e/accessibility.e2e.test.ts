import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';

describe('accessibility of the public pages (axe-core in Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(() => harness?.close());

  for (const path of ['/', '/chats', '/chats?when=past', '/chats/why-museums-post', '/login', '/signup', '/@dana']) {
    it(`${path} has no serious or critical violations`, async () => {
      const page = await harness.newPage(await harness.newContext());
      await page.goto(`${harness.origin}${path}`);
      const violations = await checkAccessibility(page);
      assert.deepEqual(violations, []);
      await page.close();
    });
  }

  it('renders without JavaScript, with times in the organizer’s zone', async () => {
    const page = await harness.newPage(await harness.newContext({ javaScriptEnabled: false }));
    await page.goto(`${harness.origin}/chats/why-museums-post`);
    const time = await page.locator('time').first().textContent();
    assert.match(time ?? '', /E[SD]T/, 'New York time as rendered by the server');
    await harness.screenshot(page, 'chat-no-js');
  });

  it('raised no script or console errors', () => assert.deepEqual(harness.errors, []));
});
