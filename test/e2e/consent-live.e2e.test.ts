// Consent removal reaches people already watching: an admin anonymises a
// member from /admin/consent (found through the account box), and a viewer
// with the room open sees the member's post lose its name and handle
// without reloading; then a removal takes another member's post off the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { signUp } from '../../src/accounts/accounts.service.ts';
import { createChat } from '../../src/chats/chats.service.ts';
import { createPost } from '../../src/posts/posts.service.ts';

const PASSWORD = 'correct horse battery staple';

describe('consent: forgetting reaches open rooms (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let room = '';
  let admin: Page;
  let viewer: Page;
  const ids: Record<string, string> = {};

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const db = harness.server.database.db;
    const organizer = await signUp(db, { handle: 'consent_host', displayName: 'Dana Host', password: PASSWORD, role: 'organizer' });
    await signUp(db, { handle: 'consent_admin', displayName: 'Ada Admin', password: PASSWORD, role: 'admin' });
    const priya = await signUp(db, { handle: 'priya_m', displayName: 'Priya Member', password: PASSWORD });
    const sam = await signUp(db, { handle: 'sam_m', displayName: 'Sam Member', password: PASSWORD });
    const start = Date.now() - 10 * 60_000;
    const chat = await createChat(db, organizer, { title: 'Museums after dark', hashtags: ['musesocial'], startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), timeZone: 'UTC' });
    room = `/chats/${chat.slug}/live`;
    ids.priya = (await createPost(db, priya, chat.slug, { text: 'Late openings with live music' })).post.id.toString();
    ids.sam = (await createPost(db, sam, chat.slug, { text: 'Torch-lit tours, every time' })).post.id.toString();
  });
  after(() => harness?.close());

  it('shows the room to a viewer, and admins the way to the consent page', async () => {
    viewer = await harness.newPage(await harness.newContext());
    await viewer.goto(`${harness.origin}${room}`);
    await viewer.locator('[data-slot="connection"][data-state="live"]').waitFor();
    assert.equal(await viewer.locator('[data-slot="posters"]').textContent(), '2 have posted');
    await viewer.evaluate(() => ((window as unknown as { roomMark: number }).roomMark = 1));

    admin = await harness.newPage(await harness.newContext());
    await admin.goto(`${harness.origin}/login?next=%2Fchats`);
    await admin.getByLabel('Handle').fill('consent_admin');
    await admin.getByLabel('Password').fill(PASSWORD);
    await Promise.all([admin.waitForURL(`${harness.origin}/chats`), admin.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await Promise.all([admin.waitForURL(`${harness.origin}/admin/consent`), admin.getByRole('link', { name: 'Consent', exact: true }).click()]);
    assert.deepEqual(await checkAccessibility(admin), [], 'no accessibility violations on the consent page');
    await harness.screenshot(admin, 'consent-admin');
  });

  async function forget(handle: string, mode: 'Remove the posts' | 'Keep the posts, anonymously') {
    await admin.goto(`${harness.origin}/admin/consent`);
    await admin.getByLabel('Author', { exact: true }).fill(handle);
    await admin.getByLabel('Network').selectOption('local');
    await admin.getByLabel(mode).check();
    await admin.getByLabel('Who asked, and how').fill('In person, at the museum');
    await admin.getByRole('button', { name: 'Review before forgetting' }).click();
    await Promise.all([admin.waitForURL(/\/admin\/consent\?done=/), admin.getByRole('button', { name: /now$/ }).click()]);
  }

  it('anonymises a member: the open room shows “Anonymous”, no handle, without reloading', async () => {
    const post = viewer.locator(`#post-${ids.priya}`);
    assert.equal(await post.locator('[data-slot="display-name"]').textContent(), 'Priya Member');
    await forget('priya_m', 'Keep the posts, anonymously');
    await post.locator('[data-slot="display-name"]', { hasText: 'Anonymous' }).waitFor();
    assert.equal(await post.locator('[data-slot="handle"]').isVisible(), false, 'no handle shown');
    assert.equal(await post.locator('.room-post-text').textContent(), 'Late openings with live music #musesocial', 'the words stay');
    const html = await viewer.content();
    assert.ok(!html.includes('priya_m'), `the handle is nowhere on the page: ${html.slice(html.indexOf('priya_m') - 300, html.indexOf('priya_m') + 40)}`);
  });

  it('removes a member: the post leaves the open room', async () => {
    await forget('sam_m', 'Remove the posts');
    await viewer.locator(`.room-item[data-post-id="${ids.sam}"]`).waitFor({ state: 'detached' });
    assert.equal(await viewer.locator('[data-slot="posters"]').textContent(), '1 has posted', 'the count follows the posts on the page');
    assert.equal(await viewer.evaluate(() => (window as unknown as { roomMark?: number }).roomMark), 1, 'the viewer did not reload');
    await harness.screenshot(viewer, 'consent-live-room-after');
  });

  it('raised no script or console errors', () => {
    assert.deepEqual(harness.errors, []);
  });
});
