import type { ImportFormat } from '../imported-post.ts';
import { isMusesocialExport, startsLikeJson } from './file-head.ts';
import { idOrNull, objectOrNull } from './json-values.ts';
import { eachRecordOf, malformed, posts, safely, skip } from './record-results.ts';
import { v1TweetPosts } from './tweet-v1-posts.ts';

/**
 * `twitter-v1`: API v1.1 tweets as twarc1, TAGS-era scripts and the
 * streaming API wrote them: one tweet per line (CRLF from the stream), a
 * JSON array (a timeline), or a search response ({statuses}, premium
 * {results}). Stream notices ({"limit": …}) are skipped, deletions passed on.
 */

// Messages the streaming API interleaves with tweets (developer docs, "Streaming message types").
const STREAM_NOTICES = ['limit', 'scrub_geo', 'status_withheld', 'user_withheld', 'disconnect', 'warning', 'event', 'friends', 'friends_str', 'for_user', 'control'];

const parseOne = safely((value) => {
  const object = objectOrNull(value) ?? malformed('not a JSON object');
  const deleted = objectOrNull(objectOrNull(object.delete)?.status);
  if (deleted) {
    const sourceId = idOrNull(deleted.id_str) ?? idOrNull(deleted.id) ?? malformed('delete.status.id_str: missing');
    return { kind: 'delete', network: 'twitter', sourceId };
  }
  if (object.id_str === undefined && object.id === undefined) {
    const notice = STREAM_NOTICES.find((key) => key in object);
    if (notice) return skip(`stream message "${notice}"`);
  }
  return posts(v1TweetPosts(object));
});

/** The tweets inside a document: a timeline array, a search response, or one tweet. */
function tweetsIn(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  const object = objectOrNull(document);
  if (object && Array.isArray(object.statuses)) return object.statuses;
  if (object && Array.isArray(object.results)) return object.results;
  return [document];
}

const parseRecord = eachRecordOf(tweetsIn, parseOne);

export const twitterV1: ImportFormat = {
  name: 'twitter-v1',
  framing: 'jsonl',
  detect(head) {
    if (!startsLikeJson(head) || isMusesocialExport(head)) return false;
    return head.includes('"id_str"') && (head.includes('"screen_name"') || head.includes('"delete"'));
  },
  records: tweetsIn,
  parseRecord,
};

/** The same format for a pretty-printed JSON document (an array or a search response over many lines). */
export const twitterV1Document: ImportFormat = { ...twitterV1, framing: 'json', streamed: { arrayKeys: ['statuses', 'results'] } };
