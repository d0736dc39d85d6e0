// The transcript in a real browser: from the chat page to the transcript,
// grouped by question with threads; filtering by author with the GET form;
// the boosts toggle; a permalink and the way back to the post's place;
// downloading the CSV; and the same pages without JavaScript. axe-core
// checks every page, and the screenshots are looked at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { seedAuthor, seedChat, seedPost } from '../integration/transcript-seed.ts';

const FRIDAY = 'Our Friday programme:';
/** No hyphen or space to break at: only the post text's overflow-wrap keeps it on a phone's screen. */
const LONG_ADDRESS = 'https://museum.example/visit?offer=FreeEntryOnFridayNightsForEveryoneWhoComesAfterWorkAndStaysLate';

describe('transcript: read, filter, follow a permalink, download (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let page: Page;
  let slug = '';
  let ids: Record<string, number> = {};

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const seeded = await seedChat(harness.server.database.db);
    slug = seeded.chat.slug;
    ids = seeded.ids;
    const kim = await seedAuthor(harness.server.database.db, 'kim');
    await seedPost(harness.server.database.db, seeded.chat.id, kim, { text: `${FRIDAY} ${LONG_ADDRESS} #testchat`, minute: 25 });
    page = await harness.newPage(await harness.newContext());
  });
  after(() => harness?.close());

  const noViolations = async () => assert.deepEqual(await checkAccessibility(page), []);

  it('opens the transcript from the chat page, grouped by question with threads', async () => {
    await page.goto(`${harness.origin}/chats/${slug}`);
    await page.getByRole('link', { name: 'Read the transcript, grouped by question' }).click();
    await page.waitForURL(`${harness.origin}/chats/${slug}/transcript`);
    const headings = await page.locator('.transcript-group-title').allTextContents();
    assert.deepEqual(headings.map((h) => h.replace(/\s+/g, ' ').trim()), ['Q1 First question?', 'Q2 Second question?', 'Other conversation']);
    // Lee's reply sits inside A1's list item, and Priya's answer to Lee inside Lee's.
    const a1 = page.locator('.transcript-item', { has: page.locator(`#post-${ids.a1}`) }).first();
    await a1.locator(`.transcript-replies #post-${ids.reply}`).waitFor();
    await a1.locator(`.transcript-replies .transcript-replies #post-${ids.replyToReply}`).waitFor();
    assert.equal(await page.locator(`#post-${ids.hidden}`).count(), 0);
    await noViolations();
    await harness.screenshot(page, 'transcript-1-grouped');
  });

  it('filters by author with the form, and shows boosts on request', async () => {
    await page.getByLabel('Author').fill('@priya');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/author=%40priya/);
    const shown = await page.locator('article.post').evaluateAll((nodes) => nodes.map((n) => n.id));
    assert.deepEqual(shown, [`post-${ids.a1}`, `post-${ids.replyToReply}`]);
    await page.getByText('In reply to @lee').waitFor();
    await noViolations();
    await harness.screenshot(page, 'transcript-2-filtered');

    await page.getByRole('link', { name: 'Clear' }).click();
    await page.getByRole('link', { name: 'Show boosts' }).click();
    await page.waitForURL(/boosts=show/);
    await page.locator('.transcript-boosts', { hasText: 'Boosted by Sam Name' }).waitFor();
    await page.getByRole('link', { name: 'Fold boosts into counts' }).waitFor();
  });

  it('follows a permalink and finds the way back to the post in the transcript', async () => {
    await page.goto(`${harness.origin}/chats/${slug}/transcript`);
    await page.getByRole('link', { name: 'Permalink to this reply by Priya Name' }).click();
    await page.waitForURL(`${harness.origin}/chats/${slug}/posts/${ids.replyToReply}`);
    await page.getByRole('heading', { name: 'Reply by Priya Name' }).waitFor();
    await page.getByRole('heading', { name: 'Earlier in the thread' }).waitFor();
    await noViolations();
    await harness.screenshot(page, 'transcript-3-permalink');
    await page.getByRole('link', { name: '← Back to its place in the transcript' }).click();
    await page.waitForURL(new RegExp(`/transcript\\?cursor=.+#post-${ids.replyToReply}$`));
    assert.ok(await page.locator(`#post-${ids.replyToReply}`).isVisible());
  });

  it('downloads the transcript as CSV', async () => {
    await page.goto(`${harness.origin}/chats/${slug}/transcript`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^CSV/ }).click()]);
    assert.equal(download.suggestedFilename(), `${slug}-transcript.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /^id,created_at,author_handle,author_display_name,/);
    assert.ok(csv.includes('A1 We answer before they ask #testchat'));
    assert.ok(!csv.includes('Buy followers now'));
  });

  it('works without JavaScript, with an error next to a bad filter', async () => {
    const noJs = await harness.newPage(await harness.newContext({ javaScriptEnabled: false }));
    await noJs.goto(`${harness.origin}/chats/${slug}/transcript`);
    await noJs.getByLabel('Type').selectOption('reply');
    await noJs.getByRole('button', { name: 'Filter' }).click();
    await noJs.waitForURL(/type=reply/);
    assert.equal(await noJs.locator('article.post').count(), 4);
    const response = await noJs.goto(`${harness.origin}/chats/${slug}/transcript?question=banana`);
    assert.equal(response?.status(), 400);
    await noJs.getByText('Question: must be a question number (1, 2 …) or "other"').waitFor();
    await harness.screenshot(noJs, 'transcript-4-no-js-error');
    // axe-core needs JavaScript: check the same error state in the other page.
    await page.goto(`${harness.origin}/chats/${slug}/transcript?question=banana`);
    await noViolations();
  });

  it('fits a phone screen with a long address, and follows a hashtag to the search', async () => {
    const phone = await harness.newPage(await harness.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
    await phone.goto(`${harness.origin}/chats/${slug}/transcript`);
    const post = phone.locator('article.post', { hasText: FRIDAY });
    await post.scrollIntoViewIfNeeded();
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no sideways scrolling');
    assert.equal(await post.getByRole('link', { name: LONG_ADDRESS }).getAttribute('href'), LONG_ADDRESS);
    await harness.screenshot(phone, 'transcript-5-phone');
    await post.getByRole('link', { name: '#testchat' }).click();
    await phone.waitForURL(`${harness.origin}/search?q=%23testchat`);
    await phone.locator('.search-result', { hasText: FRIDAY }).waitFor();
  });

  it('raised no script or console errors but the refusal it provoked', () => {
    assert.deepEqual(harness.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e)), []);
  });
});
