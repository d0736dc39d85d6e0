import { idOrNull, type JsonObject } from './json-values.ts';
import { tweetVersions } from './tweet-versions.ts';

/**
 * Edited posts in an X archive. Since October 2022 a post can be edited
 * (within an hour, up to five times); every version is a tweet of its own
 * in tweets.js, with its own id, and each lists all the versions in order:
 * `"edit_info": {"initial": {"editTweetIds": [first, …, latest]}}` on the
 * first, `"edit_info": {"edit": {"initialTweetId": first,
 * "editControlInitial": {"editTweetIds": […]}}}` on the later ones. X
 * shows the latest version only; so does the archive: an earlier version
 * whose later one is in the same file is skipped, and a reply to it
 * answers the latest. (The latest also takes earlier versions an earlier
 * import stored out of the archive: ImportedPost.replaces, set for every
 * tweet format in tweet-v1-posts.ts and tweet-v2-posts.ts.)
 */

/** A v1.1-shaped tweet's id, exact (`id_str`, or `id` while it is exact). */
export const tweetIdOf = (tweet: JsonObject): string | null => idOrNull(tweet.id_str) ?? idOrNull(tweet.id);

/**
 * Each earlier version → the latest version of it that the file holds.
 * A version is held when a tweet of the file with its id lists the
 * versions: every version of an edited post does (the caller may pass
 * only the tweets that list several).
 */
export function laterVersions(tweets: ReadonlyArray<JsonObject | null>): Map<string, string> {
  const present = new Set(tweets.map((tweet) => (tweet && tweetVersions(tweet).length > 1 ? tweetIdOf(tweet) : null)).filter((id) => id !== null));
  const later = new Map<string, string>();
  for (const tweet of tweets) {
    const id = tweet ? tweetIdOf(tweet) : null;
    if (!tweet || !id) continue;
    const versions = tweetVersions(tweet);
    const at = versions.indexOf(id);
    const latest = at < 0 ? undefined : versions.slice(at + 1).findLast((version) => present.has(version));
    if (latest) later.set(id, latest);
  }
  return later;
}
