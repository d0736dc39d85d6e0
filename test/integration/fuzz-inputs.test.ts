import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IMPORT_FORMATS, IMPORT_FORMAT_NAMES, detectFormat, formatByName } from '../../src/archive/import/formats/index.ts';
import type { ImportFormat, RecordResult } from '../../src/archive/import/imported-post.ts';
import { parseJsonLines } from '../../src/archive/import/pipeline/json-lines.ts';
import { chooseFormat } from '../../src/archive/import/pipeline/choose-format.ts';
import { UnreadableFileError } from '../../src/archive/import/pipeline/unreadable-file.ts';
import { fixtureText } from '../../src/archive/import/formats/testing/fixture-files.ts';
import { answeredQuestion, extractHashtags, withHashtags } from '../../src/posts/post-text.ts';
import { renderMarkdown } from '../../src/web/markdown.ts';
import { MAX_QUERY_TERMS, parseSearchQuery } from '../../src/search/search-query.ts';
import { XSS_VECTORS } from '../support/xss-vectors.ts';

/**
 * Property-based fuzzing of everything that reads text people send us:
 * whole import files of every format (not just records: the framing, the
 * format choice and every parser), the Q/A answer marker, Markdown and the
 * search language. Each case must finish quickly (no catastrophic regex
 * backtracking), never throw anything but the documented error type, and
 * return a well-formed result. About 9,000 cases per run;
 * MUSESOCIAL_FUZZ_RUNS multiplies them.
 */
const SCALE = Number(process.env.MUSESOCIAL_FUZZ_SCALE) || 1;
const runs = (n: number) => ({ numRuns: n * SCALE });
/** One case must take at most this long, even for the longest generated input (generous: the CI machine is shared). */
const CASE_MS = 1000;

function timed<T>(what: string, input: unknown, run: () => T): T {
  const started = performance.now();
  const result = run();
  const took = performance.now() - started;
  assert.ok(took < CASE_MS, `${what} took ${took.toFixed(0)} ms on ${JSON.stringify(input).slice(0, 200)}`);
  return result;
}

/** Every format in each of its framings (twitter-v1, twarc2 and mastodon come as JSONL and as one document). */
const FRAMED: ImportFormat[] = IMPORT_FORMATS.flatMap((format) => {
  const jsonl = formatByName(format.name, '{}\n');
  const json = formatByName(format.name, '[\n  {}\n]');
  return [...new Set([format, jsonl, json].filter((f): f is ImportFormat => f !== null))];
});

function assertResult(result: RecordResult, format: string): void {
  assert.ok(['posts', 'reject', 'skip', 'delete'].includes(result?.kind), `${format}: unknown result ${JSON.stringify(result)?.slice(0, 100)}`);
  if (result.kind === 'reject' || result.kind === 'skip') assert.ok(typeof result.reason === 'string' && result.reason.length > 0, `${format}: ${result.kind} without a reason`);
}

/** A whole file as the pipeline reads it: JSON lines byte-split, a document parsed then split into records, CSV rows as objects. */
function readWhole(format: ImportFormat, text: string): void {
  if (format.framing === 'jsonl') {
    const piece = parseJsonLines(format, Buffer.from(text, 'utf8'));
    for (const rejection of piece.rejects) {
      assert.ok(Number.isSafeInteger(rejection.line) && rejection.line >= 1, `${format.name}: rejection without a line`);
      assert.ok(rejection.reason.length > 0, `${format.name}: rejection without a reason`);
    }
    return;
  }
  if (format.framing === 'json') {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return; // the pipeline reports an unreadable document; nothing reaches the parser
    }
    const records = format.records ? format.records(document) : Array.isArray(document) ? document : [document];
    for (const record of records) assertResult(format.parseRecord(record), format.name);
    return;
  }
  // CSV: the reader hands over rows of strings keyed by the header.
  const [header = '', ...lines] = text.split('\n');
  const keys = header.split(',');
  for (const line of lines) {
    const cells = line.split(',');
    assertResult(format.parseRecord(Object.fromEntries(keys.map((key, i) => [key, cells[i] ?? '']))), format.name);
  }
}

