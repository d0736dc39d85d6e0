import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectFormat, streamedDocumentFraming } from '../formats/index.ts';
import { xArchiveWith } from '../formats/x-archive.ts';
import type { ImportFormat } from '../imported-post.ts';
import { jsonDocumentPieces } from './json-document.ts';
import type { ParsedPiece } from './parsed-piece.ts';
import { UnreadableFileError } from './unreadable-file.ts';

const here = import.meta.dirname;
const FIXTURES = path.resolve(here, '../../../../../shared/fixtures');
const TESTDATA = path.resolve(here, '../formats/testdata');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-json-document-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function pieces(format: ImportFormat, file: string, streamFromBytes: number): Promise<ParsedPiece[]> {
  const out: ParsedPiece[] = [];
  for await (const piece of jsonDocumentPieces(format, file, path.basename(file), { streamFromBytes })) out.push(piece);
  return out;
}

/** What a file's pieces hold, whatever way they were cut: every record's outcome, in order. */
function outcome(list: ParsedPiece[]) {
  return {
    records: list.reduce((n, p) => n + p.records, 0),
    skipped: list.reduce((n, p) => n + p.skipped, 0),
    rejects: list.flatMap((p) => p.rejects),
    deletes: list.flatMap((p) => p.deletes),
    posts: list.flatMap((p) => {
      const batch = p.posts;
      if (!batch) return [];
      return Array.from({ length: batch.size }, (_, i) => [batch.sourceId[i], batch.text[i], batch.createdAt[i], batch.kind[i], batch.authors.handle[batch.author[i]!], batch.replyTo[i], batch.boostOf[i]]);
    }),
  };
}

/** The file's format, as a document (a one-line JSON file is one when big: import-file.ts). */
const formatOf = (file: string): ImportFormat => {
  const format = detectFormat(fs.readFileSync(file, 'utf8').slice(0, 64 * 1024), path.basename(file));
  assert.ok(format, `a format for ${file}`);
  return format.framing === 'jsonl' ? (streamedDocumentFraming(format) ?? format) : format;
};

/** twarc2's sample response pages saved as one array, as `jq -s` joins them. */
function twarc2Pages(): string {
  const pages = ['two_tweets.jsonl', 'media_tweet.jsonl', 'quoted_edit.jsonl'].flatMap((f) =>
    fs.readFileSync(path.join(FIXTURES, 'twarc2', f), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown),
  );
  const file = path.join(dir, 'twarc2-pages.json');
  fs.writeFileSync(file, JSON.stringify(pages, null, 1));
  return file;
}

