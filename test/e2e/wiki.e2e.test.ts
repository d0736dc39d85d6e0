// The wiki as a member uses it, in Chromium: create a page, edit it twice,
// read the history, compare, restore the first revision; plus an edit
// conflict between two tabs. axe-core checks every wiki screen, and the
// screenshots land in test-artifacts/screenshots/wiki-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signUp } from '../../src/accounts/accounts.service.ts';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';

const HANDLE = 'wiki_editor';
const PASSWORD = 'correct horse battery staple';
const SLUG = 'museum-podcasts';
const V1 = 'Podcasts our members recommend.\n\n- Museum Archipelago';
const V2 = 'Podcasts our members recommend.\n\n- Museum Archipelago\n- Museopunks';
const V3 = 'Podcasts we love.\n\n- Museum Archipelago\n- Museopunks\n- The Museum Life';

describe('the wiki in a browser (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let page: Page;

  before(async () => {
    harness = await startBrowserHarness();
    await signUp(harness.server.database.db, { handle: HANDLE, password: PASSWORD });
    page = await harness.newPage(await harness.newContext());
    await page.goto(`${harness.origin}/login?next=%2Fwiki`);
    await page.getByLabel('Handle').fill(HANDLE);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${harness.origin}/wiki`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
  });
  after(() => harness?.close());

  async function assertAccessible(name: string) {
    assert.deepEqual(await checkAccessibility(page), [], `${name} has no serious or critical axe violations`);
  }

  async function editTo(body: string, summary: string) {
    await Promise.all([page.waitForURL(`${harness.origin}/wiki/${SLUG}/edit`), page.getByRole('link', { name: 'Edit', exact: true }).click()]);
    await page.getByLabel('Page text').fill(body);
    await page.getByLabel('Summary of your change (optional)').fill(summary);
    await Promise.all([page.waitForURL(/\?saved=\d+$/), page.getByRole('button', { name: 'Save changes' }).click()]);
  }

  it('creates a page from the wiki index', async () => {
    await page.getByRole('link', { name: 'New page' }).click();
    await page.getByLabel('Title').fill('Museum podcasts');
    await page.getByLabel('Page text').fill(V1);
    await assertAccessible('the new-page form');
    await Promise.all([page.waitForURL(`${harness.origin}/wiki/${SLUG}`), page.getByRole('button', { name: 'Create page' }).click()]);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Museum podcasts');
    assert.match((await page.locator('.wiki-meta').first().textContent()) ?? '', /Revision 1, saved .+ by @wiki_editor/);
  });

  it('edits it twice', async () => {
    await editTo(V2, 'Added Museopunks');
    await page.getByText('Saved revision 2.').waitFor();
    await Promise.all([page.waitForURL(`${harness.origin}/wiki/${SLUG}/edit`), page.getByRole('link', { name: 'Edit', exact: true }).click()]);
    await assertAccessible('the edit page');
    await harness.screenshot(page, 'wiki-edit');
    await page.getByLabel('Page text').fill(V3);
    await Promise.all([page.waitForURL(/\?saved=3$/), page.getByRole('button', { name: 'Save changes' }).click()]);
    await page.getByText('Saved revision 3.').waitFor();
    assert.equal(await page.locator('.wiki-body li').count(), 3);
    await assertAccessible('the page');
    await harness.screenshot(page, 'wiki-page');
  });

  it('lists three revisions in the history and compares the first with the last', async () => {
    await Promise.all([page.waitForURL(`${harness.origin}/wiki/${SLUG}/history`), page.getByRole('link', { name: 'History' }).click()]);
    assert.equal(await page.locator('table.wiki-revisions tbody tr').count(), 3);
    await page.getByText('Added Museopunks').waitFor();
    await assertAccessible('the history');
    await harness.screenshot(page, 'wiki-history');

    await page.getByLabel('Compare from revision 1').check();
    await page.getByLabel('Compare to revision 3').check();
    await Promise.all([page.waitForURL(/\/diff\?/), page.getByRole('button', { name: 'Compare selected revisions' }).click()]);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Changes from revision 1 to 3');
    const added = await page.locator('.wiki-diff ins').allTextContents();
    assert.ok(added.some((text) => text.includes('The Museum Life')), `added lines: ${JSON.stringify(added)}`);
    const removed = await page.locator('.wiki-diff del').allTextContents();
    assert.ok(removed.some((text) => text.includes('Podcasts our members recommend.')), `removed lines: ${JSON.stringify(removed)}`);
    await assertAccessible('the diff');
    await harness.screenshot(page, 'wiki-diff');
  });

  it('restores the first revision and shows its text again', async () => {
    await page.goto(`${harness.origin}/wiki/${SLUG}/history`);
    await Promise.all([page.waitForURL(/\?restored=1$/), page.getByRole('button', { name: 'Restore revision 1' }).click()]);
    await page.getByText('Restored revision 1 as revision 4.').waitFor();
    assert.equal(((await page.locator('.wiki-body').textContent()) ?? '').replace(/\s+/g, ' ').trim(), 'Podcasts our members recommend. Museum Archipelago');
    await harness.screenshot(page, 'wiki-restored');
    await page.goto(`${harness.origin}/wiki/${SLUG}/history`);
    assert.equal(await page.locator('table.wiki-revisions tbody tr').count(), 4, 'restoring added a revision; nothing was removed');
  });

  it('shows the second of two editors a conflict, keeping their text', async () => {
    const other = await harness.newPage(page.context());
    await other.goto(`${harness.origin}/wiki/${SLUG}/edit`);
    await page.goto(`${harness.origin}/wiki/${SLUG}/edit`);
    await page.getByLabel('Page text').fill(`${V1}\n- First tab`);
    await Promise.all([page.waitForURL(/\?saved=5$/), page.getByRole('button', { name: 'Save changes' }).click()]);

    await other.getByLabel('Page text').fill(`${V1}\n- Second tab`);
    await other.getByRole('button', { name: 'Save changes' }).click();
    await other.getByRole('heading', { name: 'Edit conflict: your changes are not saved yet' }).waitFor();
    assert.match(await other.getByLabel('Your text (merge the current version into it, then save)').inputValue(), /- Second tab$/);
    assert.match(await other.getByLabel('Current text (revision 5), to copy from').inputValue(), /- First tab$/);
    assert.deepEqual(await checkAccessibility(other), [], 'the conflict page');
    await harness.screenshot(other, 'wiki-conflict');
    await other.close();
  });

  it('renders the demo resources page with its chat embed and links, without JavaScript', async () => {
    const noJs = await harness.newPage(await harness.newContext({ javaScriptEnabled: false }));
    await noJs.goto(`${harness.origin}/wiki/conference-resources-add-your-stuff-here`);
    assert.ok((await noJs.locator('.wiki-embed .chat-card').count()) >= 1, 'the upcoming #musesocial chats are listed');
    assert.equal(await noJs.getByRole('link', { name: 'Chat etiquette' }).first().getAttribute('href'), '/wiki/chat-etiquette');
    assert.match((await noJs.locator('time').first().textContent()) ?? '', /UTC/, 'times as the server wrote them');
    await harness.screenshot(noJs, 'wiki-demo-no-js');
    await noJs.close();
  });

  for (const path of ['/wiki', '/wiki/conference-resources-add-your-stuff-here', '/wiki/chat-etiquette', '/wiki/not-written-yet']) {
    it(`${path} has no serious or critical violations for a visitor`, async () => {
      const visitor = await harness.newPage(await harness.newContext());
      await visitor.goto(`${harness.origin}${path}`);
      assert.deepEqual(await checkAccessibility(visitor), []);
      await harness.screenshot(visitor, `wiki-visitor${path.replace(/\//g, '-')}`);
      await visitor.close();
    });
  }

  it('raised no script or console errors', () => {
    // The conflict page (409) and the page not written yet (404) are answered with those statuses on purpose.
    const expected = [/\/wiki\/museum-podcasts\/edit: .*status of 409/, /\/wiki\/not-written-yet: .*status of 404/];
    assert.deepEqual(
      harness.errors.filter((error) => !expected.some((pattern) => pattern.test(error))),
      [],
    );
  });
});
