import { linesOf, type ImportFormat, type RecordResult } from '../imported-post.ts';
import { isMusesocialExport, startsLikeJson } from './file-head.ts';
import { arrayOrEmpty, isObject, objectOrNull, type JsonObject } from './json-values.ts';
import { PostCollector, malformed, mergeResults, posts, reject, safely, skip } from './record-results.ts';
import { addStatus, isPublicStatus } from './mastodon-status.ts';
import { MastodonReplyIndex } from './mastodon-replies.ts';
import { MastodonReplyFile } from './mastodon-reply-file.ts';

/**
 * `mastodon`: REST API responses saved as files — Status arrays (hashtag,
 * public and account timelines, one page or an array of pages), a single
 * status, a thread context ({ancestors, descendants}) — and, one per line,
 * statuses or streaming envelopes ({"event": "update", "payload": "<JSON>"}).
 * Only public and unlisted posts are imported.
 */

function statusesIn(document: unknown): unknown[] {
  if (Array.isArray(document)) return document.flatMap((item) => (Array.isArray(item) ? item : [item]));
  const object = objectOrNull(document);
  if (object && (Array.isArray(object.ancestors) || Array.isArray(object.descendants))) return [...arrayOrEmpty(object.ancestors), ...arrayOrEmpty(object.descendants)];
  if (object && Array.isArray(object.statuses)) return object.statuses;
  return [document];
}

/** The records of a document: its statuses, each reply with its parent's uri when the document holds the parent (mastodon-replies.ts). */
export function mastodonRecords(document: unknown): unknown[] {
  const statuses = statusesIn(document);
  const index = new MastodonReplyIndex();
  for (const item of statuses) index.see(item);
  return statuses.map((item) => index.record(item));
}

function parseStatus(status: JsonObject): RecordResult {
  if (!isPublicStatus(status)) return skip(`${String(status.visibility)} post: only public posts are archived`);
  const collector = new PostCollector();
  addStatus(status, collector);
  return posts(collector.list);
}

const parseOne = safely((record) => {
  const object = objectOrNull(record) ?? malformed('not a JSON object');
  if (typeof object.event === 'string') {
    // Streaming API envelope: the payload is the status as a JSON string.
    if (object.event === 'update' || object.event === 'status.update') {
      let payload: unknown = object.payload;
      if (typeof payload === 'string') {
        try {
          payload = JSON.parse(payload);
        } catch {
          malformed(`payload of "${object.event}": not JSON`);
        }
      }
      return parseStatus(objectOrNull(payload) ?? malformed(`payload of "${object.event}": not a status`));
    }
    if (object.event === 'delete') return skip('deletion notice: it names a server-local id, not the post URI');
    return skip(`stream event "${object.event}"`);
  }
  if (typeof object.type === 'string' && isObject(object.status) && !('uri' in object)) return skip(`${object.type} notification`);
  if (!('uri' in object) && !('content' in object)) return reject('not a Mastodon status (no "uri", no "content")');
  return parseStatus(object);
});

function parseRecord(record: unknown): RecordResult {
  const many = statusesIn(record);
  return many.length === 1 && many[0] === record ? parseOne(record) : mergeResults(mastodonRecords(record).map(parseOne));
}

export const mastodon: ImportFormat = {
  name: 'mastodon',
  framing: 'json',
  detect(head) {
    if (!startsLikeJson(head) || isMusesocialExport(head)) return false;
    const statusLike = head.includes('"uri"') && head.includes('"content"') && head.includes('"acct"');
    const context = head.includes('"ancestors"') && head.includes('"descendants"');
    const stream = head.includes('"event"') && head.includes('"payload"');
    return statusLike || context || stream;
  },
  records: mastodonRecords,
  parseRecord,
  // A timeline saved as one array (of statuses, or of pages), or a search's `statuses`: a context's two arrays are parsed whole.
  streamed: { arrayKeys: ['statuses'], index: (snapshot) => (snapshot === undefined ? MastodonReplyFile.create() : MastodonReplyFile.open(snapshot)) },
};

/** One status, page or streaming envelope per line. */
export const mastodonLines: ImportFormat = linesOf(mastodon);
