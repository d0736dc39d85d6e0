import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportedPost } from '../imported-post.ts';
import { bySourceId, jsonDocument, parseFile, postsOf } from './testing/fixture-files.ts';
import { readXArchiveAccount, xArchiveWith } from './x-archive.ts';
import { readXArchiveNotes, XArchiveNoteIndex } from './x-archive-notes.ts';

// testdata/x-archive-notes: an archive of 2024 with three long posts (cut at ~270 characters and "…" in tweets.js,
// whole in note-tweet.js, linked only by time), a short post two seconds after one of them, and the note of a deleted post.
const sample = (name: string) => readFileSync(path.join(import.meta.dirname, 'testdata/x-archive-notes/data', name), 'utf8');
const account = readXArchiveAccount(jsonDocument(sample('account.js')));
const notes = readXArchiveNotes(jsonDocument(sample('note-tweet.js')));

describe('x-archive: data/note-tweet.js', () => {
  const withNotes = postsOf(parseFile(xArchiveWith({ account, notes }), sample('tweets.js')));
  const without = postsOf(parseFile(xArchiveWith({ account, notes: [] }), sample('tweets.js')));

  it('reads every note with its time, text and entities', () => {
    assert.equal(notes.length, 4);
    const [spoon] = notes;
    assert.equal(spoon!.at, Date.parse('2024-05-13T18:30:01.812Z'));
    assert.equal(spoon!.tweetId, null);
    assert.deepEqual(spoon!.hashtags, ['musesocial']);
    assert.deepEqual(spoon!.links, [['https://t.co/SpoonLnk01', 'https://museum.example.org/objects/roman-spoon']]);
  });

  it('gives a long post its whole text, links expanded, and drops the "read more" link', () => {
    const cut = bySourceId(without, '1790087118123450001');
    assert.ok(cut.text.endsWith('most requested object i… https://twitter.com/i/web/status/1790087118123450001'), cut.text);
    assert.deepEqual(cut.hashtags, []);

    const whole = bySourceId(withNotes, '1790087118123450001');
    assert.equal(whole.text.length, 389 - 'https://t.co/SpoonLnk01'.length + 'https://museum.example.org/objects/roman-spoon'.length - '&amp;'.length + 1);
    assert.ok(whole.text.startsWith('Q1 What object in your collection has the strangest story? Ours: a bent Roman spoon'));
    assert.ok(whole.text.includes('picked it up & went very quiet. It is now the most requested object in our study room. #musesocial tell us yours'));
    assert.ok(whole.text.endsWith('Our spoon: https://museum.example.org/objects/roman-spoon'));
    assert.deepEqual(whole.hashtags, ['musesocial']);
    assert.deepEqual(whole.urls, ['https://museum.example.org/objects/roman-spoon']);
    // Everything else is the post's own.
    assert.deepEqual({ ...whole, text: '', hashtags: [], urls: [] }, { ...cut, text: '', hashtags: [], urls: [] });
  });

  it('keeps a reply\'s "@name" in front of its note, which does not have it', () => {
    const reply = bySourceId(withNotes, '1790089909800000002');
    assert.equal(reply.kind, 'reply');
    assert.equal(reply.replyToSourceId, '1790088000000000077');
    assert.ok(reply.text.startsWith('@sam_curates A1 Ours is a wax anatomical model'), reply.text);
    assert.ok(reply.text.endsWith('We had it under a sink for 30 years #musesocial'));
    assert.deepEqual(reply.mentions, ['sam_curates']);
    assert.deepEqual(reply.hashtags, ['musesocial']);
  });

  it('leaves a short post of the same moment alone, and every post is imported once', () => {
    const short = bySourceId(withNotes, '1790087126000000003');
    assert.equal(short.text, 'Reminder: #musesocial starts now, a question every 10 minutes');
    assert.equal(withNotes.length, 4);
    assert.ok(bySourceId(withNotes, '1790092831600000004').text.endsWith('We changed the label the next day. #musesocial'));
    // The deleted post's note completes nothing and adds no post.
    assert.ok(!withNotes.some((post) => post.text.includes('deleted later')));
  });
});

