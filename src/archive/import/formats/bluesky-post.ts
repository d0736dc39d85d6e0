import type { ImportedAuthor, ImportedPost } from '../imported-post.ts';
import { extractHashtags } from '../../../posts/post-text.ts';
import { readRichText } from './bluesky-facets.ts';
import { arrayOrEmpty, objectOrNull, pushUnique, stringOrNull, type JsonObject } from './json-values.ts';
import { malformed } from './record-results.ts';

/**
 * A Bluesky post record (app.bsky.feed.post) as a post, wherever it was
 * read: a Jetstream event (jetstream.ts) or an API view of the post
 * (bluesky-views.ts). Its URI is its id everywhere.
 */

export const POST_COLLECTION = 'app.bsky.feed.post';
export const POST_URI = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/;
export const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$/;

/** The post a record embeds: app.bsky.embed.record, or recordWithMedia around it (lexicons/app.bsky.embed.*). */
function quotedUri(embed: unknown): string | null {
  const object = objectOrNull(embed);
  const record = objectOrNull(object?.record);
  const uri = stringOrNull(record?.uri) ?? stringOrNull(objectOrNull(record?.record)?.uri);
  return uri && POST_URI.test(uri) ? uri : null;
}

export interface PostSource {
  did: string;
  rkey: string;
  record: JsonObject;
  author: ImportedAuthor;
  createdAt: number;
  counts?: ImportedPost['counts'];
}

export function blueskyPost({ did, rkey, record, author, createdAt, counts }: PostSource): ImportedPost {
  const text = typeof record.text === 'string' ? record.text : malformed('record.text: missing');
  const rich = readRichText(text, record.facets);
  const hashtags = rich.hashtags;
  for (const tag of arrayOrEmpty(record.tags)) pushUnique(hashtags, typeof tag === 'string' ? tag.replace(/^#/, '').toLowerCase() : null);
  const replyTo = stringOrNull(objectOrNull(objectOrNull(record.reply)?.parent)?.uri);
  const quoteOf = quotedUri(record.embed);
  return {
    network: 'bluesky',
    sourceId: `at://${did}/${POST_COLLECTION}/${rkey}`,
    sourceUrl: `https://bsky.app/profile/${did}/post/${rkey}`,
    author,
    text: rich.text,
    createdAt,
    kind: replyTo ? 'reply' : quoteOf ? 'quote' : 'original',
    replyToSourceId: replyTo,
    quoteOfSourceId: quoteOf,
    boostOfSourceId: null,
    // Tags typed without a facet (older or third-party clients) are still tags to the reader.
    hashtags: hashtags.length > 0 ? hashtags : extractHashtags(rich.text),
    mentions: rich.mentions,
    urls: rich.links,
    counts: counts ?? { likes: 0, boosts: 0, replies: 0 },
    language: stringOrNull(arrayOrEmpty(record.langs)[0]),
  };
}
