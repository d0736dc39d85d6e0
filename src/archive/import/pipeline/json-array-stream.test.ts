import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arrayElements, isOneLine, type ArrayElement, type ArrayScanEnd, type ArrayScanOptions } from './json-array-stream.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-array-stream-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

async function scan(content: string | Buffer, options: Partial<ArrayScanOptions> = {}): Promise<{ elements: ArrayElement[]; end: ArrayScanEnd }> {
  const file = path.join(dir, `doc-${files++}.json`);
  fs.writeFileSync(file, content);
  const elements: ArrayElement[] = [];
  const scanner = arrayElements(file, { arrayKeys: ['orderedItems', 'statuses'], ...options });
  for (;;) {
    const next = await scanner.next();
    if (next.done) return { elements, end: next.value };
    elements.push(next.value);
  }
}

const parsed = (elements: ArrayElement[]) => elements.map((e) => JSON.parse(e.text!) as unknown);

/** A small deterministic generator (mulberry32): the same documents on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values with everything that could mislead a scanner: brackets, commas and quotes inside strings, escapes, multi-byte characters. */
function value(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 4 : 6));
  const text = () => Array.from({ length: Math.floor(next() * 12) }, () => ['a', '"', '\\', '[', ']', '{', '}', ',', 'é', '😀', '\n', ' ', ':', '\\"'][Math.floor(next() * 14)]).join('');
  if (pick === 0) return text();
  if (pick === 1) return Math.floor(next() * 1e6) / 100;
  if (pick === 2) return next() < 0.5 ? null : next() < 0.5;
  if (pick === 3) return `${text()}]`;
  if (pick === 4) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [text(), value(next, depth + 1)]));
}

describe('arrayElements', () => {
  it('gives every element of a root array, whatever the chunk boundaries cut through', async () => {
    const next = random(7);
    for (let round = 0; round < 40; round++) {
      const records = Array.from({ length: Math.floor(next() * 8) }, () => value(next));
      const text = JSON.stringify(records, null, round % 2 === 0 ? 2 : undefined);
      for (const chunkBytes of [1, 2, 3, 7, 64, 4096]) {
        const { elements, end } = await scan(text, { chunkBytes });
        assert.deepEqual(end, { found: true, problem: null, rest: null }, `round ${round}, chunks of ${chunkBytes}`);
        assert.deepEqual(parsed(elements), records, `round ${round}, chunks of ${chunkBytes}`);
        assert.deepEqual(elements.map((e) => e.number), records.map((_, i) => i + 1));
      }
    }
  });

  it('finds the records array by member name in a root object, passing over the rest', async () => {
    const next = random(11);
    for (let round = 0; round < 20; round++) {
      const items = Array.from({ length: 1 + Math.floor(next() * 5) }, () => value(next));
      const document = {
        '@context': 'https://www.w3.org/ns/activitystreams',
        first: { orderedItems: ['not these: nested'] },
        'say "orderedItems"': [1, 2],
        type: 'OrderedCollection',
        orderedItems: items,
        statuses: ['not these either: the first match counts'],
        last: value(next),
      };
      for (const chunkBytes of [1, 5, 4096]) {
        const { elements, end } = await scan(JSON.stringify(document, null, 1), { chunkBytes });
        assert.deepEqual(end, { found: true, problem: null, rest: null });
        assert.deepEqual(parsed(elements), items);
      }
    }
  });

  it('keeps the rest of the document, without the elements, for JSON.parse to check', async () => {
    const next = random(13);
    for (let round = 0; round < 10; round++) {
      const items = Array.from({ length: Math.floor(next() * 5) }, () => value(next));
      const around = { before: value(next), orderedItems: items, after: value(next) };
      for (const chunkBytes of [1, 3, 4096]) {
        const { end } = await scan(`${JSON.stringify(around, null, 2)};`, { chunkBytes, keepRest: true });
        assert.deepEqual(JSON.parse(end.rest!), { ...around, orderedItems: [] });
      }
    }
    const rootArray = await scan('window.YTD.tweets.part0 = [ {"a": 1}, {"b": 2} ]', { keepRest: true });
    assert.deepEqual(JSON.parse(rootArray.end.rest!), []);
    const broken = await scan('{"type" "oops", "orderedItems": [1]}', { keepRest: true });
    assert.throws(() => JSON.parse(broken.end.rest!));
  });

  it('skips an X archive assignment, a byte-order mark and a closing semicolon; gives byte offsets', async () => {
    const body = '[ {\n  "tweet" : { "id_str" : "1", "full_text" : "a ] b" }\n}, {\n  "tweet" : { "id_str" : "2" }\n} ]';
    const text = `\uFEFFwindow.YTD.tweets.part0 = ${body};\n`;
    const { elements, end } = await scan(text, { chunkBytes: 3 });
    assert.deepEqual(end, { found: true, problem: null, rest: null });
    assert.deepEqual(parsed(elements), [{ tweet: { id_str: '1', full_text: 'a ] b' } }, { tweet: { id_str: '2' } }]);
    const bytes = Buffer.from(text);
    assert.equal(bytes.subarray(elements[1]!.end).toString().trimStart().startsWith(']'), true, 'the last element ends before the closing bracket');
  });

  it('says so when the document is cut short, after the elements it did hold', async () => {
    const whole = JSON.stringify([{ a: 1 }, { b: 'two' }, { c: [3] }]);
    const { elements, end } = await scan(whole.slice(0, whole.length - 8), { chunkBytes: 4 });
    assert.deepEqual(parsed(elements), [{ a: 1 }, { b: 'two' }]);
    assert.match(end.problem!, /truncated/);
    assert.match((await scan('[{"a": "unterminated')).end.problem!, /truncated/);
  });

  it('refuses brackets that do not match, and anything after the document', async () => {
    assert.match((await scan('[{"a": 1]]')).end.problem!, /unexpected \] at byte 8/);
    assert.match((await scan('[{"a": 1}] [2]')).end.problem!, /something follows the end of the document at byte 11/);
  });

  it('finds nothing in a document without the records array (the caller parses it whole)', async () => {
    assert.deepEqual((await scan('{"data": [1, 2], "meta": {}}')).end, { found: false, problem: null, rest: null });
    assert.deepEqual((await scan('"just a string"')).end, { found: false, problem: null, rest: null });
    assert.deepEqual((await scan('{"statuses": "not an array", "orderedItems": {"no": 1}}')).end, { found: false, problem: null, rest: null });
  });

  it('passes over an element longer than the limit without holding it, and goes on', async () => {
    const big = { text: 'x'.repeat(5000) };
    const { elements, end } = await scan(JSON.stringify([{ a: 1 }, big, { b: 2 }]), { chunkBytes: 512, maxElementBytes: 1024 });
    assert.deepEqual(end, { found: true, problem: null, rest: null });
    assert.deepEqual(elements.map((e) => (e.text === null ? null : JSON.parse(e.text))), [{ a: 1 }, null, { b: 2 }]);
  });

  it('tells a document on one line (a line break only at its end) from JSON lines', async () => {
    const write = (text: string) => {
      const file = path.join(dir, `one-line-${files++}.json`);
      fs.writeFileSync(file, text);
      return file;
    };
    const long = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ i })));
    assert.equal(await isOneLine(write(long)), true);
    assert.equal(await isOneLine(write(`${long}\r\n\n  `)), true);
    assert.equal(await isOneLine(write(`${long}\n{"i": 1}`)), false);
    assert.equal(await isOneLine(write(`{"i": 1}\n${long}`)), false);
  });
});

