// Search and consent in Chromium, on the demo community: search from the
// header, read highlighted results, page through them, see a bad date
// explained; then a member asks to leave the archives from their profile
// and an admin carries it out. axe-core checks each screen; screenshots land
// in test-artifacts/screenshots/search-*.png and consent-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { signUp } from '../../src/accounts/accounts.service.ts';
import { findChatBySlug } from '../../src/chats/chats.repository.ts';
import { insertPost, localAuthorId } from '../../src/posts/posts.repository.ts';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';

const PASSWORD = 'correct horse battery staple';

describe('search and consent in a browser (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let visitor: Page;

  before(async () => {
    harness = await startBrowserHarness();
    visitor = await harness.newPage(await harness.newContext());
  });
  after(() => harness?.close());

  async function assertAccessible(page: Page, name: string) {
    assert.deepEqual(await checkAccessibility(page), [], `${name} has no serious or critical axe violations`);
  }

  async function signIn(context: BrowserContext, handle: string): Promise<Page> {
    const page = await harness.newPage(context);
    await page.goto(`${harness.origin}/login`);
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${harness.origin}/`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    return page;
  }

  it('searches from the header and shows highlighted results that link to their post', async () => {
    await visitor.goto(harness.origin);
    await Promise.all([visitor.waitForURL(`${harness.origin}/search`), visitor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click()]);
    await visitor.getByRole('searchbox').fill('museum #musesocial');
    await Promise.all([visitor.waitForURL(/\/search\?q=museum/), visitor.getByRole('button', { name: 'Search' }).click()]);
    const results = visitor.locator('.search-result');
    assert.ok((await results.count()) >= 3, 'several demo posts mention museums');
    const marks = await visitor.locator('.search-snippet mark').allTextContents();
    assert.ok(marks.some((m) => m.toLowerCase() === 'museum'), `highlights: ${marks.join(', ')}`);
    const permalink = await results.first().locator('a.search-result-time').getAttribute('href');
    assert.match(permalink ?? '', /^\/chats\/[a-z0-9-]+\/posts\/\d+$/);
    await visitor.getByText('How to search').click();
    await assertAccessible(visitor, 'the results page');
    await harness.screenshot(visitor, 'search-results');
  });

  it('orders by relevance and explains a bad date next to the box', async () => {
    await visitor.getByLabel('Order').selectOption('relevance');
    await Promise.all([visitor.waitForURL(/sort=relevance/), visitor.getByRole('button', { name: 'Search' }).click()]);
    await visitor.getByText('Most relevant first.').waitFor();

    await visitor.getByRole('searchbox').fill('torch since:2024-02-30');
    const [response] = await Promise.all([visitor.waitForResponse(/\/search\?/), visitor.getByRole('button', { name: 'Search' }).click()]);
    assert.equal(response.status(), 400);
    await visitor.getByText('since: "2024-02-30" is not a date').waitFor();
    assert.equal(await visitor.getByRole('searchbox').getAttribute('aria-invalid'), 'true');
    await assertAccessible(visitor, 'the search form with an error');
    await harness.screenshot(visitor, 'search-error');
  });

  it('lets a member ask to be forgotten, and an admin carry it out', async () => {
    const db = harness.server.database.db;
    const member = await signUp(db, { handle: 'leaving_member', displayName: 'Leaving Member', password: PASSWORD });
    await signUp(db, { handle: 'site_admin', displayName: 'Site Admin', password: PASSWORD, role: 'admin' });
    const chat = (await findChatBySlug(db, 'why-museums-post'))!;
    await insertPost(db, { chatId: chat.id, authorId: await localAuthorId(db, member, Date.now()), text: 'A1 quokkaword is my answer #musesocial', kind: 'original', createdAt: chat.startsAt + 600_000, answersQuestion: 1 }, ['musesocial']);

    const memberPage = await signIn(await harness.newContext(), 'leaving_member');
    await memberPage.goto(`${harness.origin}/@leaving_member`);
    await memberPage.getByRole('heading', { name: 'Remove my posts from the archives' }).waitFor();
    await memberPage.getByLabel('Keep the posts, anonymously').check();
    await memberPage.getByLabel('Anything the admins should know (optional)').fill('I am changing careers.');
    await assertAccessible(memberPage, 'the profile with the request form');
    await harness.screenshot(memberPage, 'consent-profile-form');
    await Promise.all([memberPage.waitForURL(/\/@leaving_member#consent$/), memberPage.getByRole('button', { name: 'Ask to remove my posts' }).click()]);
    await memberPage.getByText(/You asked on .+ to keep the posts, anonymously/).waitFor();
    await harness.screenshot(memberPage, 'consent-profile-pending');

    const adminPage = await signIn(await harness.newContext(), 'site_admin');
    await adminPage.goto(`${harness.origin}/admin/consent`);
    await adminPage.getByText('I am changing careers.').waitFor();
    await assertAccessible(adminPage, 'the consent admin page');
    await harness.screenshot(adminPage, 'consent-admin');
    await Promise.all([adminPage.waitForURL(/\/admin\/consent\?done=/), adminPage.getByRole('button', { name: 'Carry out' }).click()]);
    await adminPage.getByText('Anonymised 1 post by @leaving_member (local).').waitFor();
    await assertAccessible(adminPage, 'the consent page after carrying out');
    await harness.screenshot(adminPage, 'consent-admin-done');

    await visitor.goto(`${harness.origin}/search?q=quokkaword`);
    assert.equal(await visitor.locator('.search-result').count(), 1);
    const meta = (await visitor.locator('.search-result-meta').textContent()) ?? '';
    assert.match(meta, /Anonymous/);
    assert.ok(!meta.includes('leaving_member'));
    await harness.screenshot(visitor, 'search-anonymised');
    // The bad-date search answered 400 on purpose; Chromium logs every 4xx page load.
    assert.deepEqual(harness.errors.filter((e) => !/since%3A2024-02-30.*status of 400/.test(e)), []);
  });
});
