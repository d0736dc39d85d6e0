import type { ImportedPost } from '../imported-post.ts';
import { arrayOrEmpty, idOrNull, objectOrNull, type JsonObject } from './json-values.ts';

/**
 * Every version of an edited tweet, oldest first, as the tweet itself lists
 * them. Since September 2022 X keeps each edit as a tweet of its own, with
 * its own id, and each version names them all, in one of four shapes:
 * API v2 `edit_history_tweet_ids`; v1.1 enterprise (Gnip) `edit_history.
 * edit_tweet_ids`; v1.1 with include_ext_edit_control `ext_edit_control`;
 * the X archive's `edit_info` (camelCase). Empty when the tweet says nothing.
 */
export function tweetVersions(tweet: JsonObject): string[] {
  const control = objectOrNull(tweet.ext_edit_control);
  const info = objectOrNull(tweet.edit_info);
  const list =
    tweet.edit_history_tweet_ids ??
    objectOrNull(tweet.edit_history)?.edit_tweet_ids ??
    objectOrNull(control?.initial)?.edit_tweet_ids ??
    objectOrNull(objectOrNull(control?.edit)?.edit_control_initial)?.edit_tweet_ids ??
    objectOrNull(info?.initial)?.editTweetIds ??
    objectOrNull(objectOrNull(info?.edit)?.editControlInitial)?.editTweetIds;
  return arrayOrEmpty(list)
    .map(idOrNull)
    .filter((id): id is string => id !== null);
}

/** Where `ownId` stands among the versions the tweet lists, the versions before it, and the latest when that is another. */
function placeOf(tweet: JsonObject, ownId: string): { earlier: string[]; later: string | null } {
  const versions = tweetVersions(tweet);
  const at = versions.indexOf(ownId);
  return { earlier: at > 0 ? versions.slice(0, at) : [], later: at >= 0 && at < versions.length - 1 ? versions.at(-1)! : null };
}

/** The versions before `ownId`: what this tweet, an edit, replaces (none for a first version). */
export function earlierVersions(tweet: JsonObject, ownId: string): string[] {
  return placeOf(tweet, ownId).earlier;
}

/**
 * The latest version when it is not `ownId`: this tweet is an earlier
 * version, read after it was edited (X lists the whole chain in every
 * version it serves then, the latest last). Null for the latest version
 * and for a tweet that lists no later one.
 */
export function laterVersion(tweet: JsonObject, ownId: string): string | null {
  return placeOf(tweet, ownId).later;
}

/**
 * Sets what `post` replaces, and what replaced it, from the versions its
 * tweet lists (read once: this runs for every tweet imported). A tweet
 * embedded in another (quoted, retweeted) is archived even when it is an
 * earlier version: it may be all the file holds of that post (the API v2
 * reader embeds the latest instead when its page has it).
 */
export function placeAmongVersions(post: ImportedPost, tweet: JsonObject, embedded: boolean): void {
  const { earlier, later } = placeOf(tweet, post.sourceId);
  if (earlier.length > 0) post.replaces = earlier;
  if (later && !embedded) post.supersededBy = later;
}
