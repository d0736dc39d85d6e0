import type { ImportedAuthor, ImportedPost, ImportFormat } from '../imported-post.ts';
import { extractHashtags } from '../../../posts/post-text.ts';
import { readRichText } from './bluesky-facets.ts';
import { firstLine, isMusesocialExport } from './file-head.ts';
import { parseIsoInstant } from './instants.ts';
import { arrayOrEmpty, objectOrNull, pushUnique, stringOrNull, type JsonObject } from './json-values.ts';
import { malformed, posts, safely, skip } from './record-results.ts';

/**
 * `jetstream`: Bluesky's Jetstream firehose saved as JSONL, one event per
 * line. Posts and reposts become posts, their deletions deletions; likes,
 * follows, profile updates, identity and account events are skipped.
 * Events carry the author's DID only (handles change; DIDs do not).
 */

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';
const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$/;
// Bluesky did not exist before 2022: an earlier time_us is not a time.
const BLUESKY_EPOCH_US = Date.UTC(2022, 0, 1) * 1000;
const POST_URI = /^at:\/\/[^/]+\/app\.bsky\.feed\.post\/[^/]+$/;

function authorOf(did: string): ImportedAuthor {
  return { network: 'bluesky', handle: did, displayName: did, sourceUserId: did, followersCount: null, profileUrl: `https://bsky.app/profile/${did}` };
}

/** The post a record embeds: app.bsky.embed.record, or recordWithMedia around it (lexicons/app.bsky.embed.*). */
function quotedUri(embed: unknown): string | null {
  const object = objectOrNull(embed);
  const record = objectOrNull(object?.record);
  const uri = stringOrNull(record?.uri) ?? stringOrNull(objectOrNull(record?.record)?.uri);
  return uri && POST_URI.test(uri) ? uri : null;
}

function createdAtOf(record: JsonObject, event: JsonObject): number {
  const claimed = parseIsoInstant(record.createdAt);
  if (claimed !== null) return claimed;
  // Jetstream's own receive time, in microseconds, when the record's date is unreadable.
  const timeUs = event.time_us;
  const plausible = typeof timeUs === 'number' && Number.isSafeInteger(timeUs) && timeUs >= BLUESKY_EPOCH_US;
  return plausible ? Math.floor(timeUs / 1000) : malformed('record.createdAt: not an ISO instant');
}

function postOf(did: string, rkey: string, record: JsonObject, event: JsonObject): ImportedPost {
  const text = typeof record.text === 'string' ? record.text : malformed('record.text: missing');
  const rich = readRichText(text, record.facets);
  const hashtags = rich.hashtags;
  for (const tag of arrayOrEmpty(record.tags)) pushUnique(hashtags, typeof tag === 'string' ? tag.replace(/^#/, '').toLowerCase() : null);
  const replyTo = stringOrNull(objectOrNull(objectOrNull(record.reply)?.parent)?.uri);
  const quoteOf = quotedUri(record.embed);
  const language = stringOrNull(arrayOrEmpty(record.langs)[0]);
  return {
    network: 'bluesky',
    sourceId: `at://${did}/${POST}/${rkey}`,
    sourceUrl: `https://bsky.app/profile/${did}/post/${rkey}`,
    author: authorOf(did),
    text: rich.text,
    createdAt: createdAtOf(record, event),
    kind: replyTo ? 'reply' : quoteOf ? 'quote' : 'original',
    replyToSourceId: replyTo,
    quoteOfSourceId: quoteOf,
    boostOfSourceId: null,
    // Tags typed without a facet (older or third-party clients) are still tags to the reader.
    hashtags: hashtags.length > 0 ? hashtags : extractHashtags(rich.text),
    mentions: rich.mentions,
    urls: rich.links,
    counts: { likes: 0, boosts: 0, replies: 0 },
    language,
  };
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

const parseEvent = safely((value) => {
  const event = objectOrNull(value) ?? malformed('not a JSON object');
  const did = stringOrNull(event.did) ?? malformed('did: missing');
  if (!DID.test(did)) malformed(`did: not a DID (${did.slice(0, 40)})`);
  if (event.kind !== 'commit') return typeof event.kind === 'string' ? skip(`${event.kind} event`) : malformed('kind: missing');
  const commit = objectOrNull(event.commit) ?? malformed('commit: missing');
  const collection = stringOrNull(commit.collection) ?? malformed('commit.collection: missing');
  const operation = commit.operation;
  if (collection !== POST && collection !== REPOST) return skip(`${collection} ${String(operation)}`);
  const rkey = stringOrNull(commit.rkey) ?? malformed('commit.rkey: missing');
  if (operation === 'delete') return { kind: 'delete', network: 'bluesky', sourceId: `at://${did}/${collection}/${rkey}` };
  if (operation !== 'create' && operation !== 'update') malformed(`commit.operation: unknown (${JSON.stringify(operation)?.slice(0, 20)})`);
  const record = objectOrNull(commit.record) ?? malformed('commit.record: missing');
  return posts([collection === POST ? postOf(did, rkey, record, event) : repostOf(did, rkey, record, event)]);
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
