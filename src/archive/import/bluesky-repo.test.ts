import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unpackRepoCar } from './bluesky-repo.ts';
import { expandArchives, packedKindOf } from './downloaded-archives.ts';
import { jetstream } from './formats/jetstream.ts';
import { parseFile, postsOf } from './formats/testing/fixture-files.ts';
import { repoCarOf } from './testing/repo-car-of.ts';

const did = 'did:plc:w4xbfzo7kqfes5zb7r6qv3rw';
const q1 = { $type: 'app.bsky.feed.post', createdAt: '2024-11-20T20:00:04.120Z', langs: ['en'], text: 'Q1 Café question ☕ #MuseSocial', facets: [{ index: { byteStart: 23, byteEnd: 34 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'MuseSocial' }] }] };
const reply = {
  $type: 'app.bsky.feed.post',
  createdAt: '2024-11-20T20:07:45.000Z',
  text: 'Thanks all! #MuseSocial',
  reply: { root: { uri: `at://${did}/app.bsky.feed.post/3lbq2sgx5xk2a`, cid: 'bafyreiq1' }, parent: { uri: 'at://did:plc:ragtjsm2j2vknwkz3zp4oxrd/app.bsky.feed.post/3lbq2uxm7zc2b', cid: 'bafyreia1' } },
  embed: { $type: 'app.bsky.embed.images', images: [{ alt: 'a spoon', image: { $type: 'blob', ref: null, mimeType: 'image/jpeg', size: 1000 } }] },
};
const records = {
  'app.bsky.actor.profile/self': { $type: 'app.bsky.actor.profile', displayName: 'Museum Host' },
  'app.bsky.feed.like/3lbq2yyyyyy2a': { $type: 'app.bsky.feed.like', subject: { uri: 'at://x/app.bsky.feed.post/1', cid: 'b' }, createdAt: '2024-11-20T20:05:00.000Z' },
  'app.bsky.feed.post/3lbq2sgx5xk2a': q1,
  'app.bsky.feed.post/3lbq2zz3jkk2e': reply,
  'app.bsky.feed.repost/3lbq2vbx3ss2g': { $type: 'app.bsky.feed.repost', subject: { uri: 'at://did:plc:ragtjsm2j2vknwkz3zp4oxrd/app.bsky.feed.post/3lbq2uxm7zc2b', cid: 'bafyreia1' }, createdAt: '2024-11-20T20:04:02.000Z' },
  'app.bsky.graph.follow/3lbq2xxxxxx2a': { $type: 'app.bsky.graph.follow', subject: 'did:plc:ragtjsm2j2vknwkz3zp4oxrd', createdAt: '2024-11-01T00:00:00.000Z' },
};

describe('a Bluesky repository export (repo.car)', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-car-test-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives up its profile, posts and reposts as Jetstream lines, in key order, and nothing else', async () => {
    const car = path.join(root, 'repo.car');
    fs.writeFileSync(car, await repoCarOf(did, records));
    assert.equal(await packedKindOf(car), 'car');
    const found = await unpackRepoCar(car, path.join(root, 'out'));
    assert.deepEqual(found, { kind: 'a Bluesky repository export', files: [path.join(root, 'out', 'posts.jsonl')] });
    const text = fs.readFileSync(found!.files[0]!, 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { did: string; time_us: number; commit: { collection: string; rkey: string; record: Record<string, unknown> } });
    assert.deepEqual(lines.map((l) => `${l.commit.collection}/${l.commit.rkey}`), ['app.bsky.actor.profile/self', 'app.bsky.feed.post/3lbq2sgx5xk2a', 'app.bsky.feed.post/3lbq2zz3jkk2e', 'app.bsky.feed.repost/3lbq2vbx3ss2g']);
    assert.equal(lines[1]!.did, did);
    assert.equal(lines[1]!.time_us, Date.parse(q1.createdAt) * 1000);
    assert.deepEqual(lines[2]!.commit.record, reply, 'the record as written');

    // The jetstream format reads them: the tag found by its byte offsets, the reply and the repost linked by URI.
    const results = parseFile(jetstream, text);
    assert.deepEqual(results[0], { kind: 'author', author: { network: 'bluesky', handle: did, displayName: 'Museum Host', sourceUserId: did, followersCount: null, profileUrl: `https://bsky.app/profile/${did}` } });
    const posts = postsOf(results);
    assert.equal(posts.length, 3);
    assert.deepEqual(posts[0]!.hashtags, ['musesocial']);
    assert.equal(posts[0]!.sourceId, `at://${did}/app.bsky.feed.post/3lbq2sgx5xk2a`);
    assert.equal(posts[1]!.replyToSourceId, 'at://did:plc:ragtjsm2j2vknwkz3zp4oxrd/app.bsky.feed.post/3lbq2uxm7zc2b');
    assert.deepEqual([posts[2]!.kind, posts[2]!.boostOfSourceId], ['boost', 'at://did:plc:ragtjsm2j2vknwkz3zp4oxrd/app.bsky.feed.post/3lbq2uxm7zc2b']);
  });

  it('is not taken for a CAR when it is not one, and gives up nothing when cut or damaged; expandArchives lets those pass', async () => {
    const text = path.join(root, 'posts.jsonl');
    fs.writeFileSync(text, '{"roots": [], "version": 1}\n');
    assert.equal(await packedKindOf(text), null);
    const whole = await repoCarOf(did, records);
    const cut = path.join(root, 'cut.car');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    assert.equal(await packedKindOf(cut), 'car');
    assert.equal(await unpackRepoCar(cut, path.join(root, 'cut')), null);
    // Whole blocks, one of them missing: refused whole, not imported in part.
    const lacking = path.join(root, 'lacking.car');
    fs.writeFileSync(lacking, await repoCarOf(did, records, { omit: 'app.bsky.feed.post/3lbq2zz3jkk2e' }));
    assert.equal(await unpackRepoCar(lacking, path.join(root, 'lacking')), null);
    // A tree that names a node twice (a walk that could repeat itself exponentially) is refused.
    const shared = path.join(root, 'shared.car');
    fs.writeFileSync(shared, await repoCarOf(did, records, { sharedSubtree: true }));
    assert.equal(await unpackRepoCar(shared, path.join(root, 'shared')), null);

    const car = path.join(root, 'repo-2.car');
    fs.writeFileSync(car, whole);
    let dirs = 0;
    const { files, expanded } = await expandArchives([{ path: cut, fileName: 'cut.car' }, { path: car, fileName: 'repo.car' }], async () => path.join(root, `expanded-${++dirs}`));
    assert.deepEqual(files.map((f) => f.fileName), ['cut.car', 'repo.car/posts.jsonl']);
    assert.deepEqual(expanded.map((e) => [e.packed.fileName, e.kind]), [['repo.car', 'a Bluesky repository export']]);
  });
});
