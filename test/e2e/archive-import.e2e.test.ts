// Importing an archive through the upload form in a real browser: from the
// chat page to the form, uploading two files (one with a broken line), the
// run's page and its final report, the transcript with the imported posts;
// a big file followed on its progress page as it is imported (the page's
// script updating the bars, then the report); a garbage file refused with
// the reason next to the field, and a text file that holds no post
// reported as not imported; and the same form without JavaScript, whose
// progress page reloads itself; a big X archive zip unpacked by the run
// after the form has answered. axe-core checks every page, and the
// screenshots are looked at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { manyTweets } from '../integration/archive-import-helpers.ts';
import { zipOf } from '../../src/archive/import/testing/zip-of.ts';
import { UNPACK_WHILE_WAITING_BYTES } from '../../src/archive/import/runs/unpack-uploads.ts';
import { endRun, insertRun, markUnpacking, replaceRunFiles } from '../../src/archive/import/runs/import-runs.repository.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');
const X_ARCHIVE = path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/x-archive/data');
const RUN_PAGE = /\/chats\/[^/]+\/imports\/\d+$/;
/** Long enough to watch: a few seconds of import. */
const LONG_WAIT = { timeout: 90_000 };

describe('archive import: upload form, progress page, report, transcript (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let slug = '';
  let cookie = '';
  let dir = '';

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const db = harness.server.database.db;
    const organizer = await buildUser(db, { role: 'organizer', handle: 'dana', displayName: 'Dana Okafor' });
    slug = (await buildChat(db, organizer, { title: 'Social media for museums', startsInHours: -72, hosts: ['dana', '@museumhost'] })).slug;
    cookie = (await sessionCookieFor(db, organizer)).split('=')[1]!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-e2e-import-'));
  });
  after(async () => {
    await harness?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const signedIn = async (options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await harness.newContext(options);
    await context.addCookies([{ name: 'musesocial_session', value: cookie, url: harness.origin }]);
    return { context, page: await harness.newPage(context) };
  };
  const noViolations = async (page: Page) => assert.deepEqual(await checkAccessibility(page), []);
  const statusText = async (page: Page) => ((await page.getByRole('status').textContent()) ?? '').replace(/\s+/g, ' ');
  const submit = async (page: Page) => {
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(RUN_PAGE);
  };

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
    await submit(page);
    // Small files: finished by the time the page is read, or a moment later (the script reloads it then).
    await page.getByRole('heading', { name: 'Import finished' }).waitFor(LONG_WAIT);
    assert.match(await statusText(page), /Imported 20 posts into “Social media for museums”; 0 already archived, 1 record rejected\./);
    await page.getByText('line 7: not valid JSON').waitFor();
    await page.getByRole('cell', { name: 'TAGS sheet (CSV) (detected)' }).waitFor();
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-2-report');

    await page.getByRole('link', { name: 'Read the transcript' }).click();
    await page.waitForURL(`${harness.origin}/chats/${slug}/transcript`);
    assert.ok((await page.locator('article.post').count()) >= 10, 'the imported posts are in the transcript');
  });

  it('follows a big file on its progress page as it is imported, then shows the report', async () => {
    const big = path.join(dir, 'chat-2019.jsonl');
    fs.writeFileSync(big, manyTweets(60_000));
    const { page } = await signedIn();
    await page.goto(`${harness.origin}/chats/${slug}/import`);
    await page.getByLabel('Files').setInputFiles(big);
    await submit(page);
    const runUrl = page.url();

    await page.getByRole('heading', { name: 'Importing…' }).waitFor();
    // The import's thread may not have opened the file yet when the page is first drawn.
    const first = await statusText(page);
    assert.match(first, /^(?:Waiting to start: 1 file received, imported as soon as the server has a place for them|Importing file 1 of 1 \(chat-2019\.jsonl\): \d+ % of the upload read, [\d,]+ posts? imported so far)\.$/);
    const bar = page.getByRole('progressbar', { name: 'chat-2019.jsonl: bytes read' });
    assert.equal(await bar.evaluate((el) => el.tagName), 'PROGRESS');
    // The script moves the numbers in place (no reload while it runs).
    await page.waitForFunction(
      (before) => {
        const status = document.querySelector('[data-run-status]')?.textContent ?? '';
        return status !== before && /^Importing file 1 of 1 \(chat-2019\.jsonl\): \d+ % of the upload read/.test(status) && !/: 0 %/.test(status);
      },
      first,
      LONG_WAIT,
    );
    assert.equal(page.url(), runUrl);
    assert.equal(await page.getByRole('heading', { name: 'Importing…' }).count(), 1, 'still running while the screenshot is taken');
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-3-progress');

    // When it ends, the script reloads the page once for the report.
    await page.getByRole('heading', { name: 'Import finished' }).waitFor(LONG_WAIT);
    assert.equal(page.url(), runUrl);
    assert.match(await statusText(page), /Imported 60,000 posts into “Social media for museums”; 0 already archived, 0 records rejected\./);
    assert.equal(await page.locator('progress[data-field="progress"]').evaluate((el) => (el as HTMLProgressElement).value === (el as HTMLProgressElement).max), true);
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-4-big-report');

    await page.getByRole('link', { name: 'Import more files' }).click();
    await page.getByRole('heading', { name: 'Earlier imports' }).waitFor();
    assert.equal(await page.locator('table.import-report tbody tr').count(), 3);
    await page.getByRole('link', { name: 'chat-2019.jsonl' }).first().waitFor();
    await page.getByRole('heading', { name: 'Latest uploads' }).waitFor();
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-5-history');
  });

  it('takes a big X archive zip at once, unpacks it on the server, then imports its tweets', async () => {
    // Mostly media, as downloaded archives are: over what the form unpacks while it waits.
    const media = crypto.randomBytes(UNPACK_WHILE_WAITING_BYTES + 1024);
    const zip = path.join(dir, 'twitter-2024-05-13-abc.zip');
    fs.writeFileSync(zip, await zipOf({ 'data/tweets_media/1-photo.jpg': media, ...Object.fromEntries(['account.js', 'tweets.js'].map((name) => [`data/${name}`, fs.readFileSync(path.join(X_ARCHIVE, name))])) }));
    const { page } = await signedIn();
    await page.goto(`${harness.origin}/chats/${slug}/import`);
    await page.getByLabel('Files').setInputFiles(zip);
    await submit(page);
    const runUrl = page.url();
    // The page first lists the zip (waiting or unpacking); once its files are out, the script reloads it to list them.
    await page.getByRole('heading', { name: 'Import finished' }).waitFor(LONG_WAIT);
    assert.equal(page.url(), runUrl);
    assert.match(await statusText(page), /^Imported \d+ posts? into “Social media for museums”/);
    assert.deepEqual(await page.locator('[data-run-file]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.fileName)), ['twitter-2024-05-13-abc.zip/data/tweets.js']);
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-7-unpacked-zip');
  });

  it('shows a packed upload being unpacked, then reloads to list the files it held', async () => {
    // The run's rows as the server writes them through the steps (unpacking takes too little time to catch otherwise).
    const db = harness.server.database.db;
    const chat = await db.selectFrom('chats').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const organizer = await db.selectFrom('users').select('id').where('handle', '=', 'dana').executeTakeFirstOrThrow();
    const { runId, fileIds } = await insertRun(db, { chatId: chat.id, userId: organizer.id, requestedFormat: null, companions: [], files: [{ fileName: 'twitter-2024-05-13.zip', bytesTotal: 9_500_000 }], now: Date.now() });
    await markUnpacking(db, runId, fileIds, Date.now());
    const { page } = await signedIn();
    await page.goto(`${harness.origin}/chats/${slug}/imports/${runId}`);
    assert.equal(await statusText(page), 'Unpacking twitter-2024-05-13.zip: taking out the files to import, which this page then lists.');
    assert.match((await page.locator('[data-run-file="0"]').textContent()) ?? '', /twitter-2024-05-13\.zip.*Packed file.*unpacking…/);
    await noViolations(page);
    await harness.screenshot(page, 'archive-import-8-unpacking');

    await replaceRunFiles(db, runId, [], [{ fileName: 'twitter-2024-05-13.zip/data/tweets.js', bytesTotal: 6_000 }], Date.now());
    // The script sees other files than the page lists, and reloads it.
    await page.locator('[data-file-name="twitter-2024-05-13.zip/data/tweets.js"]').waitFor(LONG_WAIT);
    assert.match(await statusText(page), /^Waiting to start: 1 file received/);
    await endRun(db, runId, 'interrupted', null, Date.now());
    await page.getByRole('heading', { name: 'Import interrupted' }).waitFor(LONG_WAIT);
  });

  it('refuses a garbage file with the reason next to the field, reports a file with no post, and works without JavaScript', async () => {
    const photo = path.join(dir, 'photo.png');
    fs.writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'Remember to archive the chat!\n');
    for (const javaScriptEnabled of [false, true]) {
      const { page } = await signedIn({ javaScriptEnabled });
      await page.goto(`${harness.origin}/chats/${slug}/import`);
      await page.getByLabel('Files').setInputFiles(photo);
      await page.getByLabel('Format').selectOption('twitter-v1');
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByRole('alert').waitFor();
      assert.match((await page.locator('#field-file-error').textContent()) ?? '', /photo\.png: the file is binary/);
      assert.equal(await page.getByLabel('Format').inputValue(), 'twitter-v1', 'the chosen format is kept');
      if (javaScriptEnabled) {
        // axe-core needs JavaScript: the refused state is checked on this page.
        await noViolations(page);
        await harness.screenshot(page, 'archive-import-6-refused');
      }

      // Text in the format named, but no post in it: found out by reading it, on the run's page.
      await page.getByLabel('Files').setInputFiles(notes);
      await submit(page);
      await page.getByRole('heading', { name: 'Import finished' }).waitFor(LONG_WAIT);
      assert.match(await statusText(page), /Nothing was imported into “Social media for museums”: the file holds nothing that can be imported/);
      await page.getByText('no valid records: all 1 rejected').waitFor();
      if (javaScriptEnabled) continue;

      // Without JavaScript, a bigger file: the progress page reloads itself (<noscript> refresh) until the report.
      const medium = path.join(dir, 'chat-2020.jsonl');
      fs.writeFileSync(medium, manyTweets(20_000, 90_000_000));
      await page.goto(`${harness.origin}/chats/${slug}/import`);
      await page.getByLabel('Files').setInputFiles(medium);
      await submit(page);
      await page.getByRole('heading', { name: 'Import finished' }).waitFor(LONG_WAIT);
      assert.match(await statusText(page), /Imported 20,000 posts/);
    }
    // Chromium logs the refused upload's 422 as a failed load; nothing else may fail.
    assert.deepEqual(harness.errors.filter((e) => !/status of 422/.test(e)), []);
  });
});
