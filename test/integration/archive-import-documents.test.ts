import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase, type TestDatabase } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { STREAM_DOCUMENTS_FROM_BYTES } from '../../src/archive/import/pipeline/limits.ts';
import { generateTweetFile } from '../../bench/import/tweet-generator.ts';
import { scratchDir, tableCounts } from './archive-import-helpers.ts';

/**
 * Big JSON documents are read element by element (json-array-stream.ts),
 * in a parse worker with a bounded heap, rather than parsed whole: an X
 * archive's tweets.js and a JSON array written on one line, each past
 * STREAM_DOCUMENTS_FROM_BYTES. They must store what the same records store
 * read any other way. The database plays no part in how a file is read:
 * SQLite only.
 */
describe('archive import of big JSON documents', () => {
  let files: ReturnType<typeof scratchDir>;
  let lines: string[];
  let database: TestDatabase;
  let organizer: Awaited<ReturnType<typeof buildUser>>;
  before(async () => {
    files = scratchDir();
    const source = path.join(files.dir, 'tweets.jsonl');
    // Tweets of 3–5 KB: enough of them to pass the size from which documents are streamed.
    await generateTweetFile(source, Math.ceil(STREAM_DOCUMENTS_FROM_BYTES / 3500));
    lines = fs.readFileSync(source, 'utf8').trim().split('\n');
    database = await freshDatabase('sqlite');
    organizer = await buildUser(database.db, { role: 'organizer' });
  });
  after(async () => {
    await database.dispose();
    files.cleanup();
  });

  const newChat = async () => (await buildChat(database.db, organizer, { startsInHours: -48 })).slug;
  const importInto = async (name: string, file: string, slug?: string) => importIntoChat(database, { via: 'cli' }, slug ?? (await newChat()), { files: [{ path: file, fileName: name }], format: null });

  it('imports a JSON array written on one line as the same tweets as JSON lines', async () => {
    const oneLine = files.write('tweets.json', `[${lines.join(',')}]\n`);
    assert.ok(fs.statSync(oneLine).size >= STREAM_DOCUMENTS_FROM_BYTES);
    const asLines = await importInto('tweets.jsonl', files.write('again.jsonl', lines.join('\n')));
    const slug = await newChat();
    const before = await tableCounts(database.db);
    const asDocument = await importInto('tweets.json', oneLine, slug);
    assert.equal(asDocument.files[0]!.format, 'twitter-v1');
    assert.equal(asDocument.files[0]!.unreadable, null);
    assert.equal(asDocument.totals.read, lines.length);
    assert.equal(asDocument.totals.rejected, 0);
    // Into another chat: every post is archived already (source ids are unique), so none is stored again.
    assert.equal(asDocument.totals.imported + asDocument.totals.duplicates, asLines.totals.imported + asLines.totals.duplicates);
    assert.equal(asDocument.totals.imported, 0);
    assert.deepEqual((await tableCounts(database.db)).posts, before.posts);
  });

  it('imports a big Mastodon timeline element by element: a reply ranges before its parent, on another server, answers it', async () => {
    const template = (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../shared/fixtures/mastodon/rest-api/get_timeline_hashtag_default.json'), 'utf8')) as Array<Record<string, unknown>>)[0]!;
    const idOf = (i: number) => String(115000000000000000n - BigInt(i));
    const status = (i: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ ...template, id: idOf(i), uri: `https://elsewhere.example/users/u${i % 97}/statuses/9${i}`, url: `https://elsewhere.example/@u${i % 97}/9${i}`, content: `<p>Post ${i} about #museums</p>`, in_reply_to_id: null, in_reply_to_account_id: null, reblog: null, ...extra }, null, 2);
    const statuses: string[] = [];
    for (let i = 0, bytes = 0; bytes < STREAM_DOCUMENTS_FROM_BYTES * 1.1; i++) {
      statuses.push(status(i));
      bytes += statuses.at(-1)!.length + 2;
    }
    // Newest first: the first status answers the last one, known here by its id on this server only.
    const last = statuses.length - 1;
    statuses[0] = status(0, { in_reply_to_id: idOf(last), in_reply_to_account_id: 'not-mentioned' });
    const timeline = files.write('timeline.json', `[${statuses.join(',\n')}]`);
    const replyFiles = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('musesocial-replies-')).length;
    const before = replyFiles();
    const report = await importInto('timeline.json', timeline);
    assert.equal(report.files[0]!.format, 'mastodon');
    assert.equal(report.totals.read, statuses.length);
    assert.equal(report.totals.imported, statuses.length);
    const byUri = async (uri: string) => database.db.selectFrom('posts').select(['id', 'replyToId']).where('sourceId', '=', uri).executeTakeFirstOrThrow();
    const parent = await byUri(`https://elsewhere.example/users/u${last % 97}/statuses/9${last}`);
    assert.equal((await byUri('https://elsewhere.example/users/u0/statuses/90')).replyToId, parent.id);
    assert.equal(replyFiles(), before, 'the uris kept on disk for the first pass are gone');
  });

  it('imports a big X archive tweets.js element by element: a broken record is rejected, a file cut short refused', async () => {
    const sample = fs.readFileSync(path.resolve(import.meta.dirname, '../../src/archive/import/formats/testdata/x-archive/data/tweets.js'), 'utf8');
    const template = (JSON.parse(sample.slice(sample.indexOf('=') + 1)) as Array<{ tweet: Record<string, unknown> }>)[0]!;
    const entries: string[] = [];
    for (let i = 0, bytes = 0; bytes < STREAM_DOCUMENTS_FROM_BYTES * 1.1; i++) {
      const id = String(1700000000000000000n + BigInt(i));
      entries.push(JSON.stringify({ tweet: { ...template.tweet, id_str: id, id, full_text: `Post ${i} about spoons #musesocial`, edit_info: undefined } }, null, 2));
      bytes += entries.at(-1)!.length + 2;
    }
    // The first post was edited: its edit is the last one in the file, ranges away; the second answers the first version.
    const idOf = (i: number) => String(1700000000000000000n + BigInt(i));
    const versions = [idOf(0), idOf(entries.length - 1)];
    const entry = (i: number, extra: Record<string, unknown>) =>
      JSON.stringify({ tweet: { ...template.tweet, id_str: idOf(i), id: idOf(i), full_text: `Post ${i} about spoons #musesocial`, ...extra } }, null, 2);
    entries[0] = entry(0, { edit_info: { initial: { editTweetIds: versions } } });
    entries[1] = entry(1, { in_reply_to_status_id_str: versions[0] });
    entries[entries.length - 1] = entry(entries.length - 1, { edit_info: { edit: { initialTweetId: versions[0], editControlInitial: { editTweetIds: versions } } } });
    const dir = path.join(files.dir, 'archive', 'data');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'account.js'), 'window.YTD.account.part0 = [ { "account" : { "username" : "dana_museum", "accountId" : "42", "accountDisplayName" : "Dana" } } ]');
    const tweetsJs = path.join(dir, 'tweets.js');
    fs.writeFileSync(tweetsJs, `window.YTD.tweets.part0 = [ ${entries.join(', ')} ]`);
    const report = await importInto('tweets.js', tweetsJs);
    assert.equal(report.files[0]!.unreadable, null);
    assert.deepEqual([report.totals.read, report.totals.imported, report.totals.skipped, report.totals.rejected], [entries.length, entries.length - 1, 1, 0], 'the first version left out');
    const reply = await database.db
      .selectFrom('posts as p')
      .innerJoin('posts as target', 'target.id', 'p.replyToId')
      .select(['target.sourceId'])
      .where('p.sourceId', '=', idOf(1))
      .executeTakeFirst();
    assert.equal(reply?.sourceId, versions[1], 'the reply answers the edit, found by the first pass and given to the workers');
    const authors = await database.db.selectFrom('authors').select('handle').where('sourceUserId', '=', '42').execute();
    assert.deepEqual(authors.map((a) => a.handle), ['dana_museum'], 'the owner, from account.js beside it');

    // One record broken in the middle: rejected, naming the record, and the rest is read (archived already, so not stored again).
    const into = await newChat();
    const counts = await tableCounts(database.db);
    const middle = Math.floor(entries.length / 2);
    const broken = [...entries.slice(0, middle), entries[middle]!.replace('"full_text"', '"full_text" "oops"'), ...entries.slice(middle + 1)];
    fs.writeFileSync(tweetsJs, `window.YTD.tweets.part0 = [ ${broken.join(', ')} ]`);
    const again = await importInto('tweets.js', tweetsJs, into);
    assert.equal(again.files[0]!.unreadable, null);
    assert.deepEqual([again.totals.read, again.totals.rejected, again.totals.duplicates], [entries.length, 1, entries.length - 2]);
    assert.equal(again.files[0]!.rejections[0]!.line, middle + 1);
    assert.match(again.files[0]!.rejections[0]!.reason, /^not valid JSON/);

    // Cut short: refused whole, before anything is stored.
    fs.writeFileSync(tweetsJs, `window.YTD.tweets.part0 = [ ${entries.join(', ')}`.slice(0, -1000));
    const cut = await importInto('tweets.js', tweetsJs, into);
    assert.match(cut.files[0]!.unreadable ?? '', /truncated/);
    assert.equal((await tableCounts(database.db)).posts, counts.posts);
  });
});
