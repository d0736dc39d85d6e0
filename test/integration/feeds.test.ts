import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { insertChats } from '../../src/chats/chats.repository.ts';
import { updateChat } from '../../src/chats/chats.service.ts';

/**
 * Feed checks with the rules the W3C Feed Validation Service applies to
 * dates, ids, guids and required elements. The rules are first run against
 * the validator's own test cases (../shared/fixtures/feeds: each file names
 * the message it must, or with "!" must not, produce); only then are they
 * trusted on our feeds, which are read with an independent XML parser.
 */

const FEED_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/feeds/feedvalidator-testcases');
const ATOM_NS = 'http://www.w3.org/2005/Atom';

interface Finding {
  message: string;
  element: string;
  parent: string;
  attr?: string;
}
type XmlNode = Record<string, XmlNode[] | string | undefined> & { '#text'?: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
});

const children = (node: XmlNode | undefined, name: string): XmlNode[] => (node?.[name] as XmlNode[] | undefined) ?? [];
const text = (node: XmlNode | undefined): string => (node?.['#text'] ?? '').trim();

// ---------- Dates ----------

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function realTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 60;
}

/** Atom date constructs (RFC 4287 §3.3): RFC 3339 with seconds and an offset, upper-case T and Z. */
function checkAtomDate(value: string, element: string, parent: string, findings: Finding[]): void {
  const m = RFC3339.exec(value);
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = (m?.slice(1) ?? []).map((v) => Number(v ?? 0));
  if (!m || !realTime(year!, month!, day!, hour!, minute!, second!) || offsetHours! > 23 || offsetMinutes! > 59) {
    findings.push({ message: 'InvalidRFC3339Date', element, parent });
    return;
  }
  findings.push({ message: 'ValidW3CDTFDate', element, parent });
  if (year! < 1900 || year! > new Date().getUTCFullYear() + 10) findings.push({ message: 'ImplausibleDate', element, parent });
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RFC822_STRICT = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|UT|GMT|Z|[ECMP][SD]T)$/;
const RFC822_LOOSE = /^(?:([a-z]{3}) ?, ?)?(\d{1,2}) ([a-z]{3}) (\d{2}|\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([+-]\d{4}|ut|gmt|z|[ecmp][sd]t|[a-ik-z])$/i;

/** RFC 822 comments (nested, with \-escapes) are whitespace. */
function withoutComments(value: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (depth > 0 && c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else out += depth > 0 ? '' : c;
    if ((c === '(' && depth === 1) || (c === ')' && depth === 0)) out += ' ';
  }
  return out.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
}

function rfc822Parts(m: RegExpExecArray): boolean {
  const [, dow, day, mon, yearText, hour, minute, second, zone] = m;
  const year = yearText!.length === 2 ? (Number(yearText) < 50 ? 2000 : 1900) + Number(yearText) : Number(yearText);
  const month = MONTHS.indexOf(mon!.toLowerCase()) + 1;
  if (!realTime(year, month, Number(day), Number(hour), Number(minute), Number(second ?? 0))) return false;
  if (/^[+-]\d{4}$/.test(zone!) && Number(zone!.slice(3)) > 59) return false;
  return !dow || DAYS[new Date(Date.UTC(year, month - 1, Number(day))).getUTCDay()] === dow.toLowerCase();
}

/** RSS 2.0 dates: RFC 822 as RFC 2822 writes it is valid; what only a lenient reader gets is problematical. */
function checkRssDate(value: string, element: string, parent: string, findings: Finding[]): void {
  const strict = RFC822_STRICT.exec(value);
  if (strict) {
    if (!rfc822Parts(strict)) return void findings.push({ message: 'InvalidRFC2822Date', element, parent });
    const unusualOffset = /^[+-]\d{4}$/.test(strict[8]!) && !['00', '15', '30', '45'].includes(strict[8]!.slice(3));
    return void findings.push({ message: unusualOffset ? 'ProblematicalRFC822Date' : 'ValidRFC2822Date', element, parent });
  }
  const loose = RFC822_LOOSE.exec(withoutComments(value));
  findings.push({ message: loose && rfc822Parts(loose) ? 'ProblematicalRFC822Date' : 'InvalidRFC2822Date', element, parent });
}

// ---------- Ids ----------

const DNS = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*';
const PCHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})";
/** RFC 4151 tag URIs. */
const TAG_URI = new RegExp(`^tag:(?:[A-Za-z0-9._-]+@${DNS}|${DNS}),\\d{4}(?:-\\d{2}(?:-\\d{2})?)?:${PCHAR}*(?:#${PCHAR}*)?$`);

