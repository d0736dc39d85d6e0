import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { bearerFor, buildUser } from '../support/factories.ts';

/**
 * Every real calendar in ../shared/fixtures/icalendar imported through the
 * API. The expected instants were worked out by hand from each file (wall
 * time + the zone's offset on that date), not by a parser, and are
 * explained next to each event.
 */

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/icalendar');

interface Expected {
  title: string;
  outcome: 'created' | 'skipped' | 'rejected';
  line: number;
  startsAt?: string;
  endsAt?: string;
  timeZone?: string;
  reason?: RegExp;
}

const CASES: Record<string, Expected[] | RegExp> = {
  // Outlook Web Access: no UIDs, Windows display names as TZID, no VTIMEZONE.
  'node-ical/Office-2012-owa.ics': [
    // 28 Oct 2020 13:30 Sydney: daylight time began 4 Oct, so AEDT (+11) → 02:30Z.
    { title: 'TEST Syd', outcome: 'created', line: 6, startsAt: '2020-10-28T02:30:00.000Z', endsAt: '2020-10-28T04:00:00.000Z', timeZone: 'Australia/Sydney' },
    // 28 Oct 2020 13:30 New York: still EDT (-4) until 1 Nov → 17:30Z.
    { title: 'TEST', outcome: 'created', line: 25, startsAt: '2020-10-28T17:30:00.000Z', endsAt: '2020-10-28T19:00:00.000Z', timeZone: 'America/New_York' },
    // 2 Nov 2020 13:30 New York: EST (-5) → 18:30Z.
    { title: 'TEST 3', outcome: 'created', line: 44, startsAt: '2020-11-02T18:30:00.000Z', endsAt: '2020-11-02T20:00:00.000Z', timeZone: 'America/New_York' },
    // Weekly on Thu/Fri, but DTSTART (a Monday) is always the first occurrence.
    { title: 'TEST2', outcome: 'created', line: 63, startsAt: '2020-11-02T18:30:00.000Z', endsAt: '2020-11-02T20:00:00.000Z', timeZone: 'America/New_York' },
  ],
  // Quoted IANA TZID with no VTIMEZONE: 18 Apr 2013 11:00 PDT (-7) → 18:00Z.
  'node-ical/event-with-valarm.ics': [
    { title: 'Event with an alarm', outcome: 'created', line: 2, startsAt: '2013-04-18T18:00:00.000Z', endsAt: '2013-04-18T19:00:00.000Z', timeZone: 'America/Los_Angeles' },
  ],
  // Exchange custom VTIMEZONE "(UTC+07:00) Bangkok\, Hanoi\, Jakarta", fixed +07:00: 09:00 → 02:00Z.
  'node-ical/exchange-custom-tz.ics': [
    { title: 'Test event', outcome: 'created', line: 19, startsAt: '2019-04-30T02:00:00.000Z', endsAt: '2019-04-30T05:00:00.000Z', timeZone: 'Asia/Bangkok' },
  ],
  // Floating time, no X-WR-TIMEZONE: read as UTC (the custom VTIMEZONE is not referenced).
  'node-ical/floating-dtstart-custom-vtimezone.ics': [
    { title: 'Floating DTSTART with custom VTIMEZONE', outcome: 'created', line: 19, startsAt: '2025-06-10T14:00:00.000Z', endsAt: '2025-06-10T15:00:00.000Z', timeZone: 'UTC' },
  ],
  // Google, Europe/Kiev with its VTIMEZONE: the override of 26 Aug comes first in the file.
  'node-ical/google-calendar-kiev-tz.ics': [
    { title: 'bla bla', outcome: 'skipped', line: 27, reason: /later occurrence/ },
    // 25 Aug 2016 14:00 EEST (+3) → 11:00Z.
    { title: 'repeated', outcome: 'created', line: 42, startsAt: '2016-08-25T11:00:00.000Z', endsAt: '2016-08-25T12:00:00.000Z', timeZone: 'Europe/Kiev' },
  ],
  'node-ical/google-recurrence-order.ics': [
    { title: 'TEST RECURR 3 - MODIFIED', outcome: 'skipped', line: 5, reason: /later occurrence/ },
    // 10 Feb 2026 10:00 Denver, MST (-7) → 17:00Z.
    { title: 'TEST RECURR 3', outcome: 'created', line: 18, startsAt: '2026-02-10T17:00:00.000Z', endsAt: '2026-02-10T17:30:00.000Z', timeZone: 'America/Denver' },
  ],
  // Meetup: Phoenix has no daylight time, MST (-7) all year: 9 Nov 2011 19:00 → 10 Nov 02:00Z.
  'node-ical/meetup-timed-tz.ics': [
    { title: 'Phoenix Drupal User Group Monthly Meetup', outcome: 'created', line: 21, startsAt: '2011-11-10T02:00:00.000Z', endsAt: '2011-11-10T04:00:00.000Z', timeZone: 'America/Phoenix' },
  ],
  // Exchange with Windows ids and their VTIMEZONEs; one DTSTART line is broken.
  'node-ical/ms_timezones.ics': [
    // 10 Sep 2020 09:00 under "W. Europe Standard Time" (+2 in summer) → 07:00Z.
    { title: 'test', outcome: 'created', line: 122, startsAt: '2020-09-10T07:00:00.000Z', endsAt: '2020-09-10T07:30:00.000Z', timeZone: 'Europe/Berlin' },
    // DTSTART;TZID="W. Europe Standard Time:20200609T090000" has its value inside the quotes.
    { title: "Log Yesterday's Jira time", outcome: 'rejected', line: 152, reason: /Missing parameter value/ },
    // 15 Sep 2020 08:30 "Pacific Standard Time", PDT (-7) → 15:30Z.
    { title: 'Not the actual summary 1', outcome: 'created', line: 170, startsAt: '2020-09-15T15:30:00.000Z', endsAt: '2020-09-15T16:30:00.000Z', timeZone: 'America/Los_Angeles' },
    // Recurring from 7 Jul 2020 12:00 PDT → 19:00Z (no EXDATE hits that day).
    { title: 'Not the actual summary either', outcome: 'created', line: 192, startsAt: '2020-07-07T19:00:00.000Z', endsAt: '2020-07-07T19:30:00.000Z', timeZone: 'America/Los_Angeles' },
  ],
  // One VTIMEZONE with two eras of US rules; fixed-offset zone for display.
  'node-ical/multi-era-vtimezone.ics': [
    // 10 Jun 2025: modern rule, EDT (-4) → 18:00Z.
    { title: 'Event in 2025 (modern rule)', outcome: 'created', line: 35, startsAt: '2025-06-10T18:00:00.000Z', endsAt: '2025-06-10T19:00:00.000Z', timeZone: 'Etc/GMT+4' },
    // 15 Oct 1985: old rule (daylight time until the last Sunday of October) → still EDT → 18:00Z.
    { title: 'Event in 1985 (old rule)', outcome: 'created', line: 42, startsAt: '1985-10-15T18:00:00.000Z', endsAt: '1985-10-15T19:00:00.000Z', timeZone: 'Etc/GMT+4' },
  ],
  // Lanyrd: a UTC start with a DATE end (midnight UTC), all-day events, and a DTSTART that is not a date.
  'node-ical/multi-event-basic.ics': [
    { title: 'Dyncon 2011', outcome: 'created', line: 7, startsAt: '2011-03-12T20:00:00.000Z', endsAt: '2011-03-14T00:00:00.000Z', timeZone: 'UTC' },
    ...['[Async]: Everything Express', 'JSConf US 2011', 'NodeConf 2011', 'BrazilJS', 'Falsy Values', 'nodecamp.eu', 'Rich Web Experience 2011'].map((title, i) => ({
      title,
      outcome: 'skipped' as const,
      line: [20, 28, 36, 44, 52, 60, 68][i]!,
      reason: /all-day/,
    })),
    { title: 'Foobar', outcome: 'rejected', line: 74, reason: /DTSTART "Next Year" is not a valid date/ },
  ],
  // Versions of overrides: the highest SEQUENCE of each RECURRENCE-ID wins; only the series' first occurrence is a chat.
  'node-ical/recurrence-sequence.ics': [
    { title: 'Daily Meeting', outcome: 'created', line: 4, startsAt: '2024-01-01T10:00:00.000Z', endsAt: '2024-01-01T11:00:00.000Z', timeZone: 'UTC' },
    { title: 'Moved to afternoon (SEQUENCE 3)', outcome: 'skipped', line: 13, reason: /later occurrence/ },
    { title: 'Older version (SEQUENCE 1) - should be ignored', outcome: 'skipped', line: 22, reason: /superseded .* line 13 \(SEQUENCE 3\)/ },
    { title: 'First override (SEQUENCE 2)', outcome: 'skipped', line: 31, reason: /superseded .* line 40 \(SEQUENCE 5\)/ },
    { title: 'Newer override (SEQUENCE 5) - should win', outcome: 'skipped', line: 40, reason: /later occurrence/ },
    { title: 'Morning slot (SEQUENCE 2)', outcome: 'skipped', line: 49, reason: /later occurrence/ },
    { title: 'Afternoon slot (SEQUENCE 4) - different time same day', outcome: 'skipped', line: 58, reason: /later occurrence/ },
  ],
  // Apple Calendar, X-WR-TIMEZONE America/Vancouver (PDT, -7 in July).
  'node-ical/tentative-apple-calendar.ics': [
    // A UTC time keeps its instant; the calendar's zone becomes the chat's zone.
    { title: 'Tentative', outcome: 'created', line: 8, startsAt: '2022-07-04T23:00:00.000Z', endsAt: '2022-07-04T23:50:00.000Z', timeZone: 'America/Vancouver' },
    { title: 'Confirmed', outcome: 'created', line: 26, startsAt: '2022-07-05T16:00:00.000Z', endsAt: '2022-07-05T17:00:00.000Z', timeZone: 'America/Vancouver' },
    { title: 'Cancelled', outcome: 'skipped', line: 52, reason: /cancelled/ },
    { title: 'No Status', outcome: 'created', line: 62, startsAt: '2022-07-07T16:00:00.000Z', endsAt: '2022-07-07T17:00:00.000Z', timeZone: 'America/Vancouver' },
  ],
  'node-ical/test_with_int_tzid.ics': [
    // Europe/Paris without a VTIMEZONE: 15 Dec 2023 15:00 CET (+1) → 14:00Z.
    { title: 'test export import', outcome: 'created', line: 2, startsAt: '2023-12-15T14:00:00.000Z', endsAt: '2023-12-15T15:00:00.000Z', timeZone: 'Europe/Paris' },
    // TZID " 1", defined by the file with Central European rules: 8 Jan 2024 11:00 (+1) → 10:00Z.
    { title: 'Atelier groupes portail/Nuage', outcome: 'created', line: 30, startsAt: '2024-01-08T10:00:00.000Z', endsAt: '2024-01-08T11:00:00.000Z', timeZone: 'Etc/GMT-1' },
  ],
  // EXDATE removes DTSTART (15 Apr 2024 19:00) and the rule ended in 2021: no occurrence is left.
  'node-ical/test_with_tz_list.ics': [{ title: 'xxx xxxx', outcome: 'skipped', line: 12, reason: /every occurrence is excluded/ }],
  'node-ical/utf8-french-calendar.ics': /no events \(VEVENT\).*2 to-do items/,
  // Start in "(UTC-05:00) Eastern Time (US and Canada)": 6 Jul 2015 12:00 EDT → 16:00Z; end 13:00 Los Angeles PDT → 20:00Z.
  'node-ical/windows-quoted-tz-rrule.ics': [
    { title: 'Treasure Hunting', outcome: 'created', line: 2, startsAt: '2015-07-06T16:00:00.000Z', endsAt: '2015-07-06T20:00:00.000Z', timeZone: 'America/New_York' },
  ],
  'ical.js/Los_Angeles.ics': /no events \(VEVENT\) to import/,
  'ical.js/New_York.ics': /no events \(VEVENT\) to import/,
  // 1 Aug 2012 05:00 PDT → 12:00Z (first of a daily series).
  'ical.js/daily_recur.ics': [
    { title: 'Every day recurring', outcome: 'created', line: 25, startsAt: '2012-08-01T12:00:00.000Z', endsAt: '2012-08-01T13:00:00.000Z', timeZone: 'America/Los_Angeles' },
  ],
  // DURATION:P1D from 30 Jun 2012 06:00 PDT (13:00Z): one calendar day later, same offset.
  'ical.js/duration_instead_of_dtend.ics': [
    { title: 'Really long event name thing', outcome: 'created', line: 25, startsAt: '2012-06-30T13:00:00.000Z', endsAt: '2012-07-01T13:00:00.000Z', timeZone: 'America/Los_Angeles' },
  ],
  'ical.js/google_birthday.ics': [9, 28, 49, 70].map((line) => ({ title: "PErson #2's birthday", outcome: 'skipped' as const, line, reason: /all-day/ })),
  'ical.js/minimal.ics': [
    { title: 'Really long event name thing', outcome: 'created', line: 25, startsAt: '2012-06-30T13:00:00.000Z', endsAt: '2012-06-30T14:00:00.000Z', timeZone: 'America/Los_Angeles' },
  ],
  // The override with RECURRENCE-ID 2 Oct 10:00 moves the first occurrence to 15:00 PDT → 22:00Z.
  'ical.js/recur_instances.ics': [
    { title: 'Crazy Event Thingy!', outcome: 'skipped', line: 24, reason: /first occurrence was changed .* line 59/ },
    { title: 'Crazy Event Thingy!', outcome: 'created', line: 59, startsAt: '2012-10-02T22:00:00.000Z', endsAt: '2012-10-02T22:30:00.000Z', timeZone: 'America/Los_Angeles' },
    { title: 'Crazy Event Thingy!', outcome: 'skipped', line: 79, reason: /later occurrence/ },
  ],
  // VTIMEZONE Etc/GMT with offsets written "-0000": 21 Aug 2012 21:00 → 21:00Z.
  'ical.js/utc_negative_zero.ics': [
    { title: 'And another', outcome: 'created', line: 13, startsAt: '2012-08-21T21:00:00.000Z', endsAt: '2012-08-21T21:30:00.000Z', timeZone: 'UTC' },
  ],
};

