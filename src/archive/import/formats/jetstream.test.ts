import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bySourceId, fixtureText, iso, jsonLines, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { jetstream } from './jetstream.ts';

// Values below were read off ../shared/fixtures/bluesky/jetstream by hand (line numbers are 1-based).
describe('jetstream: golden_v1.jsonl (10 production events)', () => {
  const results = parseFile(jetstream, fixtureText('bluesky/jetstream/golden_v1.jsonl'));

  it('imports the post and the repost, reads the profile update, skips likes, follows, blocks, identity and account events', () => {
    assert.deepEqual(kindsOf(results), { skip: 7, posts: 2, author: 1 });
  });

  it("reads a profile update's display name for its DID (line 5)", () => {
    assert.deepEqual(results[4], {
      kind: 'author',
      author: {
        network: 'bluesky',
        handle: 'did:plc:o6t5vwyr7ae73foww7bgye4r',
        displayName: 'Multiversal Lokis Unit🔞',
        sourceUserId: 'did:plc:o6t5vwyr7ae73foww7bgye4r',
        followersCount: null,
        profileUrl: 'https://bsky.app/profile/did:plc:o6t5vwyr7ae73foww7bgye4r',
      },
    });
  });

  it('reads a reply post (line 2)', () => {
    const post = bySourceId(postsOf(results), 'at://did:plc:q235v55g5unth4zjjdpacfdr/app.bsky.feed.post/3mmoojp4cd223');
    assert.equal(post.text, 'Try RSV for a good time !!');
    assert.equal(post.kind, 'reply');
    assert.equal(post.replyToSourceId, 'at://did:plc:j76trmiofvaxxpvx2vnb2vwf/app.bsky.feed.post/3mmojbrjwbs26');
    assert.equal(iso(post.createdAt), '2026-05-25T14:23:28.757Z');
    assert.equal(post.language, 'en');
    assert.equal(post.author.handle, 'did:plc:q235v55g5unth4zjjdpacfdr', 'Jetstream carries the DID only');
    assert.equal(post.sourceUrl, 'https://bsky.app/profile/did:plc:q235v55g5unth4zjjdpacfdr/post/3mmoojp4cd223');
  });

  it('reads a repost as a boost of its subject (line 3)', () => {
    const boost = bySourceId(postsOf(results), 'at://did:plc:eizxoqcsvvvarxeb3pjkblrp/app.bsky.feed.repost/3mmoojpbade2i');
    assert.equal(boost.kind, 'boost');
    assert.equal(boost.boostOfSourceId, 'at://did:plc:hjloomm2tkve3pmfgbxegl3v/app.bsky.feed.post/3mmood3a6hc25');
    assert.equal(iso(boost.createdAt), '2026-05-25T14:23:27.388Z');
  });
});

