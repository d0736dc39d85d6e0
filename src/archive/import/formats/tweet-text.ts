import { decodeHTML } from 'entities';
import { arrayOrEmpty, isObject, objectOrNull, pushUnique, stringOrNull } from './json-values.ts';

/**
 * Tweet text as people wrote it. Twitter sends text HTML-escaped
 * ("--&gt;", "&amp;") and with links shortened to t.co; both are undone here
 * so the archive, its search and its exports hold the real words and URLs.
 */

export function decodeTweetText(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}

const TCO_LINK = /https?:\/\/t\.co\/[A-Za-z0-9]+/g;

/**
 * Replaces each t.co link by its destination. Matching by URL rather than by
 * `indices` avoids the index traps (code points, offsets counted on the
 * escaped text) entirely; t.co links are unique per destination anyway.
 */
export function expandLinks(text: string, expansions: ReadonlyMap<string, string>): string {
  if (expansions.size === 0 || !text.includes('t.co/')) return text;
  return text.replace(TCO_LINK, (link) => expansions.get(link) ?? link);
}

export interface TweetEntities {
  hashtags: string[];
  mentions: string[];
  /** Links shared: without media and without Twitter's own "…read more" links. */
  urls: string[];
  /** t.co → destination, media included, for `expandLinks`. */
  expansions: Map<string, string>;
}

// twitter.com/i/web/status/… is the "read the rest" link of a truncated tweet, not a link anyone shared.
const OWN_TWITTER_LINK = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/(?:i\/web\/status\/\d+|[^/]+\/status\/\d+\/(?:photo|video)\/\d+)/;
const STATUS_LINK = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d{1,20})(?:[/?#]|$)/;

/** Twitter's own addresses in a post: its "read more" link and its photos' pages, which nobody shared. */
export function isOwnTwitterLink(url: string): boolean {
  return OWN_TWITTER_LINK.test(url);
}

function addLink(into: TweetEntities, entity: Record<string, unknown>, isMedia: boolean): void {
  const short = stringOrNull(entity.url);
  const long = stringOrNull(entity.expanded_url);
  if (!long) return;
  // First wins: urls are read before media, and a shared link outranks a media link on the same t.co address.
  if (short && !into.expansions.has(short)) into.expansions.set(short, long);
  if (!isMedia && !isOwnTwitterLink(long)) pushUnique(into.urls, long);
}

/** API v1.1 / X archive / TAGS `entities` (and `extended_entities`, which only adds media). */
export function readV1Entities(...sources: unknown[]): TweetEntities {
  const out: TweetEntities = { hashtags: [], mentions: [], urls: [], expansions: new Map() };
  for (const source of sources) {
    const entities = objectOrNull(source);
    if (!entities) continue;
    for (const tag of arrayOrEmpty(entities.hashtags)) if (isObject(tag)) pushUnique(out.hashtags, stringOrNull(tag.text)?.toLowerCase());
    for (const user of arrayOrEmpty(entities.user_mentions)) if (isObject(user)) pushUnique(out.mentions, stringOrNull(user.screen_name));
    for (const url of arrayOrEmpty(entities.urls)) if (isObject(url)) addLink(out, url, false);
    for (const media of arrayOrEmpty(entities.media)) if (isObject(media)) addLink(out, media, true);
  }
  return out;
}

/** API v2 `entities`: media links sit among the urls, marked by `media_key` or a pic.twitter.com display. */
export function readV2Entities(source: unknown): TweetEntities {
  const out: TweetEntities = { hashtags: [], mentions: [], urls: [], expansions: new Map() };
  const entities = objectOrNull(source);
  if (!entities) return out;
  for (const tag of arrayOrEmpty(entities.hashtags)) if (isObject(tag)) pushUnique(out.hashtags, stringOrNull(tag.tag)?.toLowerCase());
  for (const user of arrayOrEmpty(entities.mentions)) if (isObject(user)) pushUnique(out.mentions, stringOrNull(user.username));
  for (const url of arrayOrEmpty(entities.urls)) {
    if (!isObject(url)) continue;
    const display = stringOrNull(url.display_url) ?? '';
    addLink(out, url, url.media_key !== undefined || display.startsWith('pic.twitter.com') || display.startsWith('pic.x.com'));
  }
  return out;
}

/** The tweet a twitter.com/…/status/ID link points to, if it is not `ownId` itself. */
export function linkedTweetId(urls: string[], ownId: string): string | null {
  for (const url of urls) {
    const m = STATUS_LINK.exec(url);
    if (m && m[1] !== 'i' && m[2] !== ownId) return m[2]!;
  }
  return null;
}

// Twitter's pseudo-languages: und(efined), zxx (no text), art(ificial), q** (only media, hashtags, questions …).
const NO_LANGUAGE = /^(?:und|zxx|art|q[a-z]{2})$/;

export function tweetLanguage(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && !NO_LANGUAGE.test(value) ? value : null;
}
