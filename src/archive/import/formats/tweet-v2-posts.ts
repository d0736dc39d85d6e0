import type { ImportedAuthor, ImportedPost } from '../imported-post.ts';
import { parseIsoInstant } from './instants.ts';
import { arrayOrEmpty, count, countOrNull, idOrNull, objectOrNull, stringOrNull, type JsonObject } from './json-values.ts';
import { Malformed, PostCollector, malformed } from './record-results.ts';
import { decodeTweetText, expandLinks, readV2Entities, tweetLanguage } from './tweet-text.ts';
import { laterVersion, placeAmongVersions } from './tweet-versions.ts';

/**
 * API v2 tweets to posts. A raw response page names authors and referenced
 * tweets by id and keeps them in `includes`; twarc2's flattened lines put
 * them inline (`author`, full objects in `referenced_tweets`). The lookup
 * covers the first case and is empty for the second.
 */
export interface V2Lookup {
  user(id: string): JsonObject | undefined;
  tweet(id: string): JsonObject | undefined;
}

export const NO_INCLUDES: V2Lookup = { user: () => undefined, tweet: () => undefined };

const MAX_EMBED_DEPTH = 3;

export function addV2Tweet(value: unknown, collector: PostCollector, lookup: V2Lookup, depth = 0): ImportedPost {
  const t = objectOrNull(value) ?? malformed('not a tweet object');
  const sourceId = idOrNull(t.id) ?? malformed('id: missing or not a whole number');
  const createdAt = parseIsoInstant(t.created_at) ?? malformed(`created_at: not an ISO instant (${JSON.stringify(t.created_at)?.slice(0, 40)})`);
  const authorId = stringOrNull(t.author_id);
  const author = authorOf(objectOrNull(t.author) ?? (authorId ? lookup.user(authorId) : undefined), authorId);

  // Tweets over 280 characters keep their whole text in `note_tweet`.
  const note = objectOrNull(t.note_tweet);
  const rawText = stringOrNull(note?.text) ?? (typeof t.text === 'string' ? t.text : malformed('text: missing'));
  const entities = readV2Entities(note?.entities ?? t.entities);
  const metrics = objectOrNull(t.public_metrics);

  const post: ImportedPost = {
    network: 'twitter',
    sourceId,
    sourceUrl: `https://twitter.com/${encodeURIComponent(author.handle)}/status/${sourceId}`,
    author,
    text: expandLinks(decodeTweetText(rawText), entities.expansions),
    createdAt,
    kind: 'original',
    replyToSourceId: null,
    quoteOfSourceId: null,
    boostOfSourceId: null,
    hashtags: entities.hashtags,
    mentions: entities.mentions,
    urls: entities.urls,
    counts: { likes: count(metrics?.like_count), boosts: count(metrics?.retweet_count), replies: count(metrics?.reply_count) },
    language: tweetLanguage(t.lang),
  };
  // A filtered stream delivers each edit as a new tweet, listing every version, oldest first.
  placeAmongVersions(post, t, depth > 0);

  let original: ImportedPost | null = null;
  for (const item of arrayOrEmpty(t.referenced_tweets)) {
    const ref = objectOrNull(item);
    const id = idOrNull(ref?.id);
    if (!ref || !id) continue;
    // Flattened lines embed the referenced tweet in the reference itself.
    const full = typeof ref.text === 'string' ? ref : lookup.tweet(id);
    if (ref.type === 'retweeted') {
      post.boostOfSourceId = id;
      if (full && depth < MAX_EMBED_DEPTH) original = embedded(full, collector, lookup, depth);
    } else if (ref.type === 'quoted') {
      post.quoteOfSourceId = id;
      if (full && depth < MAX_EMBED_DEPTH) embedded(full, collector, lookup, depth);
    } else if (ref.type === 'replied_to') {
      // The parent is context, not part of the archived conversation: referenced, not imported.
      post.replyToSourceId = id;
    }
  }

  if (post.boostOfSourceId) {
    post.kind = 'boost';
    post.replyToSourceId = null;
    post.quoteOfSourceId = null;
    // "RT @x: …" is cut at 140 characters; the original is whole.
    if (original) {
      post.text = original.text;
      post.hashtags = original.hashtags.slice();
      post.mentions = original.mentions.slice();
      post.urls = original.urls.slice();
    }
    post.counts = { likes: 0, boosts: 0, replies: 0 };
  } else {
    post.kind = post.replyToSourceId ? 'reply' : post.quoteOfSourceId ? 'quote' : 'original';
  }
  collector.add(post);
  return post;
}

/**
 * A referenced tweet that cannot be read (deleted author, partial object)
 * does not sink the one that references it. An earlier version of an
 * edited tweet gives way to its latest when the page includes that (X
 * serves a quoted tweet as it was when quoted, listing its later versions).
 */
function embedded(value: JsonObject, collector: PostCollector, lookup: V2Lookup, depth: number): ImportedPost | null {
  const id = idOrNull(value.id);
  const latestId = id ? laterVersion(value, id) : null;
  const latest = latestId ? lookup.tweet(latestId) : undefined;
  try {
    return addV2Tweet(latest ?? value, collector, lookup, depth + 1);
  } catch (error) {
    if (error instanceof Malformed) return null;
    throw error;
  }
}

function authorOf(user: JsonObject | null | undefined, authorId: string | null): ImportedAuthor {
  if (!user) malformed(authorId ? `author ${authorId}: not in the page's includes.users` : 'author_id: missing');
  const handle = stringOrNull(user.username) ?? malformed('author.username: missing');
  return {
    network: 'twitter',
    handle,
    displayName: stringOrNull(user.name) ?? handle,
    sourceUserId: idOrNull(user.id) ?? authorId,
    followersCount: countOrNull(objectOrNull(user.public_metrics)?.followers_count),
    profileUrl: `https://twitter.com/${encodeURIComponent(handle)}`,
  };
}
