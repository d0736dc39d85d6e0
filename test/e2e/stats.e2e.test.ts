// The metrics pages in a real browser: from the chat page to its metrics,
// the charts as accessible images (named, described), the comparison with
// the previous date, a CSV and the GEXF downloaded; the community page with
// its hashtag filter; and all of it without JavaScript. axe-core checks
// every page, and the screenshots are looked at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { seedMetrics } from '../integration/metrics-seed.ts';

describe('metrics: charts, comparison, downloads, community (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let page: Page;

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    await seedMetrics(harness.server.database.db);
    page = await harness.newPage(await harness.newContext());
  });
  after(() => harness?.close());

  const noViolations = async () => assert.deepEqual(await checkAccessibility(page), []);

  it('opens the metrics from the chat page, with named charts and the comparison', async () => {
    await page.goto(`${harness.origin}/chats/week-two`);
    await page.getByRole('link', { name: 'Metrics and charts' }).click();
    await page.waitForURL(`${harness.origin}/chats/week-two/stats`);
    await page.getByRole('heading', { name: 'Metrics: Chat week-two' }).waitFor();
    for (const name of ['Posts per minute', 'Answers per question', 'Median time to first answer', 'Reply and mention network']) {
      const chart = page.getByRole('img', { name });
      await chart.waitFor();
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 100, `${name} is drawn at a readable size`);
    }
    assert.match((await page.locator('#chart-answers-desc').textContent()) ?? '', /Q1 3 answers by 2 people; Q2 3 answers by 3 people; Q3 0 answers/);
    const summary = page.locator('table.stats-summary');
    const row = (label: string) => summary.locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td');
    assert.deepEqual(await row('Posts').allTextContents(), ['13', '3', '+10 (+333%)']);
    assert.deepEqual(await row('Participants').allTextContents(), ['5', '3', '+2 (+67%)']);
    assert.deepEqual(await row('Returning participants').allTextContents(), ['2', '0', '+2']);
    await page.getByRole('link', { name: 'Chat week-one' }).waitFor();
    await page.getByRole('heading', { name: 'How these figures are counted' }).waitFor();
    await noViolations();
    await harness.screenshot(page, 'stats-1-chat');
  });

  it('downloads a table as CSV and the network as GEXF', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download “Participants” as CSV' }).click()]);
    assert.equal(csv.suggestedFilename(), 'week-two-participants.csv');
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    assert.match(text, /^handle,network,display_name,posts,/);
    assert.match(text, /\r\nana,twitter,ANA,4,2,2,0,0\r\n/);
    const [gexf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the network as GEXF (for Gephi)' }).click()]);
    assert.equal(gexf.suggestedFilename(), 'week-two-network.gexf');
    assert.match(fs.readFileSync((await gexf.path())!, 'utf8'), /<gexf version="1.2"/);
  });

  it('shows the community over time for a hashtag', async () => {
    await page.getByRole('link', { name: 'All #musechat chats' }).click();
    await page.waitForURL(`${harness.origin}/stats?tag=musechat`);
    await page.getByRole('img', { name: 'Participants and posts per chat' }).waitFor();
    await page.getByRole('img', { name: 'Retention from chat to chat' }).waitFor();
    assert.deepEqual(await page.locator('table.stats').first().locator('tbody td:first-child').allTextContents(), ['Chat week-one', 'Chat midweek', 'Chat week-two']);
    await noViolations();
    await harness.screenshot(page, 'stats-2-community');
  });

  it('works without JavaScript: charts are in the HTML, the filter is a GET form', async () => {
    const noJs = await harness.newPage(await harness.newContext({ javaScriptEnabled: false }));
    await noJs.goto(`${harness.origin}/chats/week-two/stats`);
    await noJs.getByRole('img', { name: 'Reply and mention network' }).waitFor();
    assert.equal(await noJs.locator('svg.chart').count(), 4);
    await noJs.getByText('Posts per minute as a table').click();
    await noJs.getByRole('cell', { name: '2026-03-10T19:07:00.000Z' }).waitFor();
    await harness.screenshot(noJs, 'stats-3-no-js');
    await noJs.goto(`${harness.origin}/stats`);
    await noJs.getByRole('textbox', { name: 'Hashtag' }).fill('#other');
    await noJs.getByRole('button', { name: 'Show' }).click();
    await noJs.waitForURL(/\/stats\?tag=%23other/);
    assert.deepEqual(await noJs.locator('table.stats').first().locator('tbody td:first-child').allTextContents(), ['Chat elsewhere']);
    const refused = await noJs.goto(`${harness.origin}/stats?tag=not%20a%20tag`);
    assert.equal(refused?.status(), 400);
  });

  it('raised no script or console errors', () => {
    assert.deepEqual(harness.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e)), []);
  });
});
