// Calendar files as people use them, in a real Chromium: a reader adds a
// chat to their calendar from its page, and an organizer imports chats from
// an .ics file exported by another calendar. The downloaded file is read
// with ical.js, independently of the generator that wrote it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { signUp } from '../../src/accounts/accounts.service.ts';
import { checkAccessibility, SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/icalendar');
const HANDLE = 'e2e_importer';
const PASSWORD = 'correct horse battery staple';

describe('calendar files in the browser (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let organizer: Page;

  before(async () => {
    harness = await startBrowserHarness();
    await signUp(harness.server.database.db, { handle: HANDLE, password: PASSWORD, role: 'organizer' });
    organizer = await harness.newPage(await harness.newContext({ timezoneId: 'America/Phoenix' }));
    await organizer.goto(`${harness.origin}/login`);
    await organizer.getByLabel('Handle').fill(HANDLE);
    await organizer.getByLabel('Password').fill(PASSWORD);
    await Promise.all([organizer.waitForURL(`${harness.origin}/`), organizer.getByRole('button', { name: 'Sign in', exact: true }).click()]);
  });
  after(() => harness?.close());

  it('lets a reader download a chat’s .ics that calendar apps read as the same times', async () => {
    const reader = await harness.newPage(await harness.newContext({ timezoneId: 'Asia/Tokyo' }));
    await reader.goto(`${harness.origin}/chats/why-museums-post`);
    await harness.screenshot(reader, 'calendar-chat-page');
    const [download] = await Promise.all([reader.waitForEvent('download'), reader.getByRole('link', { name: 'Add to calendar (.ics)' }).click()]);
    assert.equal(download.suggestedFilename(), 'why-museums-post.ics');
    const ics = readFileSync((await download.path())!, 'utf8');

    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics) as unknown as unknown[]).getFirstSubcomponent('vevent')!);
    const chat = (await (await fetch(`${harness.origin}/api/v1/chats/why-museums-post`)).json()) as { title: string; startsAt: string; endsAt: string; timeZone: string };
    assert.equal(event.startDate.zone?.tzid, chat.timeZone);
    assert.equal(new Date(event.startDate.toUnixTime() * 1000).toISOString(), chat.startsAt);
    assert.equal(new Date(event.endDate.toUnixTime() * 1000).toISOString(), chat.endsAt);
    assert.ok(event.summary.startsWith(chat.title));
    await reader.close();
  });

  it('offers the calendar subscription and the import on the chats page', async () => {
    await organizer.goto(`${harness.origin}/chats?tag=musesocial`);
    assert.equal(await organizer.getByRole('link', { name: 'Subscribe to #musesocial chats (.ics)' }).getAttribute('href'), '/calendar.ics?tag=musesocial');
    await harness.screenshot(organizer, 'calendar-chats-list');
    await Promise.all([organizer.waitForURL(`${harness.origin}/chats/import`), organizer.getByRole('link', { name: 'Import chats from a calendar file' }).click()]);
    assert.deepEqual(await checkAccessibility(organizer), []);
    await harness.screenshot(organizer, 'calendar-import-form');
  });

  it('explains a file that is not a calendar next to the file field, accessibly', async () => {
    await organizer.goto(`${harness.origin}/chats/import`);
    await organizer.getByLabel('Calendar file (.ics)').setInputFiles({ name: 'photo.ics', mimeType: 'text/calendar', buffer: Buffer.from('<html><body>not a calendar</body></html>') });
    await organizer.getByRole('button', { name: 'Import' }).click();
    await organizer.waitForSelector('#field-file-error');
    assert.match((await organizer.locator('#field-file-error').textContent()) ?? '', /is not an iCalendar file: it should start with BEGIN:VCALENDAR/);
    assert.equal(await organizer.getByLabel('Calendar file (.ics)').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await checkAccessibility(organizer), []);
    await harness.screenshot(organizer, 'calendar-import-error');
  });

  it('imports a Meetup export and lists the chat it created, which opens with the right venue and time', async () => {
    await organizer.goto(`${harness.origin}/chats/import`);
    await organizer.getByLabel('Calendar file (.ics)').setInputFiles(path.join(FIXTURES, 'node-ical/meetup-timed-tz.ics'));
    await organizer.getByLabel('Hashtag for imported chats').fill('#drupal');
    await Promise.all([organizer.waitForSelector('h1:text("Import finished")'), organizer.getByRole('button', { name: 'Import' }).click()]);
    assert.match((await organizer.getByRole('status').textContent()) ?? '', /Created 1 chat, skipped 0 events, rejected 0 events/);
    assert.deepEqual(await checkAccessibility(organizer), []);
    await harness.screenshot(organizer, 'calendar-import-report');

    await Promise.all([organizer.waitForURL(/\/chats\/phoenix-drupal-user-group-monthly-meetup-2011-11-09$/), organizer.getByRole('link', { name: 'Phoenix Drupal User Group Monthly Meetup' }).click()]);
    const details = (await organizer.locator('.chat-details').textContent()) ?? '';
    assert.match(details, /Open Source Project Tempe, 1415 E University Dr\. #103A, Tempe, AZ 85281/);
    // 19:00 in Phoenix, shown in this browser's zone (Phoenix) by the client script.
    assert.match(details, /Wed, Nov 9, 2011, 7:00 PM MST/);
    await harness.screenshot(organizer, 'calendar-imported-chat');
  });

  it('reports each event of an Exchange export, with the line of the one it could not read', async () => {
    await organizer.goto(`${harness.origin}/chats/import`);
    await organizer.getByLabel('Calendar file (.ics)').setInputFiles(path.join(FIXTURES, 'node-ical/ms_timezones.ics'));
    await organizer.getByLabel('Hashtag for imported chats').fill('exchange');
    await Promise.all([organizer.waitForSelector('h1:text("Import finished")'), organizer.getByRole('button', { name: 'Import' }).click()]);
    const rows = await organizer.locator('.import-report tbody tr').allInnerTexts();
    assert.equal(rows.length, 4);
    assert.match(rows[1] ?? '', /^152\s+Log Yesterday's Jira time\s+REJECTED\s+cannot be read: Missing parameter value/);
    assert.match(rows[0] ?? '', /Thu, Sep 10, 2020, 12:00 AM MST\s+CREATED/, '09:00 Berlin summer time is midnight in Phoenix');
    await harness.screenshot(organizer, 'calendar-import-report-mixed');
  });

  it('raised no script or console errors', () => {
    // Chromium logs the 422 of the refused upload above; that status is the point of that test.
    assert.deepEqual(harness.errors.filter((e) => !/\/chats\/import: Failed to load resource: .* status of 422/.test(e)), []);
  });
});
