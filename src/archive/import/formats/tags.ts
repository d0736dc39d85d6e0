import type { ImportedPost, ImportFormat } from '../imported-post.ts';
import { extractHashtags } from '../../../posts/post-text.ts';
import { firstLine } from './file-head.ts';
import { parseIsoInstant, parseTwitterDate } from './instants.ts';
import { count, countOrNull, idOrNull, objectOrNull, type JsonObject } from './json-values.ts';
import { malformed, posts, safely } from './record-results.ts';
import { decodeTweetText, expandLinks, linkedTweetId, readV1Entities } from './tweet-text.ts';
import { retweetedIdFromMedia } from './tweet-v1-posts.ts';

/**
 * `tags`: the Archive sheet of Martin Hawksey's TAGS, downloaded as CSV.
 * Columns: id_str, from_user, text, created_at, time, geo_coordinates,
 * user_lang, in_reply_to_user_id_str, in_reply_to_screen_name,
 * from_user_id_str, in_reply_to_status_id_str, source, profile_image_url,
 * user_followers_count, user_friends_count, user_location, status_url,
 * entities_str. Empty cells (or "NA" once the sheet went through R) are
 * missing values. `time` is a spreadsheet date in the sheet's own zone, so
 * `created_at` is trusted first. Texts of retweets are cut at 140 and stay so.
 */

/** The columns every TAGS sheet has (and a workbook's sheet must have to be read as one: tags-workbook.ts). */
export const TAGS_COLUMNS = ['id_str', 'from_user', 'text', 'created_at'];
const STATUS_URL_ID = /\/status(?:es)?\/(\d{1,20})(?:[/?#]|$)/;
const RETWEET_TEXT = /^RT @[A-Za-z0-9_]{1,15}:/;
const MENTION_IN_TEXT = /(?:^|[^A-Za-z0-9_])@([A-Za-z0-9_]{1,15})/g;

function cellOf(row: JsonObject, column: string): string | null {
  const value = row[column];
  return typeof value === 'string' && value !== '' && value !== 'NA' ? value : null;
}

/** `entities_str` is the tweet's entities as JSON; a cut-off cell (Sheets caps cells at 50,000 characters) is ignored. */
function entitiesOf(json: string | null): JsonObject | null {
  if (!json) return null;
  try {
    return objectOrNull(JSON.parse(json));
  } catch {
    return null;
  }
}

const parseRow = safely((record) => {
  const row = objectOrNull(record) ?? malformed('not a CSV row');
  const cell = (column: string) => cellOf(row, column);
  const statusUrl = cell('status_url');
  // A sheet re-saved by a spreadsheet may show ids as 1.21975838643617E+18; status_url keeps every digit.
  const sourceId = idOrNull(cell('id_str')) ?? STATUS_URL_ID.exec(statusUrl ?? '')?.[1] ?? malformed(`id_str: not a whole number (${JSON.stringify(row.id_str)?.slice(0, 30)})`);
  const handle = cell('from_user') ?? malformed('from_user: missing');
  const createdAt = parseTwitterDate(cell('created_at')) ?? parseIsoInstant(cell('time')) ?? malformed(`created_at: not a Twitter date (${JSON.stringify(row.created_at)?.slice(0, 40)})`);
  const rawText = cell('text') ?? malformed('text: missing');

  const entityJson = entitiesOf(cell('entities_str'));
  const entities = readV1Entities(entityJson);
  const text = expandLinks(decodeTweetText(rawText), entities.expansions);
  const mentions = entityJson ? entities.mentions : [...new Set(Array.from(text.matchAll(MENTION_IN_TEXT), (m) => m[1]!))];
  const replyTo = idOrNull(cell('in_reply_to_status_id_str'));
  const isRetweet = RETWEET_TEXT.test(text);
  const quoteOf = isRetweet ? null : linkedTweetId(entities.urls, sourceId);

  const post: ImportedPost = {
    network: 'twitter',
    sourceId,
    sourceUrl: statusUrl ?? `https://twitter.com/${encodeURIComponent(handle)}/status/${sourceId}`,
    author: {
      network: 'twitter',
      handle,
      displayName: cell('from_user_name') ?? handle,
      sourceUserId: idOrNull(cell('from_user_id_str')),
      followersCount: countOrNull(cell('user_followers_count')),
      profileUrl: `https://twitter.com/${encodeURIComponent(handle)}`,
    },
    text,
    createdAt,
    kind: isRetweet ? 'boost' : replyTo ? 'reply' : quoteOf ? 'quote' : 'original',
    replyToSourceId: isRetweet ? null : replyTo,
    quoteOfSourceId: quoteOf,
    // A retweeted photo names its tweet: the only trace of the original a TAGS row keeps.
    boostOfSourceId: isRetweet ? retweetedIdFromMedia(entityJson) : null,
    hashtags: entityJson ? entities.hashtags : extractHashtags(text),
    mentions,
    urls: entities.urls,
    // TAGS does not collect counts; some later sheets add these columns.
    counts: { likes: count(cell('favorite_count')), boosts: count(cell('retweet_count')), replies: 0 },
    language: null,
  };
  return posts([post]);
});

export const tags: ImportFormat = {
  name: 'tags',
  framing: 'csv',
  detect(head) {
    const columns = new Set(firstLine(head).text.split(',').map((c) => c.trim().replace(/^"|"$/g, '')));
    return TAGS_COLUMNS.every((c) => columns.has(c));
  },
  parseRecord: parseRow,
};
