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

/** The versions before `ownId`: what this tweet, an edit, replaces (none for a first version). */
export function earlierVersions(tweet: JsonObject, ownId: string): string[] {
  const versions = tweetVersions(tweet);
  const at = versions.indexOf(ownId);
  return at > 0 ? versions.slice(0, at) : [];
}