describe('arrayElements in ranges', () => {
  it('cuts the records array into ranges that, scanned each on their own, give every element once, in order', async () => {
    const next = random(17);
    for (let round = 0; round < 15; round++) {
      const items = Array.from({ length: 1 + Math.floor(next() * 30) }, () => value(next));
      const document = round % 2 === 0 ? items : { before: value(next), statuses: items, after: value(next) };
      const file = path.join(dir, `ranges-${round}.json`);
      fs.writeFileSync(file, `${round % 3 === 0 ? 'window.YTD.tweets.part0 = ' : ''}${JSON.stringify(document, null, round % 2)}`);
      for (const cutEvery of [1, 40, 1_000_000]) {
        const scanner = arrayElements(file, { arrayKeys: ['statuses'], cutEvery, chunkBytes: 64 });
        let end: ArrayScanEnd | undefined;
        for (let step = await scanner.next(); ; step = await scanner.next()) if (step.done) {
          end = step.value;
          break;
        }
        const layout = end!.layout!;
        assert.equal(layout.depth, round % 2 === 0 ? 1 : 2);
        if (cutEvery === 1) assert.equal(layout.ranges.length, items.length, 'a range per element');
        if (cutEvery > 1000) assert.equal(layout.ranges.length, 1);
        const seen: ArrayElement[] = [];
        for (const range of layout.ranges) {
          for await (const element of arrayElements(file, { arrayKeys: [], range: { ...range, depth: layout.depth }, chunkBytes: 7 })) seen.push(element);
        }
        assert.deepEqual(parsed(seen), items, `round ${round}, cut every ${cutEvery}`);
        assert.deepEqual(seen.map((e) => e.number), items.map((_, i) => i + 1));
      }
    }
  });
});
