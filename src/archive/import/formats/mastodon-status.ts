import type { ImportedAuthor, ImportedPost } from '../imported-post.ts';
import { htmlToText } from './html-to-text.ts';
import { parseIsoInstant } from './instants.ts';
import { arrayOrEmpty, count, countOrNull, isObject, objectOrNull, pushUnique, stringOrNull, type JsonObject } from './json-values.ts';
import { Malformed, PostCollector, malformed } from './record-results.ts';

/**
 * A Mastodon REST `Status` to posts. Ids are per server (the same post is
 * 114870142263126875 on fosstodon.org and 114870142396314555 on
 * rstats.me), so a post is known by its `uri`, and handles get their server
 * (`acct` is bare for the answering server's own accounts).
 */

/** Set by `mastodonRecords` when the parent is in the same document: replies name their parent by local id only. */
export const REPLY_URI_FIELD = 'musesocial_in_reply_to_uri';

const hostOf = (url: string | null): string | null => {
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
};

/** `user@server`, whether the server answered with `acct: "user"` (its own) or `acct: "user@server"`. */
export function fullAcct(account: JsonObject): string | null {
  const acct = stringOrNull(account.acct);
  if (acct?.includes('@')) return acct;
  const username = stringOrNull(account.username) ?? acct;
  const host = hostOf(stringOrNull(account.url)) ?? hostOf(stringOrNull(account.uri));
  return username && host ? `${username}@${host}` : null;
}

function authorOf(value: unknown): ImportedAuthor {
  const account = objectOrNull(value) ?? malformed('account: missing');
  const handle = fullAcct(account) ?? malformed('account.acct: missing');
  return {
    network: 'mastodon',
    handle,
    displayName: stringOrNull(account.display_name) ?? stringOrNull(account.username) ?? handle,
    // Account ids are per server too; the actor URI is the same everywhere.
    sourceUserId: stringOrNull(account.uri) ?? stringOrNull(account.url),
    followersCount: countOrNull(account.followers_count),
    profileUrl: stringOrNull(account.url),
  };
}

/**
 * A parent outside the document can still be named when its author is an
 * account of the answering server: such statuses have the same id there and
 * in their URI (https://server/users/NAME/statuses/ID).
 */
function localParentUri(status: JsonObject): string | null {
  const parentId = stringOrNull(status.in_reply_to_id);
  const parentAccountId = stringOrNull(status.in_reply_to_account_id);
  if (!parentId || !parentAccountId) return null;
  const own = objectOrNull(status.account);
  const candidates = [own, ...arrayOrEmpty(status.mentions).map(objectOrNull)];
  const parentAccount = candidates.find((a) => a && a.id === parentAccountId);
  const acct = stringOrNull(parentAccount?.acct);
  if (!parentAccount || !acct || acct.includes('@')) return null;
  const actor = stringOrNull(parentAccount.uri);
  if (actor) return `${actor}/statuses/${parentId}`;
  const host = hostOf(stringOrNull(parentAccount.url));
  return host ? `https://${host}/users/${stringOrNull(parentAccount.username) ?? acct}/statuses/${parentId}` : null;
}

const NOT_PUBLIC = new Set(['private', 'direct', 'limited']);

export function isPublicStatus(status: JsonObject): boolean {
  return !NOT_PUBLIC.has(String(status.visibility));
}

const MAX_EMBED_DEPTH = 3;

export function addStatus(value: unknown, collector: PostCollector, depth = 0): ImportedPost {
  const status = objectOrNull(value) ?? malformed('not a status object');
  const sourceId = stringOrNull(status.uri) ?? malformed('uri: missing');
  const createdAt = parseIsoInstant(status.created_at) ?? malformed(`created_at: not an ISO instant (${JSON.stringify(status.created_at)?.slice(0, 40)})`);
  const author = authorOf(status.account);
  const content = typeof status.content === 'string' ? status.content : malformed('content: missing');

  const reblog = depth < MAX_EMBED_DEPTH ? objectOrNull(status.reblog) : null;
  if (reblog) {
    const original = embedded(reblog, collector, depth);
    const post: ImportedPost = {
      network: 'mastodon',
      sourceId,
      sourceUrl: null,
      author,
      text: original?.text ?? '',
      createdAt,
      kind: 'boost',
      replyToSourceId: null,
      quoteOfSourceId: null,
      boostOfSourceId: original?.sourceId ?? stringOrNull(reblog.uri),
      hashtags: original ? original.hashtags.slice() : [],
      mentions: original ? original.mentions.slice() : [],
      urls: original ? original.urls.slice() : [],
      counts: { likes: 0, boosts: 0, replies: 0 },
      language: original?.language ?? null,
    };
    collector.add(post);
    return post;
  }

  const body = htmlToText(content);
  const warning = stringOrNull(status.spoiler_text)?.trim();
  const hashtags: string[] = [];
  for (const tag of arrayOrEmpty(status.tags)) if (isObject(tag)) pushUnique(hashtags, stringOrNull(tag.name)?.toLowerCase());
  const mentions: string[] = [];
  for (const mention of arrayOrEmpty(status.mentions)) if (isObject(mention)) pushUnique(mentions, fullAcct(mention));

  // Quote posts (Mastodon 4.4: {state, quoted_status}; Fedibird and others: the status itself).
  const quote = objectOrNull(status.quote);
  const quoted = depth < MAX_EMBED_DEPTH ? (objectOrNull(quote?.quoted_status) ?? (quote && typeof quote.uri === 'string' && 'content' in quote ? quote : null)) : null;
  const quotedPost = quoted ? embedded(quoted, collector, depth) : null;
  const quoteOf = quotedPost?.sourceId ?? stringOrNull(quoted?.uri) ?? null;

  const isReply = stringOrNull(status.in_reply_to_id) !== null;
  const replyTo = isReply ? (stringOrNull(status[REPLY_URI_FIELD]) ?? localParentUri(status)) : null;

  const post: ImportedPost = {
    network: 'mastodon',
    sourceId,
    sourceUrl: stringOrNull(status.url) ?? sourceId,
    author,
    text: warning ? `${warning}\n\n${body.text}` : body.text,
    createdAt,
    // A reply whose parent lives on another server cannot be named by URI; it is still a reply.
    kind: isReply ? 'reply' : quoteOf ? 'quote' : 'original',
    replyToSourceId: replyTo,
    quoteOfSourceId: quoteOf,
    boostOfSourceId: null,
    hashtags,
    mentions,
    urls: body.links,
    counts: { likes: count(status.favourites_count), boosts: count(status.reblogs_count), replies: count(status.replies_count) },
    language: stringOrNull(status.language),
  };
  collector.add(post);
  return post;
}

function embedded(value: JsonObject, collector: PostCollector, depth: number): ImportedPost | null {
  try {
    return addStatus(value, collector, depth + 1);
  } catch (error) {
    if (error instanceof Malformed) return null;
    throw error;
  }
}