describe('jsonDocumentPieces, element by element', () => {
  // Every sample document whose format can be read element by element, read both ways.
  const samples = [
    ...['sferik_statuses.json', 'sferik_search.json', 'sferik_premium_search.json', 'sferik_retweet.json'].map((f) => path.join(FIXTURES, 'twitter-v1.1', f)),
    path.join(TESTDATA, 'mastodon-outbox/outbox.json'),
    path.join(TESTDATA, 'x-archive/data/tweets.js'),
    path.join(TESTDATA, 'x-archive/data/tweet.js'),
    ...['get_timeline_hashtag_default.json', 'get_timeline_public_instance.json', 'get_account_statuses_default.json'].map((f) => path.join(FIXTURES, 'mastodon/rest-api', f)),
    path.join(TESTDATA, 'bluesky/search-posts.json'),
    twarc2Pages(),
  ];
  // An array of pages: parsed whole its records are the pages' posts; element by element, a page is a record (as a line of JSONL is).
  const arraysOfPages = new Set([path.join(TESTDATA, 'bluesky/search-posts.json')]);
  for (const file of samples) {
    it(`reads ${path.relative(path.resolve(here, '../../../../..'), file)} to the same records as parsed whole`, async () => {
      const format = formatOf(file);
      assert.ok(format.streamed, `${format.name} (${format.framing}) is read element by element when big`);
      const whole = outcome(await pieces(format, file, Infinity));
      const streamed = await pieces(format, file, 0);
      assert.ok(whole.records > 0);
      const read = outcome(streamed);
      if (arraysOfPages.has(file)) {
        assert.equal(read.records, (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]).length, 'a record per page');
        read.records = whole.records;
      }
      assert.deepEqual(read, whole);
      assert.equal(streamed.reduce((n, p) => n + p.bytes, 0), fs.statSync(file).size, 'progress adds up to the file');
    });
  }

  it('pairs an X archive’s tweets with its owner and edits the same way, in either order', async () => {
    // The sample with its first post edited once: the edit lists both versions, as does the first; another post answers the first version.
    const text = fs.readFileSync(path.join(TESTDATA, 'x-archive/data/tweets.js'), 'utf8');
    const entries = JSON.parse(text.slice(text.indexOf('=') + 1)) as Array<{ tweet: Record<string, unknown> }>;
    const first = entries[0]!.tweet;
    const versions = [first.id_str as string, '1587864000000000999'];
    first.edit_info = { initial: { editTweetIds: versions } };
    const edit = { ...first, id_str: versions[1], id: versions[1], full_text: `${first.full_text as string} (edited)`, edit_info: { edit: { initialTweetId: versions[0], editControlInitial: { editTweetIds: versions } } } };
    entries[1]!.tweet.in_reply_to_status_id_str = versions[0];
    const format = xArchiveWith({ account: { username: 'dana_museum', accountId: '42', displayName: 'Dana' }, notes: [] });
    // Oldest first, and newest first as X writes archives (the edit before the version it replaces).
    for (const [name, list] of [['oldest-first', [...entries, { tweet: edit }]], ['newest-first', [{ tweet: edit }, ...entries].reverse()]] as const) {
      const file = path.join(dir, `tweets-${name}.js`);
      fs.writeFileSync(file, `window.YTD.tweets.part0 = ${JSON.stringify(list, null, 2)}`);
      const whole = outcome(await pieces(format, file, Infinity));
      assert.equal(whole.skipped, 1, `${name}: the first version is left out`);
      assert.ok(whole.posts.some(([id, , , , , replyTo]) => id === entries[1]!.tweet.id_str && replyTo === versions[1]), `${name}: the reply answers the edit`);
      assert.ok(whole.posts.every(([, , , , handle]) => handle === 'dana_museum'));
      assert.deepEqual(outcome(await pieces(format, file, 0)), whole, name);
    }
    // Without account.js the owner comes from a photo of theirs: the first pass must see it too.
    const ownerless = formatOf(path.join(TESTDATA, 'x-archive/data/tweets.js'));
    const sample = path.join(TESTDATA, 'x-archive/data/tweets.js');
    const byMedia = outcome(await pieces(ownerless, sample, Infinity));
    assert.ok(byMedia.posts.length > 0 && byMedia.posts.every(([, , , , handle]) => handle === 'dana_museum'), 'the sample names its owner by a photo');
    assert.deepEqual(outcome(await pieces(ownerless, sample, 0)), byMedia);
  });

  it('gives a Mastodon reply its parent’s uri from another page of the document, as parsed whole', async () => {
    const statuses = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'mastodon/rest-api/get_timeline_hashtag_default.json'), 'utf8')) as Array<Record<string, unknown>>;
    // The parent, on another server than the one answering: its uri cannot be made from its local id.
    const parent = statuses.at(-1)!;
    const reply: Record<string, unknown> = { ...statuses[0]!, in_reply_to_id: parent.id, in_reply_to_account_id: 'not-mentioned' };
    const pages = [[reply, ...statuses.slice(1, 3)], statuses.slice(3)];
    const file = path.join(dir, 'mastodon-pages.json');
    fs.writeFileSync(file, JSON.stringify(pages, null, 2));
    const format = formatOf(file);
    assert.equal(format.name, 'mastodon');
    const whole = outcome(await pieces(format, file, Infinity));
    assert.ok(whole.posts.some(([id, , , , , replyTo]) => id === reply.uri && replyTo === parent.uri), 'parsed whole, the reply answers the parent');
    const replyFiles = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('musesocial-replies-')).length;
    const before = replyFiles();
    const streamed = outcome(await pieces(format, file, 0));
    // Element by element a page is one record; the posts are the same.
    assert.deepEqual(streamed.posts, whole.posts);
    assert.equal(streamed.records, pages.length);
    assert.equal(replyFiles(), before, 'the uris kept on disk for the first pass are gone');
    // Refused by its first pass (cut short): its index goes all the same.
    const cut = path.join(dir, 'mastodon-pages-cut.json');
    fs.writeFileSync(cut, fs.readFileSync(file, 'utf8').slice(0, -40));
    await assert.rejects(pieces(format, cut, 0), UnreadableFileError);
    assert.equal(replyFiles(), before);
  });

  it('refuses a document cut short, or broken around its records, before giving anything, as parsed whole', async () => {
    const text = fs.readFileSync(path.join(TESTDATA, 'mastodon-outbox/outbox.json'), 'utf8');
    const format = formatOf(path.join(TESTDATA, 'mastodon-outbox/outbox.json'));
    const cut = path.join(dir, 'cut.json');
    fs.writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.8)));
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, text.replace('"type"', '"type" "oops"'));
    for (const [file, reason] of [[cut, /truncated/], [broken, /not valid JSON outside the records/]] as const) {
      const seen: ParsedPiece[] = [];
      await assert.rejects(
        (async () => {
          for await (const piece of jsonDocumentPieces(format, file, 'outbox.json', { streamFromBytes: 0 })) seen.push(piece);
        })(),
        (error: unknown) => error instanceof UnreadableFileError && reason.test(error.reason),
      );
      assert.deepEqual(seen, [], 'nothing before the refusal');
    }
  });

  it('rejects an element that is not valid JSON, naming its record, and reads the rest', async () => {
    const file = path.join(TESTDATA, 'mastodon-outbox/outbox.json');
    const format = formatOf(file);
    const outbox = JSON.parse(fs.readFileSync(file, 'utf8')) as { orderedItems: unknown[] };
    const items = outbox.orderedItems.map((item) => JSON.stringify(item));
    items[1] = items[1]!.replace('"type"', '"type" "oops"');
    const broken = path.join(dir, 'broken-item.json');
    fs.writeFileSync(broken, `{"type": "OrderedCollection", "orderedItems": [${items.join(',')}]}`);
    const read = outcome(await pieces(format, broken, 0));
    assert.equal(read.records, items.length);
    assert.equal(read.rejects.length, 1);
    assert.equal(read.rejects[0]!.line, 2);
    assert.match(read.rejects[0]!.reason, /^not valid JSON \(/);
  });

  it('parses whole a document whose records are not where the format looks (an outbox paged under `first`)', async () => {
    const file = path.join(dir, 'paged-outbox.json');
    const outbox = JSON.parse(fs.readFileSync(path.join(TESTDATA, 'mastodon-outbox/outbox.json'), 'utf8')) as Record<string, unknown>;
    const { orderedItems, ...rest } = outbox;
    fs.writeFileSync(file, JSON.stringify({ ...rest, first: { type: 'OrderedCollectionPage', orderedItems } }));
    const format = formatOf(path.join(TESTDATA, 'mastodon-outbox/outbox.json'));
    const paged = outcome(await pieces(format, file, 0));
    assert.equal(paged.records, (orderedItems as unknown[]).length);
    assert.deepEqual(paged, outcome(await pieces(format, path.join(TESTDATA, 'mastodon-outbox/outbox.json'), Infinity)));
  });
});