/** Real lines of every format, to be cut and spliced. */
const SAMPLES = [
  fixtureText('twitter-v1.1/sferik_search.json').slice(0, 6000),
  fixtureText('twarc2/two_tweets.jsonl').slice(0, 6000),
  fixtureText('mastodon/rest-api/get_timeline_hashtag_default.json').slice(0, 6000),
  fixtureText('mastodon/streaming/websocket_examples_from_docs.jsonl').slice(0, 6000),
  fixtureText('bluesky/jetstream/expected_v1.jsonl').slice(0, 6000),
  readFileSync(path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/bluesky/search-posts.json'), 'utf8').slice(0, 6000),
  fixtureText('tags-csv/tidytags_sample-data.csv').slice(0, 6000),
  '{"musesocial":1,"id":"1","chat":"x","text":"hi","author":{"handle":"a","displayName":"A","network":"local"},"createdAt":"2026-01-01T00:00:00Z","kind":"original"}\n',
  'window.YTD.tweets.part0 = [{"tweet":{"id_str":"1","full_text":"x","created_at":"Tue Mar 03 20:04:55 +0000 2015"}}]',
];
/** Damaged files: a real sample cut somewhere, with random text spliced in. */
const damagedFile = fc
  .tuple(fc.nat(SAMPLES.length - 1), fc.nat(6000), fc.nat(6000), fc.string({ maxLength: 60 }), fc.constantFrom('', '\n', '\r\n', '\u0000', '\uFEFF', '"', '{', ']'))
  .map(([i, cut, at, noise, glue]) => {
    const sample = SAMPLES[i]!.slice(0, cut);
    const position = at % (sample.length + 1);
    return sample.slice(0, position) + glue + noise + sample.slice(position);
  });
const anyFile = fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.json({ maxDepth: 4 }), damagedFile);

describe('fuzzing: import files of every format', () => {
  it('covers all eight formats and our own JSONL', () => {
    assert.deepEqual([...IMPORT_FORMAT_NAMES].sort(), ['bluesky', 'jetstream', 'jsonl', 'mastodon', 'mastodon-outbox', 'tags', 'twarc2', 'twitter-v1', 'x-archive'].sort());
  });

  it('reads any file in every format without throwing: bad lines become rejections with a line and a reason', () => {
    // Warm up first (lazy tables, JIT), so the time bound measures the input, not the first call.
    for (const format of FRAMED) for (const sample of [...SAMPLES, 'null', '[]']) readWhole(format, sample);
    fc.assert(
      fc.property(anyFile, (text) => {
        for (const format of FRAMED) timed(`${format.name}/${format.framing}`, text, () => readWhole(format, text));
      }),
      runs(1200),
    );
  });

  it('chooses a format for any file, or refuses it with an UnreadableFileError that names the file', () => {
    fc.assert(
      fc.property(anyFile, fc.constantFrom('posts.jsonl', 'tweets.js', 'outbox.json', 'export.csv', 'x'), (text, fileName) => {
        const head = text.slice(0, 64 * 1024);
        timed('detectFormat', text, () => detectFormat(head, fileName));
        try {
          const chosen = timed('chooseFormat', text, () => chooseFormat(fileName, head, null, null));
          assert.ok(IMPORT_FORMAT_NAMES.includes(chosen.format.name));
        } catch (error) {
          assert.ok(error instanceof UnreadableFileError, `chooseFormat threw ${(error as Error).stack}`);
          assert.match(error.message, new RegExp(fileName.replace('.', '\\.')));
        }
      }),
      runs(1000),
    );
  });
});

describe('fuzzing: post text', () => {
  it('finds answers and hashtags in any text, quickly, with well-formed results', () => {
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.stringMatching(/^(@[a-z.@-]{1,12} ){0,5}[Aa]\d{0,4}(\.\d{0,3})?[ :;,.)\-–—]?.{0,40}$/));
    fc.assert(
      fc.property(text, fc.array(fc.stringMatching(/^[a-z0-9_]{1,20}$/), { maxLength: 5 }), (value, tags) => {
        const answer = timed('answeredQuestion', value, () => answeredQuestion(value));
        assert.ok(answer === null || (Number.isInteger(answer) && answer >= 1 && answer <= 99), `answer ${answer}`);
        const found = timed('extractHashtags', value, () => extractHashtags(value));
        assert.ok(found.every((tag) => tag.length > 0 && tag === tag.toLowerCase()));
        const tagged = timed('withHashtags', value, () => withHashtags(value, tags));
        for (const tag of tags) assert.ok(extractHashtags(tagged).includes(tag.toLowerCase()) || /^\d+$/.test(tag), `#${tag} missing from ${tagged}`);
      }),
      runs(2000),
    );
  });

  it('reads "A<n>" at the start as an answer to question n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.constantFrom(' ', ': ', ' - ', ') ', '. '), fc.string({ maxLength: 40 }), (n, separator, rest) => {
        assert.equal(answeredQuestion(`A${n}${separator}${rest}`), n);
      }),
      runs(500),
    );
  });

  it('stays linear on pathological input', () => {
    const long = `${'@a '.repeat(20_000)}A1${' '.repeat(20_000)}${'#'.repeat(50_000)}`;
    timed('answeredQuestion', 'long', () => answeredQuestion(long));
    timed('extractHashtags', 'long', () => extractHashtags(long));
  });
});

