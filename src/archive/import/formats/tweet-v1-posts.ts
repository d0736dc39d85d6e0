import type { ImportedAuthor, ImportedPost } from '../imported-post.ts';
import { extractHashtags } from '../../../posts/post-text.ts';
import { parseTwitterDate } from './instants.ts';
import { arrayOrEmpty, count, countOrNull, idOrNull, isObject, objectOrNull, stringOrNull, type JsonObject } from './json-values.ts';
import { Malformed, PostCollector, malformed } from './record-results.ts';
import { decodeTweetText, expandLinks, linkedTweetId, readV1Entities, tweetLanguage } from './tweet-text.ts';
import { placeAmongVersions } from './tweet-versions.ts';

/**
 * API v1.1 tweet objects (also the shape of X-archive and TAGS rows) to
 * posts. A retweet yields the original and the boost; a quote yields the
 * quoted tweet (when embedded) and the quoting one.
 */
export interface V1Reading {
  /** X archives do not name the author inside each tweet: the account owner. */
  author?: ImportedAuthor;
  /**
   * X archives and TAGS carry no `retweeted_status` / `quoted_status`: a
   * retweet is only known by its "RT @…" text, a quote by its status link.
   */
  withoutEmbeds?: boolean;
}

export function v1TweetPosts(tweet: unknown, reading: V1Reading = {}): ImportedPost[] {
  const collector = new PostCollector();
  addTweet(tweet, collector, reading, 0);
  return collector.list;
}

const RETWEET_TEXT = /^RT @[A-Za-z0-9_]{1,15}:/;
const MAX_EMBED_DEPTH = 3;

function addTweet(value: unknown, collector: PostCollector, reading: V1Reading, depth: number): ImportedPost {
  const t = objectOrNull(value) ?? malformed('not a tweet object');
  const sourceId = idOrNull(t.id_str) ?? idOrNull(t.id) ?? malformed('id_str: missing or not an exact whole number');
  const createdAt = parseTwitterDate(t.created_at) ?? malformed(`created_at: not a Twitter date (${JSON.stringify(t.created_at)?.slice(0, 40)})`);
  const author = (depth === 0 ? reading.author : undefined) ?? authorOf(t.user);

  const extended = objectOrNull(t.extended_tweet);
  const rawText = stringOrNull(extended?.full_text) ?? (typeof t.full_text === 'string' ? t.full_text : null) ?? (typeof t.text === 'string' ? t.text : null) ?? malformed('text: missing');
  const entities = extended ? readV1Entities(extended.entities, extended.extended_entities) : readV1Entities(t.entities, t.extended_entities);
  const text = expandLinks(decodeTweetText(rawText), entities.expansions);
  const hashtags = t.entities === undefined && !extended ? extractHashtags(text) : entities.hashtags;

  const post: ImportedPost = {
    network: 'twitter',
    sourceId,
    sourceUrl: `https://twitter.com/${encodeURIComponent(author.handle)}/status/${sourceId}`,
    author,
    text,
    createdAt,
    kind: 'original',
    replyToSourceId: idOrNull(t.in_reply_to_status_id_str) ?? idOrNull(t.in_reply_to_status_id),
    quoteOfSourceId: null,
    boostOfSourceId: null,
    hashtags,
    mentions: entities.mentions,
    urls: entities.urls,
    counts: { likes: count(t.favorite_count), boosts: count(t.retweet_count), replies: count(t.reply_count) },
    language: tweetLanguage(t.lang),
  };
  placeAmongVersions(post, t, depth > 0);

  const retweeted = depth < MAX_EMBED_DEPTH ? objectOrNull(t.retweeted_status) : null;
  if (retweeted) {
    const original = embedded(retweeted, collector, reading, depth);
    // The retweet's own text is "RT @x: …" cut at 140; the original's is whole.
    post.kind = 'boost';
    post.boostOfSourceId = original?.sourceId ?? idOrNull(retweeted.id_str);
    post.replyToSourceId = null;
    if (original) {
      post.text = original.text;
      post.hashtags = original.hashtags.slice();
      post.mentions = original.mentions.slice();
      post.urls = original.urls.slice();
    }
    // A retweet repeats the original's counts; they belong to the original.
    post.counts = { likes: 0, boosts: 0, replies: 0 };
  } else if (reading.withoutEmbeds && RETWEET_TEXT.test(text)) {
    post.kind = 'boost';
    post.boostOfSourceId = retweetedIdFromMedia(t.extended_entities, t.entities);
    post.replyToSourceId = null;
  } else {
    const quoted = depth < MAX_EMBED_DEPTH ? objectOrNull(t.quoted_status) : null;
    const quotedPost = quoted ? embedded(quoted, collector, reading, depth) : null;
    post.quoteOfSourceId =
      quotedPost?.sourceId ??
      idOrNull(t.quoted_status_id_str) ??
      (quoted ? idOrNull(quoted.id_str) : null) ??
      (reading.withoutEmbeds ? linkedTweetId(post.urls, sourceId) : null);
    // A reply that also quotes stays a reply: threading is what the transcript needs.
    post.kind = post.replyToSourceId ? 'reply' : post.quoteOfSourceId ? 'quote' : 'original';
  }

  collector.add(post);
  return post;
}

/** An embedded tweet that cannot be read does not sink the tweet that carries it. */
function embedded(value: JsonObject, collector: PostCollector, reading: V1Reading, depth: number): ImportedPost | null {
  try {
    return addTweet(value, collector, reading, depth + 1);
  } catch (error) {
    if (error instanceof Malformed) return null;
    throw error;
  }
}

export function authorOf(value: unknown): ImportedAuthor {
  const user = objectOrNull(value) ?? malformed('user: missing');
  const handle = stringOrNull(user.screen_name) ?? malformed('user.screen_name: missing');
  return {
    network: 'twitter',
    handle,
    displayName: stringOrNull(user.name) ?? handle,
    sourceUserId: idOrNull(user.id_str) ?? idOrNull(user.id),
    followersCount: countOrNull(user.followers_count),
    profileUrl: `https://twitter.com/${encodeURIComponent(handle)}`,
  };
}

/** Retweeted photos name the tweet they came from: the one trace of the original an X archive or TAGS keeps. */
export function retweetedIdFromMedia(...sources: unknown[]): string | null {
  for (const source of sources) {
    for (const media of arrayOrEmpty(objectOrNull(source)?.media)) {
      if (isObject(media)) {
        const id = idOrNull(media.source_status_id_str);
        if (id) return id;
      }
    }
  }
  return null;
}