function checkId(node: XmlNode, parent: string, findings: Finding[]): void {
  const value = text(node);
  if (value.startsWith('tag:')) findings.push({ message: TAG_URI.test(value) ? 'ValidTAG' : 'InvalidTAG', element: 'id', parent });
}

// ---------- Atom ----------

function cardinality(node: XmlNode, parent: string, rules: Record<string, [number, number]>, findings: Finding[]): void {
  for (const [element, [min, max]] of Object.entries(rules)) {
    const count = children(node, element).length;
    if (count < min) findings.push({ message: 'MissingElement', element, parent });
    if (count > max) findings.push({ message: 'DuplicateElement', element, parent });
  }
}

function checkAtom(xml: string): Finding[] {
  const feed = children(parser.parse(xml) as XmlNode, 'feed')[0];
  if (!feed || feed['@_xmlns'] !== ATOM_NS) return [];
  const findings: Finding[] = [];
  const persons = (node: XmlNode) => {
    for (const kind of ['author', 'contributor']) for (const person of children(node, kind)) cardinality(person, kind, { name: [1, 1], uri: [0, 1], email: [0, 1] }, findings);
  };
  cardinality(feed, 'feed', { id: [1, 1], title: [1, 1], updated: [1, 1] }, findings);
  for (const id of children(feed, 'id')) checkId(id, 'feed', findings);
  for (const updated of children(feed, 'updated')) checkAtomDate(text(updated), 'updated', 'feed', findings);
  persons(feed);
  for (const entry of children(feed, 'entry')) {
    cardinality(entry, 'entry', { id: [1, 1], title: [1, 1], updated: [1, 1], published: [0, 1], summary: [0, 1] }, findings);
    for (const id of children(entry, 'id')) checkId(id, 'entry', findings);
    for (const name of ['updated', 'published']) for (const date of children(entry, name)) checkAtomDate(text(date), name, 'entry', findings);
    if (children(feed, 'author').length === 0 && children(entry, 'author').length === 0 && children(entry, 'source').length === 0) {
      findings.push({ message: 'MissingElement', element: 'author', parent: 'entry' });
    }
    persons(entry);
  }
  return findings;
}

// ---------- RSS ----------

function checkRss(xml: string): Finding[] {
  const channel = children(children(parser.parse(xml) as XmlNode, 'rss')[0], 'channel')[0];
  if (!channel) return [];
  const findings: Finding[] = [];
  cardinality(channel, 'channel', { title: [1, 1], link: [1, 1], description: [1, 1] }, findings);
  for (const name of ['pubDate', 'lastBuildDate']) for (const date of children(channel, name)) checkRssDate(text(date), name, 'channel', findings);
  const guids = new Set<string>();
  for (const item of children(channel, 'item')) {
    for (const date of children(item, 'pubDate')) checkRssDate(text(date), 'pubDate', 'item', findings);
    if (children(item, 'guid').length === 0) findings.push({ message: 'MissingGuid', element: 'guid', parent: 'item' });
    for (const guid of children(item, 'guid')) {
      for (const attribute of Object.keys(guid).filter((k) => k.startsWith('@_') && k !== '@_isPermaLink')) {
        if (attribute.toLowerCase() === '@_ispermalink') findings.push({ message: 'UnexpectedAttribute', element: 'guid', parent: 'item' });
      }
      const flag = guid['@_isPermaLink'] as string | undefined;
      if (flag !== undefined) findings.push({ message: ['true', 'false'].includes(flag) ? 'ValidBooleanAttribute' : 'InvalidBooleanAttribute', element: 'guid', parent: 'item', attr: 'isPermaLink' });
      const value = text(guid);
      if (flag === 'false') {
        if (value) findings.push({ message: 'ValidHttpGUID', element: 'guid', parent: 'item' });
      } else if (/^https?:\/\/\S+$/.test(value)) {
        findings.push({ message: 'ValidHttpGUID', element: 'guid', parent: 'item' });
      } else {
        findings.push({ message: /^[a-z][a-z0-9+.-]*:\S+$/i.test(value) ? 'InvalidPermalink' : 'InvalidHttpGUID', element: 'guid', parent: 'item' });
      }
      if (value && guids.has(value)) findings.push({ message: 'DuplicateValue', element: 'guid', parent: 'item' });
      guids.add(value);
    }
  }
  return findings;
}

