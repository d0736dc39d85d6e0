// The live room in a real browser, with four people in separate contexts:
// a host releases Q1 from the console, a member answers in the composer, an
// anonymous viewer sees the answer threaded under Q1 without reloading, a
// moderator hides it for everyone, and the viewer, cut off and back online,
// catches up on what it missed — each post once, in order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { signUp } from '../../src/accounts/accounts.service.ts';
import { createChat } from '../../src/chats/chats.service.ts';

const PASSWORD = 'correct horse battery staple';

describe('live room: release, answer, moderate and catch up (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let room = '';
  let host: Page;
  let member: Page;
  let moderator: Page;
  let viewer: Page;
  let viewerContext: BrowserContext;
  let answerId = '';

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const db = harness.server.database.db;
    const organizer = await signUp(db, { handle: 'room_host', displayName: 'Dana Host', password: PASSWORD, role: 'organizer' });
    await signUp(db, { handle: 'room_member', displayName: 'Priya Member', password: PASSWORD });
    await signUp(db, { handle: 'room_mod', displayName: 'Lee Moderator', password: PASSWORD, role: 'moderator' });
    const start = Date.now() - 10 * 60_000;
    const chat = await createChat(db, organizer, {
      title: 'Museums after dark',
      hashtags: ['musesocial'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      timeZone: 'America/New_York',
      hosts: ['room_host'],
      questions: [{ text: 'What brings visitors back after hours?' }, { text: 'Which evening post worked best?' }],
    });
    room = `/chats/${chat.slug}/live`;
  });
  after(() => harness?.close());

  /** Signs in through the /login form in a browser context of its own and lands in the room. */
  async function signIn(handle: string): Promise<Page> {
    const page = await harness.newPage(await harness.newContext());
    await page.goto(`${harness.origin}/login?next=${encodeURIComponent(room)}`);
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${harness.origin}${room}`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await connected(page);
    return page;
  }

  const connected = (page: Page) => page.locator('[data-slot="connection"][data-state="live"]').waitFor();
  const q1Items = (page: Page) => page.locator('#q1 [data-slot="items"]');
  const copies = (page: Page, id: string) => page.locator(`.room-item[data-post-id="${id}"]`).count();

  async function compose(page: Page, text: string): Promise<string> {
    await page.getByLabel('Your post').fill(text);
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const article = page.locator('article', { has: page.locator('.room-post-text', { hasText: text }) });
    await article.waitFor();
    await page.getByText('Posted.').waitFor();
    return (await article.getAttribute('id'))!.replace('post-', '');
  }

  it('opens the room for everyone: an anonymous viewer and three members', async () => {
    viewerContext = await harness.newContext();
    viewer = await harness.newPage(viewerContext);
    await viewer.goto(`${harness.origin}${room}`);
    await connected(viewer);
    host = await signIn('room_host');
    member = await signIn('room_member');
    moderator = await signIn('room_mod');
    await viewer.locator('[data-slot="watching"]', { hasText: '4 watching' }).waitFor();
    // Marks this document: if anything reloads the page later, the mark is gone.
    await viewer.evaluate(() => ((window as unknown as { roomMark: number }).roomMark = 1));
  });

  it('lets the host release Q1 from the console, and it reaches every viewer', async () => {
    await host.getByRole('region', { name: 'Host console' }).getByRole('button', { name: 'Release Q1 now' }).click();
    for (const page of [viewer, member, host]) {
      await page.locator('#q1 .room-item-head .room-post-text', { hasText: 'Q1 What brings visitors back after hours? #musesocial' }).waitFor();
      assert.equal(await page.locator('#q1 [data-slot="group-label"]').textContent(), 'Q1');
      assert.equal(await page.locator('#q1 [data-slot="question-text"]').textContent(), 'What brings visitors back after hours?');
    }
    await host.locator('.room-queue-item[data-question="1"]', { hasText: 'Released at' }).waitFor();
    assert.equal(await host.getByRole('button', { name: 'Release Q1 now' }).count(), 0, 'no second release');
  });

  it('threads the member’s answer under Q1 in the other viewer’s page, without reload', async () => {
    answerId = await compose(member, 'A1 Late openings with live music: https://museum.example/late');
    const arrived = q1Items(viewer).locator(`.room-item[data-post-id="${answerId}"] .room-post-text`, { hasText: 'A1 Late openings with live music: https://museum.example/late #musesocial' });
    await arrived.waitFor();
    // Built by the script as the server builds it: the address and the hashtag are links.
    assert.deepEqual(
      await arrived.locator('a').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')])),
      [
        ['https://museum.example/late', 'https://museum.example/late', 'nofollow ugc noopener'],
        ['#musesocial', '/search?q=%23musesocial', null],
      ],
    );
    assert.equal(await viewer.evaluate(() => (window as unknown as { roomMark?: number }).roomMark), 1, 'the viewer did not reload');
    assert.equal(await copies(member, answerId), 1, 'acknowledged by the API and announced by the stream, shown once');
    assert.equal(await copies(viewer, answerId), 1);
    await viewer.locator('[data-slot="posters"]', { hasText: '2 have posted' }).waitFor();
    await harness.screenshot(member, 'live-room-1-member');
  });

  it('lets a moderator hide the answer, and it disappears for member and viewer', async () => {
    const post = moderator.locator(`.room-item[data-post-id="${answerId}"]`);
    await post.locator('summary', { hasText: 'Moderate' }).click();
    await post.getByRole('button', { name: 'Hide' }).click();
    await member.locator(`.room-item[data-post-id="${answerId}"]`).waitFor({ state: 'detached' });
    await viewer.locator(`.room-item[data-post-id="${answerId}"]`).waitFor({ state: 'detached' });
    await post.locator('.room-label-hidden', { hasText: 'Hidden from viewers' }).waitFor();
    await post.getByRole('button', { name: 'Unhide' }).waitFor();
  });

  it('catches a viewer up on the posts it missed while offline, once each, in order', async () => {
    await viewerContext.setOffline(true);
    await viewer.locator('[data-slot="connection"][data-state="offline"]').waitFor();
    // A long address, which the phone test below must see wrapped, not widening the page.
    const first = await compose(member, 'A1 Free entry on Friday nights: https://museum.example/visit?offer=FreeEntryOnFridayNightsForEveryoneWhoComesAfterWorkAndStaysLate');
    const second = await compose(member, 'A1 Family torch-lit trails');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await copies(viewer, first), 0, 'the viewer really was cut off');

    await viewerContext.setOffline(false);
    await q1Items(viewer).locator(`.room-item[data-post-id="${second}"]`).waitFor();
    await connected(viewer);
    assert.equal(await copies(viewer, first), 1);
    assert.equal(await copies(viewer, second), 1);
    const order = await q1Items(viewer).locator(':scope > .room-item').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.postId));
    assert.deepEqual(order, [first, second]);
    assert.equal(await viewer.evaluate(() => (window as unknown as { roomMark?: number }).roomMark), 1, 'caught up without a reload');
    await harness.screenshot(viewer, 'live-room-2-viewer-caught-up');
  });

  it('threads a reply under its parent and shows an edit to everyone', async () => {
    const parent = member.locator('.room-item', { has: member.locator('.room-post-text', { hasText: 'A1 Free entry on Friday nights' }) });
    const parentId = (await parent.getAttribute('data-post-id'))!;
    await parent.locator('article').first().getByRole('link', { name: 'Reply' }).click();
    await member.getByText(/^Replying to @room_member: “A1 Free entry on Friday nights/).waitFor();
    const replyId = await compose(member, 'Fridays work for families too');
    const threaded = viewer.locator(`.room-item[data-post-id="${parentId}"] > .room-replies > .room-item[data-post-id="${replyId}"]`);
    await threaded.locator('.room-post-context', { hasText: 'Replying to @room_member' }).waitFor();

    const mine = member.locator(`.room-item[data-post-id="${replyId}"]`);
    await mine.getByRole('link', { name: 'Edit' }).click();
    await mine.getByLabel('Edit your post').fill('Fridays work for families, too');
    await mine.getByRole('button', { name: 'Save' }).click();
    await threaded.locator('.room-post-text', { hasText: 'Fridays work for families, too #musesocial' }).waitFor();
    await threaded.locator('[data-slot="edited-label"]:not([hidden])').waitFor();
  });

  it('refuses an empty post and a muted member’s post in the composer, changing nothing', async () => {
    const before = await member.locator('.room-item').count();
    await member.getByLabel('Your post').fill('   ');
    await member.getByRole('button', { name: 'Post', exact: true }).click();
    await member.getByRole('alert').filter({ hasText: 'Your post must not be empty.' }).waitFor();

    const target = moderator.locator('.room-item', { has: moderator.locator('.room-post-text', { hasText: 'A1 Family torch-lit trails' }) });
    await target.locator('summary', { hasText: 'Moderate' }).click();
    await target.getByRole('button', { name: 'Mute @room_member' }).click();
    await moderator.getByText('@room_member is muted in this chat.').waitFor();
    await member.getByLabel('Your post').fill('A1 Can anyone hear me?');
    await member.getByRole('button', { name: 'Post', exact: true }).click();
    await member.getByRole('alert').filter({ hasText: 'You are muted in this chat.' }).waitFor();
    assert.equal(await member.getByLabel('Your post').inputValue(), 'A1 Can anyone hear me?', 'the text is kept');
    assert.equal(await member.locator('.room-item').count(), before, 'nothing was posted');

    await moderator.getByRole('region', { name: 'Moderation' }).getByRole('button', { name: 'Unmute @room_member' }).click();
    await moderator.getByText('@room_member may post again.').waitFor();
    await compose(member, 'A1 Can anyone hear me?');
  });

  it('lets a reader pause, filter to one question and flip the order, without reload', async () => {
    await viewer.getByRole('button', { name: 'Pause' }).click();
    const paused = await compose(member, 'A1 Written while the viewer paused');
    await viewer.getByRole('button', { name: 'Resume (1 waiting)' }).waitFor();
    assert.equal(await copies(viewer, paused), 0, 'nothing moves while paused');
    await viewer.getByRole('button', { name: 'Resume (1 waiting)' }).click();
    await viewer.locator(`.room-item[data-post-id="${paused}"]`).waitFor();

    await viewer.getByRole('navigation', { name: 'Show one question' }).getByRole('link', { name: 'Q1' }).click();
    await viewer.waitForURL(/\?q=q1$/);
    assert.equal(await viewer.locator('#other').isHidden(), true);
    assert.equal(await viewer.locator('#q1').isVisible(), true);
    await viewer.getByRole('navigation', { name: 'Show one question' }).getByRole('link', { name: 'All' }).click();
    await viewer.locator('#other').waitFor();

    const ids = () => q1Items(viewer).locator(':scope > .room-item').evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.postId)));
    const oldestFirst = await ids();
    await viewer.getByRole('button', { name: 'Newest first' }).click();
    assert.deepEqual(await ids(), [...oldestFirst].reverse());
    const newest = await compose(member, 'A1 Newest of all');
    await viewer.locator(`.room-item[data-post-id="${newest}"]`).waitFor();
    assert.equal((await ids())[0], Number(newest), 'a new answer lands on top');
    await viewer.getByRole('button', { name: 'Newest first' }).click();
    assert.equal((await ids()).at(-1), Number(newest));
    assert.equal(await viewer.evaluate(() => (window as unknown as { roomMark?: number }).roomMark), 1, 'no reload');
  });

  it('counts posts that arrive out of view, and jumps to them', async () => {
    await viewer.setViewportSize({ width: 1280, height: 420 });
    await viewer.evaluate(() => window.scrollTo(0, 0));
    const unseen = await compose(member, 'A1 Arrived while you read the top');
    const marker = viewer.getByRole('button', { name: '1 new post' });
    await marker.waitFor();
    await marker.click();
    await marker.waitFor({ state: 'hidden' });
    assert.equal(await viewer.locator(`#post-${unseen}`).evaluate((el) => el === document.activeElement), true, 'focus follows the jump');
    await viewer.setViewportSize({ width: 1280, height: 800 });
  });

  it('has no serious accessibility violations for anonymous viewers, members and hosts', async () => {
    assert.deepEqual(await checkAccessibility(viewer), [], 'anonymous viewer');
    assert.deepEqual(await checkAccessibility(member), [], 'member');
    assert.deepEqual(await checkAccessibility(host), [], 'host');
    await harness.screenshot(host, 'live-room-3-host-console');
  });

  it('fits a phone screen', async () => {
    const phone = await harness.newPage(await harness.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
    await phone.goto(`${harness.origin}${room}`);
    await connected(phone);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no sideways scrolling');
    assert.deepEqual(await checkAccessibility(phone), []);
    await harness.screenshot(phone, 'live-room-4-phone');
  });

  it('works without JavaScript: the composer is a plain form that posts and comes back', async () => {
    const page = await harness.newPage(await harness.newContext({ javaScriptEnabled: false }));
    await page.goto(`${harness.origin}/login?next=${encodeURIComponent(room)}`);
    await page.getByLabel('Handle').fill('room_member');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${harness.origin}${room}`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await page.getByRole('navigation', { name: 'Show one question' }).getByRole('link', { name: 'Q1' }).click();
    await page.waitForURL(/\?q=q1$/);
    assert.equal(await page.locator('#other').isHidden(), true, 'the filter works as a plain link');
    await page.getByLabel('Your post').fill('A1 Posted without any script');
    await Promise.all([page.waitForURL(/\/live#post-\d+$/), page.getByRole('button', { name: 'Post', exact: true }).click()]);
    await page.locator('#q1 .room-post-text', { hasText: 'A1 Posted without any script #musesocial' }).waitFor();
    await viewer.locator('#q1 .room-post-text', { hasText: 'A1 Posted without any script #musesocial' }).waitFor();
    await harness.screenshot(page, 'live-room-5-no-javascript');
  });

  it('closes the room for everyone when a host closes it', async () => {
    host.once('dialog', (dialog) => void dialog.accept());
    await host.getByRole('button', { name: 'Close room' }).click();
    await member.locator('[data-slot="closed-notice"]', { hasText: 'This chat has ended; posting is closed.' }).waitFor();
    assert.equal(await member.getByRole('button', { name: 'Post', exact: true }).isDisabled(), true);
    await viewer.locator('[data-slot="status"]', { hasText: 'Ended' }).waitFor();
    await host.getByRole('button', { name: 'Open room now' }).waitFor();
  });

  it('raised no script or console errors but the refusal it provoked', () => {
    // Chromium logs every 4xx answer to fetch; the muted member's refused post is the one we asked for.
    assert.deepEqual(harness.errors, [`${harness.origin}${room}: Failed to load resource: the server responded with a status of 403 (Forbidden)`]);
  });
});
