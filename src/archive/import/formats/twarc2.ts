import type { ImportFormat, RecordResult } from '../imported-post.ts';
import { isMusesocialExport, startsLikeJson } from './file-head.ts';
import { arrayOrEmpty, isObject, objectOrNull, stringOrNull, type JsonObject } from './json-values.ts';
import { Malformed, PostCollector, mergeResults, posts, reject, safely, skip } from './record-results.ts';
import { NO_INCLUDES, addV2Tweet, type V2Lookup } from './tweet-v2-posts.ts';

/**
 * `twarc2`: API v2 as twarc2 saves it. Raw output is one response page per
 * line — `data` (an array, or one tweet from the filtered stream) with
 * authors and referenced tweets in `includes`; flattened output is one
 * tweet per line with all of that inline.
 */

function lookupFor(includes: unknown): V2Lookup {
  const users = new Map<string, JsonObject>();
  const tweets = new Map<string, JsonObject>();
  const object = objectOrNull(includes);
  for (const user of arrayOrEmpty(object?.users)) if (isObject(user) && typeof user.id === 'string') users.set(user.id, user);
  for (const tweet of arrayOrEmpty(object?.tweets)) if (isObject(tweet) && typeof tweet.id === 'string') tweets.set(tweet.id, tweet);
  return { user: (id) => users.get(id), tweet: (id) => tweets.get(id) };
}

/** One collector per record: a tweet retweeted twice on a page is still one post. */
function tweetsToResult(tweets: unknown[], lookup: V2Lookup): RecordResult {
  const collector = new PostCollector();
  let firstProblem: string | null = null;
  let problems = 0;
  for (const tweet of tweets) {
    try {
      addV2Tweet(tweet, collector, lookup);
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      problems += 1;
      firstProblem ??= error.message;
    }
  }
  if (collector.list.length > 0) return posts(collector.list);
  if (firstProblem) return reject(problems > 1 ? `${firstProblem} (and ${problems - 1} more on this page)` : firstProblem);
  return skip('page without tweets');
}

function errorSummary(errors: unknown): string {
  const first = objectOrNull(arrayOrEmpty(errors)[0]);
  return stringOrNull(first?.detail) ?? stringOrNull(first?.title) ?? stringOrNull(first?.message) ?? 'error';
}

const parseObject = safely((record) => {
  const object = objectOrNull(record);
  if (!object) return reject('not a JSON object');
  if ('data' in object) {
    const data = object.data;
    const tweets = Array.isArray(data) ? data : isObject(data) ? [data] : [];
    if (tweets.length === 0) return object.errors ? skip(`API error: ${errorSummary(object.errors)}`) : skip('page without tweets');
    return tweetsToResult(tweets, lookupFor(object.includes));
  }
  if ('errors' in object && !('id' in object)) return skip(`API error: ${errorSummary(object.errors)}`);
  if ('id' in object && 'text' in object) return tweetsToResult([object], NO_INCLUDES);
  return reject('not a twarc2 response page or tweet (no "data", no "id"/"text")');
});

/** Pages, or flattened tweets, in a document (an array of them, or one). */
function recordsIn(document: unknown): unknown[] {
  return Array.isArray(document) ? document : [document];
}

function parseRecord(record: unknown): RecordResult {
  return Array.isArray(record) ? mergeResults(record.map(parseObject)) : parseObject(record);
}

export const twarc2: ImportFormat = {
  name: 'twarc2',
  framing: 'jsonl',
  detect(head) {
    if (!startsLikeJson(head) || isMusesocialExport(head)) return false;
    // v2 has no `id_str` anywhere; v1.1 always has it.
    return head.includes('"__twarc"') || (head.includes('"author_id"') && !head.includes('"id_str"'));
  },
  records: recordsIn,
  parseRecord,
};

/** A single pretty-printed response page (or an array of pages) saved as one document. */
export const twarc2Document: ImportFormat = {
  ...twarc2,
  framing: 'json',
  // An array of pages (or of flattened tweets), page by page; one page is parsed whole (its tweets need its `includes`).
  streamed: { arrayKeys: [] },
};
