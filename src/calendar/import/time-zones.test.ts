import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findIana } from 'windows-iana';
import { fixedOffsetZone, ianaZoneFor } from './time-zones.ts';
import { WINDOWS_DISPLAY_NAMES } from './windows-display-names.ts';

describe('ianaZoneFor', () => {
  it('keeps IANA names (canonical spelling) and strips vendor prefixes', () => {
    assert.equal(ianaZoneFor('America/Phoenix'), 'America/Phoenix');
    assert.equal(ianaZoneFor('"America/Los_Angeles"'), 'America/Los_Angeles');
    assert.equal(ianaZoneFor('america/new_york'), 'America/New_York');
    assert.equal(ianaZoneFor('/mozilla.org/20050126_1/America/New_York'), 'America/New_York');
    assert.equal(ianaZoneFor('/freeassociation.sourceforge.net/Tzfile/Europe/London'), 'Europe/London');
  });

  it('maps Windows ids as Exchange writes them', () => {
    assert.equal(ianaZoneFor('W. Europe Standard Time'), 'Europe/Berlin');
    assert.equal(ianaZoneFor('Eastern Standard Time'), 'America/New_York');
    assert.equal(ianaZoneFor('Pacific Standard Time'), 'America/Los_Angeles');
    assert.equal(ianaZoneFor('GMT Standard Time'), 'Europe/London');
  });

  it('maps Outlook display names, in UTC, GMT and "and" spellings', () => {
    assert.equal(ianaZoneFor('(UTC-05:00) Eastern Time (US & Canada)'), 'America/New_York');
    assert.equal(ianaZoneFor('(UTC-05:00) Eastern Time (US and Canada)'), 'America/New_York');
    assert.equal(ianaZoneFor('(GMT+10:00) Canberra, Melbourne, Sydney'), 'Australia/Sydney');
    assert.equal(ianaZoneFor('(UTC+07:00) Bangkok, Hanoi, Jakarta'), 'Asia/Bangkok');
    assert.equal(ianaZoneFor('(UTC) Coordinated Universal Time'), 'UTC');
    assert.equal(ianaZoneFor('Amsterdam, Belgrade, Berlin, Brussels, Budapest, Madrid, Paris, Prague, Stockholm'), 'Europe/Berlin');
  });

  it('says null for names it cannot place, including bare offsets', () => {
    for (const name of ['Customized Time Zone 1', ' 1', '', '+01:00', '(UTC+03:00) Atlantis', 'Eastern Time']) assert.equal(ianaZoneFor(name), null, name);
  });

  it('has a Windows zone that CLDR knows behind every display name', () => {
    for (const [display, id] of Object.entries(WINDOWS_DISPLAY_NAMES)) assert.ok(findIana(id).length > 0, `${display} → ${id}`);
  });
});

describe('fixedOffsetZone', () => {
  it('names whole-hour offsets with Etc/GMT’s inverted sign and falls back to UTC', () => {
    assert.equal(fixedOffsetZone(7 * 60), 'Etc/GMT-7');
    assert.equal(fixedOffsetZone(-4 * 60), 'Etc/GMT+4');
    assert.equal(fixedOffsetZone(0), 'UTC');
    assert.equal(fixedOffsetZone(5 * 60 + 30), 'UTC');
  });
});
