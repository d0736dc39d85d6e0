import type { ImportedPost, ImportFormat, RecordResult } from '../imported-post.ts';
import { isMusesocialExport, startsLikeJson } from './file-head.ts';
import { parseIsoInstant } from './instants.ts';
import { objectOrNull, type JsonObject } from './json-values.ts';
import { actorAuthor, idOf, isPublic, notePost } from './activitypub-note.ts';
import { eachRecordOf, malformed, posts, safely, skip } from './record-results.ts';

/**
 * `mastodon-outbox`: outbox.json from a Mastodon "Request your archive"
 * export (and other ActivityPub outboxes): an OrderedCollection of Create
 * activities carrying Notes and of Announces (boosts) naming the boosted
 * post by URI. The export holds every post of the account, direct messages
 * included: only public and unlisted ones are imported.
 */

const COLLECTION_TYPES = new Set(['OrderedCollection', 'OrderedCollectionPage', 'Collection', 'CollectionPage']);

function itemsOf(collection: JsonObject): unknown[] {
  const items = collection.orderedItems ?? collection.items ?? objectOrNull(collection.first)?.orderedItems ?? objectOrNull(collection.first)?.items;
  return Array.isArray(items) ? items : [];
}

function activitiesIn(document: unknown): unknown[] {
  const object = objectOrNull(document);
  if (Array.isArray(document)) return document;
  if (object && COLLECTION_TYPES.has(String(object.type))) return itemsOf(object);
  return [document];
}

function announce(activity: JsonObject): RecordResult {
  if (!isPublic(activity)) return skip('boost not addressed to the public');
  const sourceId = idOf(activity) ?? malformed('id: missing');
  const boostOf = idOf(activity.object) ?? malformed('object: missing');
  const embeddedNote = objectOrNull(activity.object);
  const original = embeddedNote && ('content' in embeddedNote || 'contentMap' in embeddedNote) ? notePost(embeddedNote, { actor: null, published: null }) : null;
  const boost: ImportedPost = {
    network: 'mastodon',
    sourceId,
    sourceUrl: null,
    author: actorAuthor(activity.actor),
    // The outbox names the boosted post only by URI; its text is known when that post is archived too.
    text: original?.text ?? '',
    createdAt: parseIsoInstant(activity.published) ?? malformed('published: not an ISO instant'),
    kind: 'boost',
    replyToSourceId: null,
    quoteOfSourceId: null,
    boostOfSourceId: boostOf,
    hashtags: original ? original.hashtags.slice() : [],
    mentions: original ? original.mentions.slice() : [],
    urls: original ? original.urls.slice() : [],
    counts: { likes: 0, boosts: 0, replies: 0 },
    language: original?.language ?? null,
  };
  return posts(original ? [original, boost] : [boost]);
}


const parseActivity = safely((record) => {
  const activity = objectOrNull(record);
  if (!activity) return typeof record === 'string' ? skip('activity named by URI only') : malformed('not a JSON object');
  switch (activity.type) {
    case 'Create':
    case 'Update': {
      const note = objectOrNull(activity.object);
      if (!note) return skip(`${activity.type} names its object by URI only`);
      if (!isPublic(note, activity)) return skip('post not addressed to the public (followers-only or direct)');
      return posts([notePost(note, { actor: activity.actor, published: activity.published })]);
    }
    case 'Announce':
      return announce(activity);
    case 'Delete': {
      const sourceId = idOf(activity.object) ?? malformed('object: missing');
      return { kind: 'delete', network: 'mastodon', sourceId };
    }
    default:
      return typeof activity.type === 'string' ? skip(`${activity.type} activity`) : malformed('type: missing');
  }
});

const parseRecord = eachRecordOf(activitiesIn, parseActivity);

export const mastodonOutbox: ImportFormat = {
  name: 'mastodon-outbox',
  framing: 'json',
  // An outbox.json of a prolific account runs to hundreds of MB: read item by item.
  streamed: { arrayKeys: ['orderedItems', 'items'] },
  detect(head) {
    if (!startsLikeJson(head) || isMusesocialExport(head)) return false;
    return /"type"\s*:\s*"OrderedCollection(?:Page)?"/.test(head) && /"(?:Create|Announce)"/.test(head);
  },
  records: activitiesIn,
  parseRecord,
};
