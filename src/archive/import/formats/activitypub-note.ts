import type { ImportedAuthor, ImportedPost } from '../imported-post.ts';
import { htmlToText } from './html-to-text.ts';
import { parseIsoInstant } from './instants.ts';
import { count, isObject, objectOrNull, pushUnique, stringOrNull, type JsonObject } from './json-values.ts';
import { malformed } from './record-results.ts';

/**
 * ActivityPub objects (as in a Mastodon export's outbox.json) to posts.
 * Unlike the REST API, ActivityPub names everything by URI — posts, parents,
 * authors — so replies link up without any id translation.
 */

const PUBLIC_AUDIENCE = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);

/** ActivityStreams lets any property be one value or a list. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

export function idOf(value: unknown): string | null {
  return typeof value === 'string' ? value || null : stringOrNull(objectOrNull(value)?.id);
}

/** Public and unlisted posts address the Public collection in `to` or `cc`; followers-only posts and direct messages do not. */
export function isPublic(...objects: (JsonObject | null)[]): boolean {
  return objects.some((object) => object !== null && [...asList(object.to), ...asList(object.cc)].some((a) => typeof a === 'string' && PUBLIC_AUDIENCE.has(a)));
}

function hostOf(uri: string): string | null {
  try {
    return new URL(uri).host || null;
  } catch {
    return null;
  }
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// https://server/users/NAME (Mastodon), https://server/@NAME, https://server/u/NAME (…others).
const ACTOR_NAME = /\/(?:users|u|accounts|profile)\/([^/?#]+)\/?$|\/@([^/?#]+)\/?$/;

/** The author as `user@server`: from the actor object when embedded, else read off its URI. */
export function actorAuthor(actor: unknown): ImportedAuthor {
  const uri = idOf(actor) ?? malformed('actor: missing');
  const host = hostOf(uri) ?? malformed(`actor: not a URI (${uri.slice(0, 60)})`);
  const object = objectOrNull(actor);
  const m = ACTOR_NAME.exec(uri);
  const name = stringOrNull(object?.preferredUsername) ?? decoded(m?.[1] ?? m?.[2] ?? uri.replace(/\/+$/, '').split('/').pop() ?? '');
  if (!name) malformed(`actor: no user name in ${uri.slice(0, 60)}`);
  return {
    network: 'mastodon',
    handle: `${name}@${host}`,
    displayName: stringOrNull(object?.name) ?? name,
    sourceUserId: uri,
    followersCount: null,
    profileUrl: stringOrNull(object?.url) ?? uri,
  };
}

function linkOf(value: unknown): string | null {
  for (const item of asList(value)) {
    if (typeof item === 'string') return item;
    const href = isObject(item) ? stringOrNull(item.href) : null;
    if (href) return href;
  }
  return null;
}

function mentionHandle(tag: JsonObject): string | null {
  const name = stringOrNull(tag.name)?.replace(/^@/, '');
  if (!name) return null;
  if (name.includes('@')) return name;
  const host = hostOf(stringOrNull(tag.href) ?? '');
  return host ? `${name}@${host}` : name;
}

function firstEntry(map: unknown): [string, string] | null {
  const object = objectOrNull(map);
  if (!object) return null;
  for (const [language, html] of Object.entries(object)) if (typeof html === 'string') return [language, html];
  return null;
}

/** A Note (or Article, Question …) to a post; `fallback` supplies what the wrapping activity knows. */
export function notePost(note: JsonObject, fallback: { actor: unknown; published: unknown }): ImportedPost {
  const sourceId = idOf(note) ?? malformed('object.id: missing');
  const createdAt = parseIsoInstant(note.published) ?? parseIsoInstant(fallback.published) ?? malformed('published: not an ISO instant');
  const author = actorAuthor(note.attributedTo ?? fallback.actor);
  const mapped = firstEntry(note.contentMap);
  const html = stringOrNull(note.content) ?? mapped?.[1] ?? '';
  const body = htmlToText(html);
  const warning = stringOrNull(note.summary)?.trim();

  const hashtags: string[] = [];
  const mentions: string[] = [];
  for (const tag of asList(note.tag)) {
    if (!isObject(tag)) continue;
    if (tag.type === 'Hashtag') pushUnique(hashtags, stringOrNull(tag.name)?.replace(/^#/, '').toLowerCase());
    else if (tag.type === 'Mention') pushUnique(mentions, mentionHandle(tag));
  }
  const replyTo = idOf(note.inReplyTo);
  // Quote posts: FEP-044f `quote` (Mastodon 4.4), Fedibird `quoteUri`, Misskey `_misskey_quote`.
  const quoteOf = idOf(note.quote) ?? idOf(note.quoteUri) ?? idOf(note.quoteUrl) ?? idOf(note._misskey_quote);

  return {
    network: 'mastodon',
    sourceId,
    sourceUrl: linkOf(note.url) ?? sourceId,
    author,
    text: warning ? `${warning}\n\n${body.text}` : body.text,
    createdAt,
    kind: replyTo ? 'reply' : quoteOf ? 'quote' : 'original',
    replyToSourceId: replyTo,
    quoteOfSourceId: quoteOf,
    boostOfSourceId: null,
    hashtags,
    mentions,
    urls: body.links,
    // Mastodon 4.3+ publishes totals on the Note; older exports have none.
    counts: { likes: count(objectOrNull(note.likes)?.totalItems), boosts: count(objectOrNull(note.shares)?.totalItems), replies: count(objectOrNull(note.replies)?.totalItems) },
    language: mapped?.[0] ?? null,
  };
}