describe('XArchiveNoteIndex', () => {
  const post = (over: Partial<ImportedPost>): ImportedPost => ({
    network: 'twitter',
    sourceId: '1',
    sourceUrl: null,
    author: { network: 'twitter', handle: 'dana', displayName: 'Dana', sourceUserId: null, followersCount: null, profileUrl: null },
    text: 'A long post about spoons, cut here…',
    createdAt: Date.parse('2024-05-13T18:30:01Z'),
    kind: 'original',
    replyToSourceId: null,
    quoteOfSourceId: null,
    boostOfSourceId: null,
    hashtags: [],
    mentions: [],
    urls: [],
    counts: { likes: 0, boosts: 0, replies: 0 },
    language: null,
    ...over,
  });
  const whole = 'A long post about spoons, cut here in tweets.js but whole in the note. #Spoons';

  it('takes the note the archive links by tweetId, in the other shape some archives have', () => {
    const [note] = readXArchiveNotes([{ noteTweet: { noteTweetId: '5', tweetId: '1', noteTweetResults: { text: whole, entitySet: { hashtags: [{ text: 'Spoons' }], userMentions: [{ screen_name: 'sam' }], urls: [] } } } }]);
    const index = new XArchiveNoteIndex([note!]);
    const completed = post({ createdAt: 0 });
    index.complete(completed);
    assert.equal(completed.text, whole);
    assert.deepEqual(completed.hashtags, ['spoons']);
    assert.deepEqual(completed.mentions, ['sam']);
  });

  it('reads the time inside noteTweetId when createdAt is missing, and bare strings as entities', () => {
    // (ms since 2010-11-04T01:42:54.657Z) << 22: 2024-05-13T18:30:01.812Z.
    const [note] = readXArchiveNotes([{ noteTweet: { noteTweetId: '1790087118056325243', core: { text: whole, hashtags: ['Spoons'] } } }]);
    assert.equal(note!.at, Date.parse('2024-05-13T18:30:01.812Z'));
    assert.deepEqual(note!.hashtags, ['spoons']);
    const completed = post({});
    new XArchiveNoteIndex([note!]).complete(completed);
    assert.equal(completed.text, whole);
  });

  it('needs both the moment and the first words; a boost is never completed', () => {
    const index = new XArchiveNoteIndex(readXArchiveNotes([{ noteTweet: { createdAt: '2024-05-13T18:30:01.000Z', core: { text: whole } } }]));
    for (const other of [
      post({ createdAt: Date.parse('2024-05-13T18:30:07Z') }),
      post({ text: 'A long post about forks, cut here…' }),
      post({ kind: 'boost', boostOfSourceId: '9' }),
    ]) {
      const before = other.text;
      index.complete(other);
      assert.equal(other.text, before);
    }
    const same = post({ createdAt: Date.parse('2024-05-13T18:29:57Z') });
    index.complete(same);
    assert.equal(same.text, whole);
    // Hashtags come from the whole text when the note lists none.
    assert.deepEqual(same.hashtags, ['spoons']);
  });

  it('of two notes written around the same moment, takes the nearer one', () => {
    const index = new XArchiveNoteIndex(
      readXArchiveNotes([
        { noteTweet: { createdAt: '2024-05-13T18:30:04.000Z', core: { text: `${whole} (the later one)` } } },
        { noteTweet: { createdAt: '2024-05-13T18:30:01.500Z', core: { text: whole } } },
      ]),
    );
    const completed = post({});
    index.complete(completed);
    assert.equal(completed.text, whole);
  });

  it('ignores entries without text', () => {
    assert.deepEqual(readXArchiveNotes([{ noteTweet: { createdAt: '2024-05-13T18:30:01.000Z', core: {} } }, null, 'x', { other: 1 }]), []);
    assert.deepEqual(readXArchiveNotes({ not: 'a list' }), []);
  });
});
