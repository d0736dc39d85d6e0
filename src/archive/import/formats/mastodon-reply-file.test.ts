import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MastodonReplyFile, rawIdAndUri } from './mastodon-reply-file.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/mastodon/rest-api');
const statuses = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'get_timeline_public_instance.json'), 'utf8')) as Array<Record<string, unknown>>;
const raw = (value: unknown, indent?: number) => Buffer.from(JSON.stringify(value, null, indent));

describe('a Mastodon status’s id and uri from its bytes', () => {
  it('reads them from a status as Mastodon writes it, compact or pretty-printed', () => {
    const plain = statuses.find((s) => s.reblog === null)!;
    for (const indent of [undefined, 1, 2]) assert.deepEqual(rawIdAndUri(raw(plain, indent)), { id: plain.id, uri: plain.uri });
  });

  it('asks for the status parsed whenever the bytes could mislead', () => {
    const plain = statuses.find((s) => s.reblog === null)!;
    const sorted = Object.fromEntries(Object.entries(plain).sort(([a], [b]) => a.localeCompare(b)));
    const cases: Record<string, unknown> = {
      // `account` (with a uri of its own) before the status's uri.
      'keys sorted': sorted,
      'a boost inside': { ...plain, reblog: { ...plain, id: '1', uri: 'https://elsewhere.example/statuses/1' } },
      'id not first': { created_at: plain.created_at, ...plain },
      'escaped slashes': JSON.parse(JSON.stringify(plain)) as unknown,
      'uri past ASCII': { ...plain, uri: 'https://musée.example/users/a/statuses/1' },
      'an array before the uri': { id: plain.id, mentions: [], uri: plain.uri },
    };
    for (const [name, value] of Object.entries(cases)) {
      const bytes = name === 'escaped slashes' ? Buffer.from(JSON.stringify(value).replaceAll('/', '\\/')) : raw(value);
      assert.equal(rawIdAndUri(bytes), null, name);
    }
  });

  it('stores what it read, and gives a reply the uri of a parent it never parsed', () => {
    const index = MastodonReplyFile.create();
    try {
      const parent = statuses.find((s) => s.reblog === null)!;
      assert.equal(index.wants(raw(parent, 2)), false, 'read from its bytes, not parsed');
      const reply = { ...statuses[1], id: '999', in_reply_to_id: parent.id, in_reply_to_account_id: 'not-mentioned' };
      assert.equal((index.record(reply) as Record<string, unknown>).musesocial_in_reply_to_uri, parent.uri);
    } finally {
      index.close();
    }
  });
});
