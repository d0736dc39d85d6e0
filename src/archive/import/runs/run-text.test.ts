import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { presentRun } from './import-run.presenter.ts';
import { UNPACKING, type RunFileRow, type RunRow } from './import-runs.repository.ts';
import { rateText, statusText } from './run-text.ts';

const counts = (imported: number, extra: Partial<RunFileRow['counts']> = {}) => ({ read: imported, imported, duplicates: 0, rejected: 0, skipped: 0, deleted: 0, ...extra });
const run = (over: Partial<RunRow> = {}): RunRow => ({ id: 7, chatId: 1, userId: 2, userHandle: 'dana', status: 'running', requestedFormat: null, companions: [], error: null, startedAt: 0, updatedAt: 0, finishedAt: null, ...over });
const file = (over: Partial<RunFileRow> = {}): RunFileRow => ({
  id: 1,
  position: 0,
  fileName: 'tweets.jsonl',
  status: 'running',
  format: 'twitter-v1',
  detected: true,
  bytesDone: 0,
  bytesTotal: 4 * 1024 * 1024,
  counts: counts(0),
  importId: null,
  unreadable: null,
  inOtherChats: [],
  rejections: [],
  startedAt: 0,
  finishedAt: null,
  ...over,
});

describe('import run words', () => {
  it('says where a running import is, and its rate and time left', () => {
    const shown = presentRun('chat', run(), [file({ status: 'finished', fileName: 'a.jsonl', bytesDone: 1024 * 1024, bytesTotal: 1024 * 1024, finishedAt: 1000, counts: counts(3000) }), file({ id: 2, position: 1, fileName: 'b.jsonl', startedAt: 1000, bytesDone: 2 * 1024 * 1024, counts: counts(6000) }), file({ id: 3, position: 2, status: 'waiting', startedAt: null })], 3000);
    assert.equal(statusText(shown, 'Museums'), 'Importing file 2 of 3 (b.jsonl): 33 % of the upload read, 9,000 posts imported so far.');
    assert.equal(shown.files[1]!.formatLabel, 'Twitter API v1.1, twarc1, streaming (JSON or JSONL) (detected)');
    assert.equal(rateText(shown.files[1]!), '1.0 MB/s · 3,000 records/s · 0:02 left');
    assert.equal(rateText(shown.files[0]!), '1.0 MB/s · 3,000 records/s', 'a finished file has no time left');
    assert.equal(rateText(shown.files[2]!), 'waiting for the files before it');
  });

  it('says a run is waiting while none of its files has started (its thread starting, or other uploads first)', () => {
    const shown = presentRun('chat', run(), [file({ status: 'waiting', startedAt: null }), file({ id: 2, position: 1, fileName: 'b.jsonl', status: 'waiting', startedAt: null })], 3000);
    assert.equal(statusText(shown, 'Museums'), 'Waiting to start: 2 files received, imported as soon as the server has a place for them.');
    assert.equal(rateText(shown.files[0]!), 'waiting to start');
    assert.equal(rateText(shown.files[1]!), 'waiting for the files before it');
  });

  it('says a packed upload is being unpacked (its files take its place once they are out)', () => {
    const shown = presentRun('chat', run(), [file({ fileName: 'twitter-2024.zip', format: UNPACKING, detected: false })], 3000);
    assert.equal(shown.files[0]!.unpacking, true);
    assert.equal(shown.files[0]!.formatLabel, 'Packed file');
    assert.equal(statusText(shown, 'Museums'), 'Unpacking twitter-2024.zip: taking out the files to import, which this page then lists.');
    assert.equal(rateText(shown.files[0]!), 'unpacking…');
  });

  it('says a big document is being checked before any record is read (its first pass)', () => {
    const shown = presentRun('chat', run(), [file({ fileName: 'timeline.json', format: 'mastodon', startedAt: 1000, bytesDone: 2 * 1024 * 1024, bytesTotal: 8 * 1024 * 1024 })], 3000);
    assert.equal(rateText(shown.files[0]!), '1.0 MB/s · checking the whole document first · 0:06 left');
  });

  it('reports how a run ended', () => {
    const finished = presentRun('chat', run({ status: 'finished', finishedAt: 2000 }), [file({ status: 'finished', finishedAt: 2000, counts: counts(1, { rejected: 1, duplicates: 2 }) }), file({ id: 2, position: 1, fileName: 'x.txt', status: 'unreadable', unreadable: 'the file is empty' })]);
    assert.equal(statusText(finished, 'Museums'), 'Imported 1 post into “Museums”; 2 already archived, 1 record rejected, 1 file not imported.');
    const mastodon = presentRun('chat', run({ status: 'finished', finishedAt: 2000 }), [file({ status: 'finished', finishedAt: 2000, counts: counts(4, { read: 7, skipped: 2, deleted: 1 }) })]);
    assert.equal(statusText(mastodon, 'Museums'), 'Imported 4 posts into “Museums”; 0 already archived, 2 skipped, 1 taken out, 0 records rejected.');
    const elsewhere = presentRun('chat', run({ status: 'finished', finishedAt: 2000 }), [
      file({ status: 'finished', finishedAt: 2000, counts: counts(0, { read: 12, duplicates: 12 }), inOtherChats: [{ slug: 'first', title: 'First chat', posts: 10 }] }),
      file({ id: 2, position: 1, status: 'finished', finishedAt: 2000, counts: counts(1, { duplicates: 1 }), inOtherChats: [{ slug: 'first', title: 'First chat', posts: 1 }] }),
    ]);
    assert.equal(
      statusText(elsewhere, 'Museums'),
      'Imported 1 post into “Museums”; 13 already archived, 0 records rejected. 11 of the 13 already archived are in another chat, where they stay (a post is archived in one chat only): “First chat” (11 posts).',
    );
    const nothing = presentRun('chat', run({ status: 'finished' }), [file({ status: 'unreadable', unreadable: 'no records in the file' })]);
    assert.equal(statusText(nothing, 'Museums'), 'Nothing was imported into “Museums”: the file holds nothing that can be imported (why is below).');
    const failed = presentRun('chat', run({ status: 'failed', error: 'disk full' }), [file({ status: 'stopped', counts: counts(1) })]);
    assert.equal(statusText(failed, 'Museums'), 'The import failed: disk full. 1 post stored before that is kept.');
  });
});
