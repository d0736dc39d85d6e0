import { arrayOrEmpty, idOrNull, objectOrNull, type JsonObject } from './json-values.ts';

/**
 * Edited posts in an X archive. Since October 2022 a post can be edited
 * (within an hour, up to five times); every version is a tweet of its own
 * in tweets.js, with its own id, and each lists all the versions in order:
 * `"edit_info": {"initial": {"editTweetIds": [first, …, latest]}}` on the
 * first, `"edit_info": {"edit": {"initialTweetId": first,
 * "editControlInitial": {"editTweetIds": […]}}}` on the later ones. X
 * shows the latest version only; so does the archive: an earlier version
 * whose later one is in the same file is skipped, a reply to it answers
 * the latest, and the latest takes earlier versions an earlier import
 * stored out of the archive (ImportedPost.replaces).
 */

/** The versions a tweet lists, oldest first (empty when it was never edited). */
function versionsOf(tweet: JsonObject): string[] {
  const info = objectOrNull(tweet.edit_info);
  const initial = objectOrNull(info?.initial);
  const control = objectOrNull(objectOrNull(info?.edit)?.editControlInitial);
  const ids = arrayOrEmpty(initial?.editTweetIds ?? control?.editTweetIds).map(idOrNull);
  return ids.filter((id): id is string => id !== null);
}

const idOf = (tweet: JsonObject) => idOrNull(tweet.id_str) ?? idOrNull(tweet.id);

/** The versions before this one, when it is an edit: an earlier import (an older archive) may hold them. */
export function earlierVersionsOf(tweet: JsonObject): string[] {
  const id = idOf(tweet);
  const versions = versionsOf(tweet);
  const at = id ? versions.indexOf(id) : -1;
  return at > 0 ? versions.slice(0, at) : [];
}

/** Each earlier version → the latest version of it that the file holds. */
export function laterVersions(tweets: ReadonlyArray<JsonObject | null>): Map<string, string> {
  const present = new Set<string>();
  for (const tweet of tweets) {
    const id = tweet ? idOf(tweet) : null;
    if (id) present.add(id);
  }
  const later = new Map<string, string>();
  for (const tweet of tweets) {
    const id = tweet ? idOf(tweet) : null;
    if (!tweet || !id) continue;
    const versions = versionsOf(tweet);
    for (let i = versions.length - 1; i > versions.indexOf(id) && versions.indexOf(id) >= 0; i -= 1) {
      if (present.has(versions[i]!)) {
        later.set(id, versions[i]!);
        break;
      }
    }
  }
  return later;
}
