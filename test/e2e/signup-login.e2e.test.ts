// End to end, as a person would: a real server over HTTP (fresh SQLite data
// dir, demo content) and Debian's Chromium driven by playwright-core.
// Skipped when MUSESOCIAL_TEST_CHROMIUM is empty (scripts/run-tests.mjs sets
// it when /usr/bin/chromium exists; with CI=true its absence fails the run).
// Screenshots are kept in test-artifacts/screenshots/ for people to look at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

const executablePath = process.env.MUSESOCIAL_TEST_CHROMIUM ?? '';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shots = path.join(root, 'test-artifacts', 'screenshots');

const HANDLE = 'e2e_reader';
const PASSWORD = 'correct horse battery staple';

describe('sign up, sign out, sign in, read a chat (Chromium)', { skip: executablePath ? false : 'MUSESOCIAL_TEST_CHROMIUM is empty (no Chromium)' }, () => {
  let dataDir = '';
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let origin = '';
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const faviconErrors: string[] = [];
  let footerZone = '';

  /** Every page the test opens reports its script and console errors here. */
  function watch(p: Page): Page {
    p.on('pageerror', (error) => pageErrors.push(`${p.url()}: ${error.message}`));
    p.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Kept apart so a missing icon is reported by its own test below.
      const source = message.location().url;
      if (source.endsWith('/favicon.ico')) faviconErrors.push(`${source}: ${message.text()}`);
      else consoleErrors.push(`${p.url()}${source && source !== p.url() ? ` (${source})` : ''}: ${message.text()}`);
    });
    return p;
  }

  /** Titles of the `time[data-local]` elements the client script rewrote, with their new text. */
  async function convertedTimes(p: Page): Promise<Array<{ text: string; title: string }>> {
    return p.$$eval('time[data-local]', (els) =>
      els.map((el) => ({ text: (el.textContent ?? '').trim(), title: el.getAttribute('title') ?? '' })).filter((t) => t.title.startsWith('Organizer')),
    );
  }

  before(async () => {
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'musesocial-e2e-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MUSESOCIAL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://127.0.0.1' });
    server = await startServer(config, { handleSignals: false, demo: true });
    // Browse by IP: the server listens on 127.0.0.1 only, and "localhost" may resolve to ::1 first.
    origin = `http://127.0.0.1:${new URL(server.url).port}`;

    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    // A reader in Tokyo: the client script must rewrite times into this zone.
    context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page = watch(await context.newPage());
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the demo chats on the home page, with times in the reader’s zone', async () => {
    const response = await page.goto(`${origin}/`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', { name: 'Next up' }).waitFor();
    const cards = page.locator('.chat-card .chat-card-title a');
    assert.ok((await cards.count()) >= 1, 'at least one chat card link');

    const converted = await convertedTimes(page);
    assert.ok(converted.length >= 1, 'the client script rewrote at least one time[data-local]');
    assert.ok(
      converted.some((t) => /GMT\+9|JST|Japan/.test(t.text)),
      `a rewritten time names Tokyo's zone: ${JSON.stringify(converted.slice(0, 3))}`,
    );
    footerZone = (await page.locator('[data-reader-zone]').first().textContent()) ?? '';
    await page.screenshot({ path: path.join(shots, 'home.png'), fullPage: true });
  });

  it('looks right on a phone', async () => {
    assert.ok(browser);
    const phone = await browser.newContext({
      timezoneId: 'Asia/Tokyo',
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const p = watch(await phone.newPage());
      await p.goto(`${origin}/`);
      await p.getByRole('heading', { name: 'Next up' }).waitFor();
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await p.screenshot({ path: path.join(shots, 'home-mobile.png'), fullPage: true });
      assert.ok(overflow <= 0, `no sideways scrolling on a 390 px screen (overflows by ${overflow} px)`);
    } finally {
      await phone.close();
    }
  });

  it('signs up and lands on the home page signed in', async () => {
    await page.goto(`${origin}/signup`);
    await page.getByLabel('Handle').fill(HANDLE);
    await page.getByLabel('Display name').fill('E2E Reader');
    await page.getByLabel('E-mail (optional)').fill('e2e@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'Create account' }).click()]);
    await page.locator('.account-handle', { hasText: `@${HANDLE}` }).waitFor();
    await page.screenshot({ path: path.join(shots, 'signed-in.png'), fullPage: true });
  });

  it('signs out, then signs in again with the same credentials', async () => {
    await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'Sign out' }).click()]);
    assert.equal(await page.locator('.account-handle').count(), 0, 'no handle in the header after signing out');
    await page.getByRole('link', { name: 'Sign in' }).waitFor();

    await page.goto(`${origin}/login`);
    await page.getByLabel('Handle').fill(HANDLE);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await page.locator('.account-handle', { hasText: `@${HANDLE}` }).waitFor();
  });

  it('opens a chat from the home page', async () => {
    const link = page.locator('.chat-card .chat-card-title a').first();
    const title = ((await link.textContent()) ?? '').trim();
    assert.ok(title, 'the chat card has a title');
    await Promise.all([page.waitForURL(/\/chats\/[^/]+$/), link.click()]);
    assert.equal(((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim(), title);
    assert.equal(await page.title(), `${title} · Musesocial`);
    assert.ok((await convertedTimes(page)).length >= 1, 'chat times rewritten into the reader’s zone');
    await page.screenshot({ path: path.join(shots, 'chat.png'), fullPage: true });
  });

  it('says in the footer that times are in the reader’s zone', () => {
    assert.match(footerZone, /Asia\/Tokyo/);
  });

  it('serves a favicon', () => {
    assert.deepEqual(faviconErrors, []);
  });

  it('raised no script errors and no console errors (CSP violations included)', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  });
});
