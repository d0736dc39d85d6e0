import type { ImportedAuthor, ImportedPost, ImportFormat, RecordResult } from '../imported-post.ts';
import { DID, POST_COLLECTION, blueskyPost } from './bluesky-post.ts';
import { firstLine, isMusesocialExport } from './file-head.ts';
import { parseIsoInstant } from './instants.ts';
import { objectOrNull, stringOrNull, type JsonObject } from './json-values.ts';
import { malformed, posts, safely, skip } from './record-results.ts';

/**
 * `jetstream`: Bluesky's Jetstream firehose saved as JSONL, one event per
 * line. Posts and reposts become posts, their deletions deletions; likes,
 * follows and account events are skipped. Events name the author by DID
 * only (handles change; DIDs do not): identity events with a handle and
 * profile records with a display name tell the rest, stored with the
 * author (not counted as posts).
 */

const REPOST = 'app.bsky.feed.repost';
export const PROFILE = 'app.bsky.actor.profile';
// Bluesky did not exist before 2022: an earlier time_us is not a time.
const BLUESKY_EPOCH_US = Date.UTC(2022, 0, 1) * 1000;

function authorOf(did: string): ImportedAuthor {
  return { network: 'bluesky', handle: did, displayName: did, sourceUserId: did, followersCount: null, profileUrl: `https://bsky.app/profile/${did}` };
}

function createdAtOf(record: JsonObject, event: JsonObject): number {
  const claimed = parseIsoInstant(record.createdAt);
  if (claimed !== null) return claimed;
  // Jetstream's own receive time, in microseconds, when the record's date is unreadable.
  const timeUs = event.time_us;
  const plausible = typeof timeUs === 'number' && Number.isSafeInteger(timeUs) && timeUs >= BLUESKY_EPOCH_US;
  return plausible ? Math.floor(timeUs / 1000) : malformed('record.createdAt: not an ISO instant');
}

function repostOf(did: string, rkey: string, record: JsonObject, event: JsonObject): ImportedPost {
  const subject = stringOrNull(objectOrNull(record.subject)?.uri) ?? malformed('record.subject.uri: missing');
  return {
    network: 'bluesky',
    sourceId: `at://${did}/${REPOST}/${rkey}`,
    sourceUrl: null,
    author: authorOf(did),
    // A repost names its post by URI only; the text is known when that post is archived too.
    text: '',
    createdAt: createdAtOf(record, event),
    kind: 'boost',
    replyToSourceId: null,
    quoteOfSourceId: null,
    boostOfSourceId: subject,
    hashtags: [],
    mentions: [],
    urls: [],
    counts: { likes: 0, boosts: 0, replies: 0 },
    language: null,
  };
}

/** An identity event: the account's handle now, when it has one (a handle that no longer resolves is `handle.invalid`). */
function identityOf(did: string, event: JsonObject): RecordResult {
  const handle = stringOrNull(objectOrNull(event.identity)?.handle);
  if (!handle || handle === 'handle.invalid') return skip('identity event without a handle');
  return { kind: 'author', author: { ...authorOf(did), handle, displayName: handle, profileUrl: `https://bsky.app/profile/${handle}` } };
}

/** A profile record (app.bsky.actor.profile/self, created or updated): the account's display name. */
function profileOf(did: string, commit: JsonObject): RecordResult {
  const displayName = stringOrNull(objectOrNull(commit.record)?.displayName)?.trim();
  if (commit.rkey !== 'self' || (commit.operation !== 'create' && commit.operation !== 'update') || !displayName) return skip(`${PROFILE} ${String(commit.operation)}`);
  return { kind: 'author', author: { ...authorOf(did), displayName } };
}

const parseEvent = safely((value) => {
  const event = objectOrNull(value) ?? malformed('not a JSON object');
  const did = stringOrNull(event.did) ?? malformed('did: missing');
  if (!DID.test(did)) malformed(`did: not a DID (${did.slice(0, 40)})`);
  if (event.kind === 'identity') return identityOf(did, event);
  if (event.kind !== 'commit') return typeof event.kind === 'string' ? skip(`${event.kind} event`) : malformed('kind: missing');
  const commit = objectOrNull(event.commit) ?? malformed('commit: missing');
  const collection = stringOrNull(commit.collection) ?? malformed('commit.collection: missing');
  const operation = commit.operation;
  if (collection === PROFILE) return profileOf(did, commit);
  if (collection !== POST_COLLECTION && collection !== REPOST) return skip(`${collection} ${String(operation)}`);
  const rkey = stringOrNull(commit.rkey) ?? malformed('commit.rkey: missing');
  if (operation === 'delete') return { kind: 'delete', network: 'bluesky', sourceId: `at://${did}/${collection}/${rkey}` };
  if (operation !== 'create' && operation !== 'update') malformed(`commit.operation: unknown (${JSON.stringify(operation)?.slice(0, 20)})`);
  const record = objectOrNull(commit.record) ?? malformed('commit.record: missing');
  return posts([collection === POST_COLLECTION ? blueskyPost({ did, rkey, record, author: authorOf(did), createdAt: createdAtOf(record, event) }) : repostOf(did, rkey, record, event)]);
});

export const jetstream: ImportFormat = {
  name: 'jetstream',
  framing: 'jsonl',
  detect(head) {
    const line = firstLine(head).text;
    return line.startsWith('{') && !isMusesocialExport(head) && /"did"\s*:\s*"did:/.test(line) && /"time_us"\s*:/.test(line) && /"kind"\s*:/.test(line);
  },
  parseRecord: parseEvent,
};
