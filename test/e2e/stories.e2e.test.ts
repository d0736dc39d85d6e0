// Stories in a real browser: the organizer drafts a story from the chat
// page, reorders by keyboard (Up/Down buttons, focus kept) and by dragging,
// types an introduction that saves itself, publishes; a reader without
// JavaScript reads it and prints it. axe-core checks the pages, and the
// screenshots are looked at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { sessionCookieFor } from '../support/factories.ts';
import { seedChat } from '../integration/transcript-seed.ts';

describe('stories: draft, reorder, autosave, publish, read without JavaScript (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let slug = '';
  let cookie = '';
  let page: Page;
  let storyUrl = '';

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const db = harness.server.database.db;
    const seeded = await seedChat(db);
    slug = seeded.chat.slug;
    cookie = (await sessionCookieFor(db, seeded.organizer)).split('=')[1]!;
    const context: BrowserContext = await harness.newContext();
    await context.addCookies([{ name: 'musesocial_session', value: cookie, url: harness.origin }]);
    page = await harness.newPage(context);
  });
  after(() => harness?.close());

  const noViolations = async (p: Page) => assert.deepEqual(await checkAccessibility(p), []);
  const q1Authors = () => page.locator('#edit-section-1 .story-editor-item .post-author').allTextContents();
  const saved = () => page.locator('[data-save-state]', { hasText: 'All changes saved' }).waitFor();

  it('drafts a story with one click from the chat page', async () => {
    await page.goto(`${harness.origin}/chats/${slug}`);
    await noViolations(page);
    await page.getByRole('button', { name: 'Draft a story' }).click();
    await page.waitForURL(/\/stories\/\d+\/edit$/);
    storyUrl = page.url().replace(/\/edit$/, '');
    await page.getByRole('heading', { name: 'Edit story' }).waitFor();
    const headings = await page.locator('.story-heading-input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    assert.deepEqual(headings, ['Q1. First question?', 'Q2. Second question?', 'Other conversation']);
    assert.deepEqual(await q1Authors(), ['Priya Name', 'Sam Name', 'Lee Name', 'Priya Name', 'Sam Name']);
    await page.locator('[data-save-state]', { hasText: 'Autosave is on' }).waitFor();
    await noViolations(page);
    await harness.screenshot(page, 'stories-1-editor');
  });

  it('reorders by keyboard: the button keeps the focus, and the order is saved', async () => {
    const down = page.getByRole('button', { name: 'Move post by Priya Name down' }).first();
    await down.focus();
    await page.keyboard.press('Enter');
    await saved();
    assert.deepEqual(await q1Authors(), ['Sam Name', 'Priya Name', 'Lee Name', 'Priya Name', 'Sam Name']);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move post by Priya Name down', 'focus stays on the button');
    await page.keyboard.press('Enter');
    await saved();
    await page.reload();
    assert.deepEqual(await q1Authors(), ['Sam Name', 'Lee Name', 'Priya Name', 'Priya Name', 'Sam Name'], 'saved on the server');
    // Moving a section with the keyboard.
    await page.getByRole('button', { name: 'Move section “Q2. Second question?” up' }).press('Enter');
    await saved();
    await page.reload();
    const headings = await page.locator('.story-heading-input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    assert.deepEqual(headings, ['Q2. Second question?', 'Q1. First question?', 'Other conversation']);
  });

  it('reorders by dragging an item by its handle', async () => {
    // Playwright's mouse did not start an HTML5 drag from the handle in this
    // headless Chromium, so the browser's drag events are dispatched as
    // Chromium would send them (the handlers are the bundle's own).
    await page.evaluate(() => {
      const items = [...document.querySelectorAll<HTMLElement>('#edit-section-1 .story-editor-item')];
      const source = items[4]!.querySelector('[data-drag-handle]')!;
      const target = items[0]!;
      const dataTransfer = new DataTransfer();
      const box = target.getBoundingClientRect();
      source.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer }));
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer, clientX: box.left + 40, clientY: box.top + 5 }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer }));
      source.dispatchEvent(new DragEvent('dragend', { bubbles: true, cancelable: true, dataTransfer }));
    });
    await saved();
    await page.reload();
    assert.deepEqual(await q1Authors(), ['Sam Name', 'Sam Name', 'Lee Name', 'Priya Name', 'Priya Name']);
  });

  it('saves the introduction while typing', async () => {
    await page.getByLabel('Introduction').fill('What **museum people** said about answering before visitors ask.');
    await saved();
    await harness.screenshot(page, 'stories-2-autosaved');
    await page.reload();
    assert.equal(await page.getByLabel('Introduction').inputValue(), 'What **museum people** said about answering before visitors ask.');
  });

  it('publishes, and a reader without JavaScript reads and prints it', async () => {
    await page.getByRole('button', { name: 'Publish' }).first().click();
    await page.waitForURL(storyUrl);
    await page.getByRole('heading', { level: 1, name: /^Highlights: / }).waitFor();
    await noViolations(page);

    const reader = await harness.newPage(await harness.newContext({ javaScriptEnabled: false }));
    const response = await reader.goto(storyUrl);
    assert.equal(response?.status(), 200);
    assert.equal(await reader.locator('.story-introduction strong').textContent(), 'museum people');
    const sections = await reader.locator('.story-section h2').allTextContents();
    assert.deepEqual(sections, ['Q2. Second question?', 'Q1. First question?', 'Other conversation']);
    assert.equal(await reader.locator('.story-post').count(), 8);
    assert.equal(await reader.getByRole('link', { name: 'Edit story' }).count(), 0);
    await harness.screenshot(reader, 'stories-3-published-no-js');
    await reader.emulateMedia({ media: 'print' });
    assert.equal(await reader.locator('.site-header nav').isVisible(), false);
    assert.equal(await reader.locator('.story-footer').isVisible(), false);
    await harness.screenshot(reader, 'stories-4-print');

    // Another site frames the embed (framing is allowed on that page only):
    // a page on another origin, as a museum blog would be.
    const blogServer = http.createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><title>Blog</title><h1>Our museum blog</h1><iframe src="${storyUrl}/embed" width="640" height="600" title="The story"></iframe>`);
    });
    await new Promise<void>((resolve) => blogServer.listen(0, '127.0.0.1', resolve));
    const blog = await harness.newPage(await harness.newContext());
    await blog.goto(`http://127.0.0.1:${(blogServer.address() as AddressInfo).port}/`);
    const frame = blog.frameLocator('iframe');
    await frame.getByRole('heading', { level: 1, name: /^Highlights: / }).waitFor();
    assert.equal(await frame.locator('.story-post').count(), 8);
    await harness.screenshot(blog, 'stories-5-embedded');
    blogServer.close();

    // The chat page and the transcript link to it, for everyone.
    await reader.emulateMedia({ media: 'screen' });
    await reader.goto(`${harness.origin}/chats/${slug}`);
    await reader.getByRole('heading', { name: 'Stories' }).waitFor();
    await harness.screenshot(reader, 'stories-6-chat-page');
    await reader.goto(`${harness.origin}/chats/${slug}/transcript`);
    await reader.getByRole('link', { name: /^Highlights: / }).click();
    await reader.waitForURL(storyUrl);
  });

  it('raised no script or console errors', () => {
    assert.deepEqual(harness.errors, []);
  });
});