/** What must never come out of the Markdown renderer, whatever goes in. */
function assertSafeHtml(html: string, input: string): void {
  const context = `from ${JSON.stringify(input).slice(0, 200)}: ${html.slice(0, 300)}`;
  assert.ok(!/<script/i.test(html), `a <script> ${context}`);
  assert.ok(!/<(iframe|object|embed|svg|math|img|style|link|meta|form|input|base|frame)/i.test(html), `an unexpected element ${context}`);
  assert.ok(!/<[^>]*\son[a-z]+\s*=/i.test(html), `an event-handler attribute ${context}`);
  assert.ok(!/<[^>]*\sstyle\s*=/i.test(html), `a style attribute ${context}`);
  // Only attributes of real tags: text may quote anything, escaped.
  const attributes = [...html.matchAll(/<[a-z][a-z0-9]*\b([^>]*)>/gi)].map((m) => m[1]!).join(' ');
  for (const [, url] of attributes.matchAll(/\s(?:href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)"/gi)) {
    const decoded = url!.replace(/&#x?([0-9a-f]+);?/gi, (_m, code: string) => String.fromCodePoint(parseInt(code, /^\d+$/.test(code) ? 10 : 16))).replace(/&amp;/g, '&').replace(/[\u0000-\u0020]/g, '');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(decoded)?.[1]?.toLowerCase();
    assert.ok(scheme === undefined || ['http', 'https', 'mailto'].includes(scheme), `a URL with a dangerous scheme (${url}) ${context}`);
  }
}

describe('fuzzing: Markdown rendering', () => {
  it('never emits script, event handlers, style or javascript: URLs', () => {
    const fragments = fc.constantFrom(
      ...XSS_VECTORS.map((v) => v.payload),
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](java\tscript:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '![x](javascript:alert(1))',
      '<a href="javascript:alert(1)">x</a>',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[x]: javascript:alert(1)\n\n[x]',
      '<javascript:alert(1)>',
      '`<script>`',
      '```\n<script>alert(1)</script>\n```',
      '*', '_', '[', ']', '(', ')', '<', '>', '"', "'", '\n', '\n\n', '&#', ';', '`', '\\', '|', '---',
    );
    const source = fc.oneof(fc.string({ maxLength: 300 }), fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 20 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(source, (input) => {
        const html = timed('renderMarkdown', input, () => renderMarkdown(input));
        assert.equal(typeof html, 'string');
        assertSafeHtml(html, input);
      }),
      runs(2500),
    );
  });

  it('renders every listed XSS vector harmlessly', () => {
    for (const vector of XSS_VECTORS) assertSafeHtml(renderMarkdown(vector.payload), vector.payload);
  });
});

describe('fuzzing: the search query language', () => {
  it('parses anything without throwing, quickly; problems are reported as issues naming the operator', () => {
    const operator = fc.stringMatching(/^-?(from:|chat:|since:|until:|sort:|#|"|@)?[:@#"\-a-z0-9.]{0,12}$/);
    const input = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(operator, { maxLength: 60 }).map((parts) => parts.join(' ')),
      fc.tuple(fc.date({ noInvalidDate: false }), fc.date({ noInvalidDate: true })).map(([a, b]) => `since:${String(a).slice(0, 15)} until:${b.toISOString().slice(0, 10)} x`),
    );
    fc.assert(
      fc.property(input, fc.constantFrom('UTC', 'America/New_York', 'Not/AZone'), (text, zone) => {
        const query = timed('parseSearchQuery', text, () => parseSearchQuery(text, { zone }));
        const terms = query.include.length + query.exclude.length + query.hashtags.length + query.excludeHashtags.length + query.from.length + query.excludeFrom.length + query.chats.length + query.excludeChats.length;
        assert.ok(terms <= MAX_QUERY_TERMS, `${terms} terms`);
        for (const issue of query.issues) {
          assert.ok(issue.operator.length > 0 && issue.message.startsWith(`${issue.operator}:`), `issue ${JSON.stringify(issue)}`);
        }
        for (const word of [...query.include, ...query.exclude]) assert.ok(!word.text.includes('\u0000'), 'no NUL reaches the database');
      }),
      runs(2500),
    );
  });
});