// ---------- Against the validator's own test cases ----------

const SUPPORTED = new Set(['InvalidRFC3339Date', 'ValidW3CDTFDate', 'ImplausibleDate', 'MissingElement', 'DuplicateElement', 'ValidTAG', 'InvalidTAG', 'ValidRFC2822Date', 'InvalidRFC2822Date', 'ProblematicalRFC822Date', 'ValidBooleanAttribute', 'InvalidBooleanAttribute', 'ValidHttpGUID', 'InvalidHttpGUID', 'InvalidPermalink', 'DuplicateValue', 'UnexpectedAttribute', 'MissingGuid', 'Error']);
/** Elements whose presence and count we check; expectations about others do not apply. */
const COUNTED = new Set(['id', 'title', 'updated', 'published', 'summary', 'author', 'name', 'uri', 'email', 'link', 'description']);
const isError = (f: Finding) => /^(Invalid|Missing|Duplicate|Unexpected)/.test(f.message);

interface Expectation {
  negated: boolean;
  message: string;
  params: Record<string, string>;
}

function expectationOf(xml: string): Expectation | null {
  const m = /Expect:\s*(!?)(\w+)(?:\{([^}]*)\})?/.exec(xml);
  if (!m) return null;
  const params = Object.fromEntries((m[3] ?? '').split(',').filter(Boolean).map((p) => p.split(':').map((s) => s.trim()) as [string, string]));
  return { negated: m[1] === '!', message: m[2]!, params };
}

function applies(expectation: Expectation): boolean {
  if (!SUPPORTED.has(expectation.message)) return false;
  if (/^(Missing|Duplicate)Element$/.test(expectation.message)) return COUNTED.has(expectation.params.element ?? '');
  if (expectation.message === 'UnexpectedAttribute') return expectation.params.element === 'guid';
  return true;
}

function matches(finding: Finding, expectation: Expectation): boolean {
  if (expectation.message === 'Error') return isError(finding);
  const { element, parent, attr } = expectation.params;
  return finding.message === expectation.message && (!element || element === finding.element) && (!parent || parent === finding.parent) && (!attr || attr === finding.attr);
}

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? fixtureFiles(file) : file.endsWith('.xml') ? [file] : [];
  });
}