describe('jetstream: expected_v1.jsonl (152 contiguous events)', () => {
  const results = parseFile(jetstream, fixtureText('bluesky/jetstream/expected_v1.jsonl'));
  const posts = postsOf(results);

  it('imports 17 posts and 15 reposts, passes 1 post deletion on, skips the other 119', () => {
    assert.deepEqual(kindsOf(results), { skip: 119, posts: 32, delete: 1 });
    assert.equal(posts.filter((p) => p.kind === 'boost').length, 15);
    // Line 145: operation "delete" on app.bsky.feed.post 3mpt73z3ejc2p.
    assert.deepEqual(
      results.find((r) => r.kind === 'delete'),
      { kind: 'delete', network: 'bluesky', sourceId: 'at://did:plc:4smmjsqf6l5jkzczvw6vsrqc/app.bsky.feed.post/3mpt73z3ejc2p' },
    );
  });

  it('reads hashtags from #tag facets (line 46)', () => {
    const post = bySourceId(posts, 'at://did:plc:tn3hni2jpphsgl6amfbb7ja6/app.bsky.feed.post/3mptbypfywk2v');
    assert.deepEqual(post.hashtags, ['howtotellaitoshutup', 'indierebellion']);
    assert.equal(post.language, 'de');
  });

  it('replaces a shortened link label with the whole address (lines 2 and 148)', () => {
    // Line 2: text "www.youtube.com/watch?v=V5lD..." = facet bytes 0-31, link https://www.youtube.com/watch?v=V5lDo-jw8mA.
    const video = bySourceId(posts, 'at://did:plc:dclwtltrt2ggsryagfzk7dp4/app.bsky.feed.post/3mptbyoeyc22k');
    assert.equal(video.text, 'https://www.youtube.com/watch?v=V5lDo-jw8mA');
    assert.deepEqual(video.urls, ['https://www.youtube.com/watch?v=V5lDo-jw8mA']);
    // Line 148: a link facet (bytes 75-105) and two tag facets after it.
    const tumblr = bySourceId(posts, 'at://did:plc:ynfp6wddjqpl44gordpsqkuw/app.bsky.feed.post/3mptbyo7tas2u');
    assert.equal(tumblr.text, "\"Behind them, Timmi and Wanky'u follow silently but as fast as possible.\"\n\nhttps://www.tumblr.com/tempo-tales/765681292369166336/behind-them-timmi-and-wankyu-follow-silently-but?source=share\n\n#talesatwonderworld\n#balanwonderworldoc");
    assert.deepEqual(tumblr.hashtags, ['talesatwonderworld', 'balanwonderworldoc']);
  });

  it('keeps multibyte text whole and reads unusual dates (lines 4, 94, 144)', () => {
    assert.equal(bySourceId(posts, 'at://did:plc:amnbije7mr5g3pgxuun7q44o/app.bsky.feed.post/3mptbyqhi7s2f').text, '待って天幕のジャードゥーガル観ようと思ってたのに今日だったの知らなかった……ネトフリでも観られるっぽいよかった💦');
    // Line 94: "createdAt": "2026-07-04T14:38:02+00:00", langs ["en-US", "en"].
    const ufo = bySourceId(posts, 'at://did:plc:ybqkf2mtfbwx3qhga63mttja/app.bsky.feed.post/3mptbyoigog2b');
    assert.equal(iso(ufo.createdAt), '2026-07-04T14:38:02.000Z');
    assert.equal(ufo.language, 'en-US');
    assert.ok(bySourceId(posts, 'at://did:plc:6aw7u7xjbaiznddugigmdhvc/app.bsky.feed.post/3mptbxs3hq22j').text.startsWith('Вечерок с Аватаром, дошли и в мульте до Тоф 😍🔥'));
  });

  it('reads a self-thread and an empty-text reply (lines 55, 131)', () => {
    const second = bySourceId(posts, 'at://did:plc:u4lmvw4wwzaql3z5kcf3r7h4/app.bsky.feed.post/3mptbyou7ls2i');
    assert.equal(second.replyToSourceId, 'at://did:plc:u4lmvw4wwzaql3z5kcf3r7h4/app.bsky.feed.post/3mptbyospqk2i');
    assert.equal(bySourceId(posts, 'at://did:plc:ajg5c7huhiibhwandhdscpdq/app.bsky.feed.post/3mptbyproxc2q').text, '');
  });
});

