// A harness for end-to-end tests: a real server over HTTP on a fresh SQLite
// data dir, and Debian's Chromium driven by playwright-core. Every page
// opened through it reports script and console errors (CSP violations show
// up there), and `checkAccessibility` runs axe-core in the page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

export const CHROMIUM = process.env.MUSESOCIAL_TEST_CHROMIUM ?? '';
/** Pass to `describe(name, { skip: SKIP_WITHOUT_CHROMIUM }, …)`. */
export const SKIP_WITHOUT_CHROMIUM: string | false = CHROMIUM ? false : 'MUSESOCIAL_TEST_CHROMIUM is empty (no Chromium)';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(root, 'test-artifacts', 'screenshots');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface BrowserHarness {
  origin: string;
  server: RunningServer;
  browser: Browser;
  /** Errors seen on any page so far: assert it is empty at the end. */
  errors: string[];
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  newPage(context: BrowserContext): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserHarness(options: { demo?: boolean } = {}): Promise<BrowserHarness> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'musesocial-e2e-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MUSESOCIAL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://127.0.0.1' });
  const server = await startServer(config, { handleSignals: false, demo: options.demo ?? true });
  // Browse by IP: the server listens on 127.0.0.1 only, and "localhost" may resolve to ::1 first.
  const origin = `http://127.0.0.1:${new URL(server.url).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    origin,
    server,
    browser,
    errors,
    async newContext(contextOptions = {}) {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...contextOptions });
      contexts.push(context);
      return context;
    },
    async newPage(context) {
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
    async screenshot(page, name) {
      // Chromium now and then answers "Unable to capture screenshot" on a busy machine (a page still
      // settling its layout): the picture is for people to look at, so it is taken again, twice at most.
      for (let attempt = 1; ; attempt++) {
        try {
          await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
          return;
        } catch (error) {
          if (attempt === 3 || !String(error).includes('Unable to capture screenshot')) throw error;
          await page.waitForTimeout(250);
        }
      }
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.stop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the current page and returns violations of impact
 * "serious" or "critical".
 */
export async function checkAccessibility(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: a <script> tag would be (rightly) refused by our CSP.
  await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
