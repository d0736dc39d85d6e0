// Importing an archive through the upload form in a real browser: from the
// chat page to the form, uploading two files (one with a broken line), the
// report, the transcript with the imported posts; a garbage file refused
// with the reason next to the field; and the same form without JavaScript.
// axe-core checks every page, and the screenshots are looked at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');

describe('archive import: upload form, report, transcript (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let slug = '';
  let cookie = '';

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const db = harness.server.database.db;
    const organizer = await buildUser(db, { role: 'organizer', handle: 'dana', displayName: 'Dana Okafor' });
    slug = (await buildChat(db, organizer, { title: 'Social media for museums', startsInHours: -72, hosts: ['dana', '@museumhost'] })).slug;
    cookie = (await sessionCookieFor(db, organizer)).split('=')[1]!;
  });
  after(() => harness?.close());

  const signedIn = async (options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await harness.newContext(options);
    await context.addCookies([{ name: 'musesocial_session', value: cookie, url: harness.origin }]);
    return { context, page: await harness.newPage(context) };
  };
  const noViolations = async (page: Page) => assert.deepEqual(await checkAccessibility(page), []);

  it('goes from the chat page to the form, imports two files and reports on each', async () => {
    const { page } = await signedIn();
    await page.goto(`${harness.origin}/chats/${slug}`);
    await harness.screenshot(page, 'archive-import-0-chat-page');
    await page.getByRole('link', { name: 'Import archived posts' }).click();
    await page.waitForURL(`${harness.origin}/chats/${slug}/import`);
    await page.getByRole('heading', { name: 'Import archived posts' }).waitFor();
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-1-form');

    await page.getByLabel('Files').setInputFiles([path.join(FIXTURES, 'twitter-v1.1/tweetsets_spark-test-tweets.jsonl'), path.join(FIXTURES, 'tags-csv/tidytags_sample-data.csv')]);
    await Promise.all([page.waitForURL(`${harness.origin}/chats/${slug}/import`), page.getByRole('button', { name: 'Import' }).click()]);
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    const status = (await page.getByRole('status').textContent())!.replace(/\s+/g, ' ');
    assert.match(status, /Imported 20 posts into “Social media for museums”; 0 already archived, 1 record rejected\./);
    await page.getByText('line 7: not valid JSON').waitFor();
    await page.getByRole('cell', { name: 'TAGS sheet (CSV) (detected)' }).waitFor();
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-2-report');

    await page.getByRole('link', { name: 'Read the transcript' }).click();
    await page.waitForURL(`${harness.origin}/chats/${slug}/transcript`);
    assert.ok((await page.locator('article.post').count()) >= 10, 'the imported posts are in the transcript');

    await page.goto(`${harness.origin}/chats/${slug}/import`);
    await page.getByRole('heading', { name: 'Earlier imports' }).waitFor();
    assert.equal(await page.locator('table.import-report tbody tr').count(), 2);
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-3-history');
  });

  it('refuses a garbage file with the reason next to the field, and works without JavaScript', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-e2e-import-'));
    const garbage = path.join(dir, 'notes.txt');
    fs.writeFileSync(garbage, 'Remember to archive the chat!\n');
    for (const javaScriptEnabled of [false, true]) {
      const { page } = await signedIn({ javaScriptEnabled });
      await page.goto(`${harness.origin}/chats/${slug}/import`);
      await page.getByLabel('Files').setInputFiles(garbage);
      await page.getByLabel('Format').selectOption('twitter-v1');
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByRole('alert').waitFor();
      assert.match((await page.locator('#field-file-error').textContent()) ?? '', /notes\.txt: no valid records: all 1 rejected/);
      assert.equal(await page.getByLabel('Format').inputValue(), 'twitter-v1', 'the chosen format is kept');
      if (!javaScriptEnabled) {
        // The same form, without JavaScript, imports a good file.
        await page.getByLabel('Files').setInputFiles(path.join(FIXTURES, 'twarc2/two_tweets.jsonl'));
        await page.getByLabel('Format').selectOption('');
        await page.getByRole('button', { name: 'Import' }).click();
        await page.getByRole('heading', { name: 'Import finished' }).waitFor();
        await page.getByText('Imported 2 posts').waitFor();
        continue;
      }
      // axe-core needs JavaScript: the refused state is checked on this page.
      await noViolations(page);
      await harness.screenshot(page, 'archive-import-4-refused');
    }
    fs.rmSync(dir, { recursive: true, force: true });
    // Chromium logs the refused upload's 422 as a failed load; nothing else may fail.
    assert.deepEqual(harness.errors.filter((e) => !/status of 422/.test(e)), []);
  });
});