describe('jetstream: byte offsets in multibyte text', () => {
  // Modelled on expected_v1.jsonl line 46. "é" is 2 bytes in UTF-8, "☕" 3, "👋" 4, "→" 3, so every facet
  // below starts later in bytes than in characters: #musesocial is characters 31-42 but bytes 34-45.
  const text = 'Café ☕ with @dana.bsky.social: #musesocial A1 👋 #MuseumTwitter → musesocial.example/q1...';
  const facet = (byteStart: number, byteEnd: number, feature: object) => ({ index: { byteStart, byteEnd }, features: [feature] });
  const event = (facets: unknown[]) => ({
    did: 'did:plc:dana',
    time_us: 1783175886071000,
    kind: 'commit',
    commit: {
      rev: '3mptbyo7tas2u',
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: '3mptbyo7tas2u',
      record: { $type: 'app.bsky.feed.post', createdAt: '2026-07-04T14:38:06.071Z', langs: ['en'], text, facets },
      cid: 'bafyreib',
    },
  });
  const facets = [
    facet(15, 32, { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:dana2' }),
    facet(34, 45, { $type: 'app.bsky.richtext.facet#tag', tag: 'musesocial' }),
    facet(54, 68, { $type: 'app.bsky.richtext.facet#tag', tag: 'MuseumTwitter' }),
    facet(73, 97, { $type: 'app.bsky.richtext.facet#link', uri: 'https://musesocial.example/q1?from=bsky' }),
  ];

  it('reads tags, mentions and links at their byte offsets', () => {
    const result = jetstream.parseRecord(event(facets));
    assert.equal(result.kind, 'posts');
    const post = result.kind === 'posts' ? result.posts[0]! : null;
    assert.deepEqual(post!.hashtags, ['musesocial', 'museumtwitter']);
    assert.deepEqual(post!.mentions, ['dana.bsky.social']);
    assert.deepEqual(post!.urls, ['https://musesocial.example/q1?from=bsky']);
    assert.equal(post!.text, 'Café ☕ with @dana.bsky.social: #musesocial A1 👋 #MuseumTwitter → https://musesocial.example/q1?from=bsky');
    // Read as string indices, the same offsets would have given "sesocial A1" for the tag.
    assert.equal(text.slice(34, 45), 'sesocial A1');
  });

  it('ignores a facet that would cut a character in two or run past the end', () => {
    // Byte 4 is inside "é" (bytes 3-4); byte 200 is past the end.
    const result = jetstream.parseRecord(event([facet(4, 10, { $type: 'app.bsky.richtext.facet#link', uri: 'https://x.example' }), facet(190, 200, { $type: 'app.bsky.richtext.facet#tag', tag: 'x' })]));
    assert.equal(result.kind === 'posts' && result.posts[0]!.text, text);
    // No usable tag facet: the tags typed in the text still count.
    assert.deepEqual(result.kind === 'posts' && result.posts[0]!.hashtags, ['musesocial', 'museumtwitter']);
  });
});

describe('jetstream: malformed events', () => {
  const [line2] = jsonLines(fixtureText('bluesky/jetstream/golden_v1.jsonl')).slice(1);
  const good = line2!.value as { commit: Record<string, unknown> };

  it('rejects events without a DID, a commit or a record, naming what is missing', () => {
    assert.deepEqual(jetstream.parseRecord({ ...good, did: undefined }), { kind: 'reject', reason: 'did: missing' });
    assert.deepEqual(jetstream.parseRecord({ ...good, commit: undefined }), { kind: 'reject', reason: 'commit: missing' });
    assert.deepEqual(jetstream.parseRecord({ ...good, commit: { ...good.commit, record: 'x' } }), { kind: 'reject', reason: 'commit.record: missing' });
    assert.deepEqual(jetstream.parseRecord({ ...good, commit: { ...good.commit, record: { createdAt: '2026-05-25T14:23:28.757Z' } } }), { kind: 'reject', reason: 'record.text: missing' });
  });

  it('passes a repost deletion on as a deletion of the boost', () => {
    const result = jetstream.parseRecord({ did: 'did:plc:abc', time_us: 1, kind: 'commit', commit: { rev: 'r', operation: 'delete', collection: 'app.bsky.feed.repost', rkey: 'k1' } });
    assert.deepEqual(result, { kind: 'delete', network: 'bluesky', sourceId: 'at://did:plc:abc/app.bsky.feed.repost/k1' });
  });
});

describe('jetstream: what events say of accounts', () => {
  // The identity event of line 151 of expected_v1.jsonl, with the handle Jetstream adds when the account has one.
  const identity = { did: 'did:plc:hqvhxrowqbemo5e4wjnj6zao', time_us: 1783175888384849, kind: 'identity', identity: { did: 'did:plc:hqvhxrowqbemo5e4wjnj6zao', seq: 31527015470, time: '2026-07-04T14:38:07.877Z' } };

  it("reads an identity event's handle, and skips one without a handle or with handle.invalid", () => {
    const result = jetstream.parseRecord({ ...identity, identity: { ...identity.identity, handle: 'Dana.Museum.Example' } });
    assert.equal(result.kind, 'author');
    assert.deepEqual(result.kind === 'author' && result.author, {
      network: 'bluesky',
      handle: 'Dana.Museum.Example',
      displayName: 'Dana.Museum.Example',
      sourceUserId: 'did:plc:hqvhxrowqbemo5e4wjnj6zao',
      followersCount: null,
      profileUrl: 'https://bsky.app/profile/Dana.Museum.Example',
    });
    assert.equal(jetstream.parseRecord(identity).kind, 'skip');
    assert.equal(jetstream.parseRecord({ ...identity, identity: { ...identity.identity, handle: 'handle.invalid' } }).kind, 'skip');
  });

  it('skips a profile deletion, another record of the collection, and a profile without a display name', () => {
    const profile = (commit: Record<string, unknown>) => jetstream.parseRecord({ did: 'did:plc:abc', time_us: 1, kind: 'commit', commit: { rev: 'r', collection: 'app.bsky.actor.profile', rkey: 'self', operation: 'update', record: { displayName: 'Kim' }, ...commit } });
    assert.equal(profile({}).kind, 'author');
    assert.equal(profile({ operation: 'delete', record: undefined }).kind, 'skip');
    assert.equal(profile({ rkey: 'other' }).kind, 'skip');
    assert.equal(profile({ record: { displayName: '  ' } }).kind, 'skip');
  });
});
