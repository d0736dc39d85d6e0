// Two members and one place at the venue, in a real browser: the first
// takes the place, the second is waitlisted, the first cancels and the
// second finds the place is theirs. Then the organizer's attendees page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { signUp } from '../../src/accounts/accounts.service.ts';
import { findUserByHandle } from '../../src/accounts/users.repository.ts';
import { createChat } from '../../src/chats/chats.service.ts';
import { updatePlaces } from '../../src/rsvps/attendees.service.ts';

const PASSWORD = 'correct horse battery staple';

describe('RSVP: one place, a waitlist and automatic promotion (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let slug = '';
  let ana: Page;
  let ben: Page;

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const database = harness.server.database;
    const organizer = await signUp(database.db, { handle: 'rsvp_org', password: PASSWORD, role: 'organizer' });
    const start = Date.now() + 3 * 24 * 3600_000;
    const chat = await createChat(database.db, organizer, {
      title: 'Museum tweetup at the Met',
      hashtags: ['musesocial'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3600_000).toISOString(),
      timeZone: 'America/New_York',
      kind: 'hybrid',
      venue: { name: 'The Met', address: '1000 5th Ave, New York' },
      background: 'Meet in the Great Hall, or follow **#musesocial** online.',
    });
    slug = chat.slug;
    await updatePlaces(database, organizer, slug, { capacity: 1, mode: 'first_come' });
    await signUp(database.db, { handle: 'rsvp_ana', displayName: 'Ana Ortiz', password: PASSWORD });
    await signUp(database.db, { handle: 'rsvp_ben', displayName: 'Ben Okafor', password: PASSWORD });
  });
  after(() => harness?.close());

  /** Signs in through the /login form in a browser context of its own and lands on the chat. */
  async function signIn(handle: string): Promise<Page> {
    const page = await harness.newPage(await harness.newContext());
    await page.goto(`${harness.origin}/login?next=${encodeURIComponent(`/chats/${slug}`)}`);
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${harness.origin}/chats/${slug}`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    return page;
  }

  const panel = (page: Page) => page.locator('#rsvp');
  const myStatus = async (page: Page) => ((await page.locator('.rsvp-status').textContent()) ?? '').trim();

  it('shows anonymous readers the places left and a way to sign in', async () => {
    const page = await harness.newPage(await harness.newContext());
    await page.goto(`${harness.origin}/chats/${slug}`);
    await panel(page).getByRole('heading', { name: 'Places and RSVPs' }).waitFor();
    assert.match((await panel(page).locator('.rsvp-stats').textContent()) ?? '', /1 of 1 place left/);
    await panel(page).getByRole('link', { name: 'Sign in' }).waitFor();
  });

  it('gives the only place to the first member who takes it', async () => {
    ana = await signIn('rsvp_ana');
    await Promise.all([ana.waitForURL(`**/chats/${slug}#rsvp`), panel(ana).getByRole('button', { name: 'Take a place' }).click()]);
    assert.match(await myStatus(ana), /You have a place at the venue\./);
    assert.match((await panel(ana).locator('.rsvp-stats').textContent()) ?? '', /0 of 1 place left/);
    await harness.screenshot(ana, 'rsvp-1-ana-has-the-place');
  });

  it('puts the second member on the waitlist, and says so', async () => {
    ben = await signIn('rsvp_ben');
    const join = panel(ben).getByRole('button', { name: 'Join the waitlist' });
    await Promise.all([ben.waitForURL(`**/chats/${slug}#rsvp`), join.click()]);
    assert.match(await myStatus(ben), /You are number 1 on the waitlist\. You will get a place automatically/);
    await panel(ben).getByRole('button', { name: 'Leave the waitlist' }).waitFor();
    await harness.screenshot(ben, 'rsvp-2-ben-waitlisted');
    assert.deepEqual(await checkAccessibility(ben), [], 'chat page with the RSVP panel');
  });

  it('promotes the waitlisted member when the first one cancels', async () => {
    await ana.reload();
    await Promise.all([ana.waitForURL(`**/chats/${slug}#rsvp`), panel(ana).getByRole('button', { name: 'Cancel my place' }).click()]);
    assert.match(await myStatus(ana), /You cancelled your RSVP\./);
    assert.match((await panel(ana).locator('.rsvp-stats').textContent()) ?? '', /0 of 1 place left/, 'the place went straight to Ben');
    await panel(ana).getByRole('button', { name: 'Join the waitlist' }).waitFor();

    await ben.reload();
    assert.match(await myStatus(ben), /You have a place at the venue\./);
    await panel(ben).getByRole('button', { name: 'Cancel my place' }).waitFor();
    await harness.screenshot(ben, 'rsvp-3-ben-promoted');
  });

  it('shows the organizer the list, the place settings and a CSV export', async () => {
    const organizer = await signIn('rsvp_org');
    await panel(organizer).getByRole('link', { name: 'Manage attendees and places' }).click();
    await organizer.waitForURL(`**/chats/${slug}/attendees`);
    const rows = organizer.locator('table.attendees tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? '', /@rsvp_ben.*Has a place/);
    assert.match((await rows.nth(1).textContent()) ?? '', /@rsvp_ana.*Cancelled/);
    assert.equal(await organizer.getByLabel('Capacity').inputValue(), '1');
    assert.deepEqual(await checkAccessibility(organizer), [], 'attendees page');
    await harness.screenshot(organizer, 'rsvp-4-attendees');

    const [download] = await Promise.all([organizer.waitForEvent('download'), organizer.getByRole('link', { name: 'Download as CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `${slug}-attendees.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /rsvp_ben,Ben Okafor,confirmed/);
    assert.match(csv, /rsvp_ana,Ana Ortiz,cancelled/);

    // Raising the capacity through the form gives Ana, back on the waitlist, a place.
    await Promise.all([ana.waitForURL(`**/chats/${slug}#rsvp`), panel(ana).getByRole('button', { name: 'Join the waitlist' }).click()]);
    await organizer.getByLabel('Capacity').fill('2');
    await Promise.all([organizer.waitForURL(`**/attendees?saved=places`), organizer.getByRole('button', { name: 'Save place settings' }).click()]);
    await organizer.getByText('Place settings saved.').waitFor();
    assert.match((await organizer.locator('table.attendees tbody tr', { hasText: '@rsvp_ana' }).textContent()) ?? '', /Has a place/);
  });

  it('takes an application with its answer, which the organizer accepts', async () => {
    const database = harness.server.database;
    const organizerUser = (await findUserByHandle(database.db, 'rsvp_org'))!;
    const start = Date.now() + 10 * 24 * 3600_000;
    const workshop = await createChat(database.db, organizerUser, {
      title: 'Collections workshop',
      hashtags: ['musesocial'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3 * 3600_000).toISOString(),
      timeZone: 'America/New_York',
      kind: 'in_person',
      venue: { name: 'Brooklyn Museum' },
    });
    await updatePlaces(database, organizerUser, workshop.slug, { capacity: 12, mode: 'application', question: 'Which museum are you with?' });

    await ana.goto(`${harness.origin}/chats/${workshop.slug}`);
    await panel(ana).getByLabel('Which museum are you with?').fill('The Met, <education> team');
    await Promise.all([ana.waitForURL(`**/chats/${workshop.slug}#rsvp`), panel(ana).getByRole('button', { name: 'Request a place' }).click()]);
    assert.match(await myStatus(ana), /You asked for a place; the organizers have not decided yet\.\s*Your answer: The Met, <education> team/);
    await harness.screenshot(ana, 'rsvp-6-applied');

    const organizer = await harness.newPage(await harness.newContext());
    await organizer.goto(`${harness.origin}/login?next=${encodeURIComponent(`/chats/${workshop.slug}/attendees`)}`);
    await organizer.getByLabel('Handle').fill('rsvp_org');
    await organizer.getByLabel('Password').fill(PASSWORD);
    await Promise.all([organizer.waitForURL(`**/chats/${workshop.slug}/attendees`), organizer.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await Promise.all([organizer.waitForURL(/saved=decision/), organizer.getByRole('button', { name: 'Accept @rsvp_ana' }).click()]);
    assert.match((await organizer.locator('table.attendees tbody tr', { hasText: '@rsvp_ana' }).textContent()) ?? '', /Accepted.*by @rsvp_org/);
    await harness.screenshot(organizer, 'rsvp-7-accepted');

    await ana.reload();
    assert.match(await myStatus(ana), /Your request was accepted: you have a place at the venue\./);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await harness.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await harness.newPage(phone);
    await page.goto(`${harness.origin}/chats/${slug}`);
    await panel(page).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await harness.screenshot(page, 'rsvp-5-phone');
    assert.ok(overflow <= 0, `overflows by ${overflow} px`);
  });

  it('raised no script or console errors', () => assert.deepEqual(harness.errors, []));
});