describe('W3C feed-validator rules, checked against the validator’s test cases', () => {
  it('produce what each applicable test case expects', () => {
    let applied = 0;
    const failures: string[] = [];
    for (const file of fixtureFiles(FEED_FIXTURES)) {
      const xml = readFileSync(file, 'utf8');
      const expectation = expectationOf(xml);
      if (!expectation || !applies(expectation)) continue;
      const isAtom = file.includes(`${path.sep}atom${path.sep}`);
      if (isAtom && !xml.includes(`xmlns="${ATOM_NS}"`)) continue; // Atom 0.3 and other pre-1.0 formats
      applied++;
      const findings = isAtom ? checkAtom(xml) : checkRss(xml);
      const found = findings.some((f) => matches(f, expectation));
      if (found === expectation.negated) failures.push(`${path.relative(FEED_FIXTURES, file)}: expected ${expectation.negated ? 'no ' : ''}${expectation.message} ${JSON.stringify(expectation.params)}, got ${JSON.stringify(findings)}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(applied >= 250, `only ${applied} test cases applied`);
  });

  it('would catch the mistakes feed generators make', () => {
    const atom = (updated: string, id = 'urn:uuid:1') => `<feed xmlns="${ATOM_NS}"><id>${id}</id><title>t</title><updated>${updated}</updated><author><name>a</name></author></feed>`;
    assert.ok(checkAtom(atom('2026-01-02 03:04:05Z')).some((f) => f.message === 'InvalidRFC3339Date'));
    assert.ok(checkAtom(atom('2026-01-02T03:04:05+0100')).some((f) => f.message === 'InvalidRFC3339Date'));
    assert.ok(checkAtom(atom('2026-01-02T03:04:05Z', 'tag:localhost:3000,2026:chat-1')).some((f) => f.message === 'InvalidTAG'));
    const rss = (date: string) => `<rss version="2.0"><channel><title>t</title><link>http://x</link><description>d</description><item><guid>http://x/1</guid><pubDate>${date}</pubDate></item></channel></rss>`;
    assert.ok(checkRss(rss('Fri, 01 Jan 2026 03:04:05 GMT')).some((f) => f.message === 'InvalidRFC2822Date'), 'wrong weekday');
    assert.ok(checkRss(rss('2026-01-01T03:04:05Z')).some((f) => f.message === 'InvalidRFC2822Date'));
    assert.ok(checkRss(rss('Thu, 01 Jan 2026 03:04:05 +01:00')).some((f) => f.message === 'InvalidRFC2822Date'));
    assert.ok(checkRss(rss('Thu, 01 Jan 26 03:04:05 GMT')).some((f) => f.message === 'ProblematicalRFC822Date'), 'two-digit year');
  });
});

// ---------- Our feeds ----------

const decodeHtml = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

for (const target of databaseTargets()) {
  describe(`news feeds on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('serves valid Atom whose entries stay the same entry when a chat changes', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer', handle: 'dana' });
      const tricky = await buildChat(t.database.db, organizer, {
        title: 'Ampersands & <angle> brackets ]]> "quoted" 🎉',
        background: 'Read **this**\u0007 <b>raw</b> [link](javascript:alert(1)) ]]>',
        hashtags: ['MuseSocial'],
      });
      const other = await buildChat(t.database.db, organizer, { title: 'Second chat', startsInHours: 48 });
      await buildChat(t.database.db, organizer, { title: 'A draft', status: 'draft' });

      const first = await t.app.inject({ url: '/feed.atom' });
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.equal(XMLValidator.validate(first.body), true);
      const findings = checkAtom(first.body);
      assert.deepEqual(findings.filter(isError), []);
      assert.deepEqual(findings.filter((f) => f.message === 'ImplausibleDate'), []);
      assert.equal(findings.filter((f) => f.message === 'ValidTAG').length, 2, 'both entry ids are tag: URIs');

      const feed = children(parser.parse(first.body) as XmlNode, 'feed')[0]!;
      assert.deepEqual(children(feed, 'link').map((l) => [l['@_rel'], l['@_href']]), [['alternate', 'http://musesocial.test/chats'], ['self', 'http://musesocial.test/feed.atom']]);
      const entries = children(feed, 'entry');
      assert.deepEqual(entries.map((e) => decodeHtml(text(children(e, 'title')[0]))), [other.title, tricky.title].sort(() => (other.updatedAt >= tricky.updatedAt ? 0 : -1)));
      const trickyEntry = entries.find((e) => decodeHtml(text(children(e, 'title')[0])) === tricky.title)!;
      const trickyId = text(children(trickyEntry, 'id')[0]);
      assert.match(trickyId, new RegExp(`^tag:musesocial\\.test,\\d{4}-\\d{2}-\\d{2}:chat-${tricky.id}$`));
      assert.equal(children(trickyEntry, 'link')[0]!['@_href'], `http://musesocial.test/chats/${tricky.slug}`);
      assert.equal(text(children(children(trickyEntry, 'author')[0], 'name')[0]), '@dana');
      const content = text(children(trickyEntry, 'content')[0]);
      assert.match(content, /<strong>this<\/strong>/);
      assert.doesNotMatch(content, /<b>|href="javascript:|\u0007/);
      assert.match(decodeHtml(text(children(trickyEntry, 'summary')[0])), /#MuseSocial · Online: #MuseSocial · hosted by @dana$/);

      // A renamed chat (new title and address) is the same entry, now updated and first.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await updateChat(t.database.db, organizer, tricky.slug, { title: 'Renamed chat', slug: 'renamed-chat' });
      const second = children(parser.parse((await t.app.inject({ url: '/feed.atom' })).body) as XmlNode, 'feed')[0]!;
      const top = children(second, 'entry')[0]!;
      assert.equal(text(children(top, 'id')[0]), trickyId);
      assert.equal(text(children(top, 'title')[0]), 'Renamed chat');
      assert.equal(children(top, 'link')[0]!['@_href'], 'http://musesocial.test/chats/renamed-chat');
      assert.ok(text(children(top, 'updated')[0]) > text(children(trickyEntry, 'updated')[0]));
      assert.equal(text(children(second, 'updated')[0]), text(children(top, 'updated')[0]), 'the feed is as new as its newest entry');
    });

    it('serves valid RSS 2.0 with RFC 822 dates and stable guids', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer', handle: 'sam' });
      const chat = await buildChat(t.database.db, organizer, { title: 'Tom & Jerry <3' });
      const response = await t.app.inject({ url: '/feed.rss' });
      assert.equal(response.headers['content-type'], 'application/rss+xml; charset=utf-8');
      assert.equal(XMLValidator.validate(response.body), true);
      const findings = checkRss(response.body);
      assert.deepEqual(findings.filter(isError), []);
      assert.deepEqual(findings.filter((f) => f.message === 'ProblematicalRFC822Date'), []);
      assert.equal(findings.filter((f) => f.message === 'ValidRFC2822Date').length, 2, 'lastBuildDate and the item’s pubDate');

      const channel = children(children(parser.parse(response.body) as XmlNode, 'rss')[0], 'channel')[0]!;
      assert.deepEqual(children(channel, 'atom:link').map((l) => [l['@_rel'], l['@_href']]), [['self', 'http://musesocial.test/feed.rss']]);
      const item = children(channel, 'item')[0]!;
      assert.equal(decodeHtml(text(children(item, 'title')[0])), 'Tom & Jerry <3');
      assert.equal(text(children(item, 'guid')[0]), `tag:musesocial.test,${new Date(chat.createdAt).toISOString().slice(0, 10)}:chat-${chat.id}`);
      assert.equal(children(item, 'guid')[0]!['@_isPermaLink'], 'false');
      assert.equal(new Date(text(children(item, 'pubDate')[0])).getTime(), Math.floor(chat.updatedAt / 1000) * 1000);
      assert.equal(text(children(item, 'dc:creator')[0]), '@sam');
      assert.equal(children(item, 'author').length, 0, 'RSS <author> must be an e-mail address');
    });

    it('lists the 50 most recently changed published chats, newest first', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const base = Date.now() - 1000 * 3600_000;
      const rows = Array.from({ length: 52 }, (_, i) => ({
        chat: { slug: `chat-${i}`, title: `Chat ${i}`, startsAt: base, endsAt: base + 3600_000, timeZone: 'UTC', kind: 'online' as const, background: '', status: i === 51 ? ('draft' as const) : ('scheduled' as const), organizerId: organizer.id, createdAt: base, updatedAt: base + i * 60_000 },
        children: { hashtags: [{ tag: 'x', display: 'x' }], hosts: [], questions: [], links: [] },
      }));
      await insertChats(t.database.db, rows);
      const feed = children(parser.parse((await t.app.inject({ url: '/feed.atom' })).body) as XmlNode, 'feed')[0]!;
      const titles = children(feed, 'entry').map((e) => text(children(e, 'title')[0]));
      assert.equal(titles.length, 50);
      assert.equal(titles[0], 'Chat 50', 'the draft (Chat 51) is not published');
      assert.equal(titles.at(-1), 'Chat 1', 'the oldest change (Chat 0) fell off');
    });
  });
}