interface ReportJson {
  created: number;
  skipped: number;
  rejected: number;
  events: Array<{ outcome: string; line: number; title: string; reason: string | null; chat: { slug: string; startsAt: string; endsAt: string; timeZone: string } | null }>;
}

for (const target of databaseTargets()) {
  describe(`iCalendar import of the real-world samples on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('has an expectation for every sample file', () => {
      const files = ['node-ical', 'ical.js'].flatMap((dir) => readdirSync(path.join(FIXTURES, dir)).map((f) => `${dir}/${f}`));
      assert.deepEqual(files.sort(), Object.keys(CASES).sort());
    });

    it('imports each sample with the instants the file means, and again adds nothing', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const headers = { ...(await bearerFor(t.database.db, organizer)), 'content-type': 'text/calendar' };
      const send = (file: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/chats/import?hashtag=imported', headers, payload: readFileSync(path.join(FIXTURES, file)) });

      for (const [file, expected] of Object.entries(CASES)) {
        const response = await send(file);
        if (expected instanceof RegExp) {
          assert.equal(response.statusCode, 400, file);
          const { error } = response.json();
          assert.equal(error.field, 'body', file);
          assert.match(error.message, expected, file);
          continue;
        }
        const report = response.json() as ReportJson;
        assert.equal(response.statusCode, expected.some((e) => e.outcome === 'created') ? 201 : 200, file);
        assert.deepEqual(
          report.events.map((e) => ({ title: e.title, outcome: e.outcome, line: e.line })),
          expected.map((e) => ({ title: e.title, outcome: e.outcome, line: e.line })),
          file,
        );
        report.events.forEach((event, i) => {
          const want = expected[i]!;
          if (want.reason) assert.match(event.reason ?? '', want.reason, `${file} line ${event.line}`);
          if (want.outcome !== 'created') return assert.equal(event.chat, null);
          assert.deepEqual({ startsAt: event.chat?.startsAt, endsAt: event.chat?.endsAt, timeZone: event.chat?.timeZone }, { startsAt: want.startsAt, endsAt: want.endsAt, timeZone: want.timeZone }, `${file}: ${want.title}`);
        });
        // What was stored reads back the same through the chats API.
        for (const event of report.events.filter((e) => e.chat)) {
          const chat = (await t.app.inject({ url: `/api/v1/chats/${event.chat!.slug}` })).json();
          assert.deepEqual([chat.startsAt, chat.endsAt, chat.timeZone, chat.status, chat.hashtags], [event.chat!.startsAt, event.chat!.endsAt, event.chat!.timeZone, new Date(event.chat!.endsAt) < new Date() ? 'ended' : 'scheduled', ['imported']]);
        }
      }

      const before = await countChats(t);
      for (const [file, expected] of Object.entries(CASES)) {
        if (expected instanceof RegExp) continue;
        const report = (await send(file)).json() as ReportJson;
        assert.equal(report.created, 0, file);
        for (const [i, event] of report.events.entries()) {
          if (expected[i]!.outcome === 'created') assert.match(event.reason ?? '', /^already imported as \/chats\//, file);
        }
      }
      assert.equal(await countChats(t), before);
    });
  });
}

async function countChats(t: TestApp): Promise<number> {
  const row = await t.database.db.selectFrom('chats').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
