import { linesOf, type ImportedAuthor, type ImportedPost, type ImportFormat } from '../imported-post.ts';
import { DID, POST_COLLECTION, POST_URI, blueskyPost } from './bluesky-post.ts';
import { isMusesocialExport, startsLikeJson } from './file-head.ts';
import { parseIsoInstant } from './instants.ts';
import { arrayOrEmpty, count, objectOrNull, stringOrNull, type JsonObject } from './json-values.ts';
import { eachRecordOf, malformed, posts, safely, skip } from './record-results.ts';

/**
 * `bluesky`: Bluesky's API responses saved as files — how a hashtag chat
 * on Bluesky is kept: app.bsky.feed.searchPosts (`?q=%23tag`, page by page:
 * `{posts, cursor}`), feeds (getAuthorFeed, getTimeline, getFeed: `{feed:
 * [{post, reason}]}`), a thread (getPostThread: `{thread}`) and getPosts
 * (`{posts}`); one page, an array of pages, or one per line. Each post is
 * a view (app.bsky.feed.defs#postView): its record, its author's handle and
 * display name (a Jetstream event has only the DID), its counts, and the
 * post it quotes, which is archived too. See
 * ../shared/fixtures/bluesky/lexicons for the shapes.
 */

const REPOST_URI = /^at:\/\/[^/]+\/app\.bsky\.feed\.repost\/[^/]+$/;
/** Replies nested deeper are still read, without recursion (a thread can be thousands deep). */
const MAX_THREAD_POSTS = 100_000;

/** A thread as its posts: ancestors first, then the post, then every reply below it. */
function threadPosts(thread: unknown): unknown[] {
  const out: unknown[] = [];
  const ancestors: unknown[] = [];
  for (let parent = objectOrNull(objectOrNull(thread)?.parent); parent && ancestors.length < MAX_THREAD_POSTS; parent = objectOrNull(parent.parent)) ancestors.push(parent);
  for (const ancestor of ancestors.reverse()) out.push(objectOrNull(ancestor)?.post ?? ancestor);
  const stack: unknown[] = [thread];
  while (stack.length > 0 && out.length < MAX_THREAD_POSTS) {
    const view = objectOrNull(stack.pop());
    if (!view) continue;
    out.push(view.post ?? view);
    // Depth first, replies in the order given.
    stack.push(...arrayOrEmpty(view.replies).slice().reverse());
  }
  return out;
}

/** The records of a saved response: post views and feed items, pages and arrays of them flattened. */
function blueskyRecords(document: unknown): unknown[] {
  if (Array.isArray(document)) return document.flatMap((item) => (Array.isArray(item) || isPage(item) ? blueskyRecords(item) : [item]));
  const page = objectOrNull(document);
  if (!page) return [document];
  if (Array.isArray(page.posts)) return page.posts;
  if (Array.isArray(page.feed)) return page.feed;
  if (objectOrNull(page.thread)) return threadPosts(page.thread);
  return [document];
}

function isPage(value: unknown): boolean {
  const page = objectOrNull(value);
  return page !== null && (Array.isArray(page.posts) || Array.isArray(page.feed) || objectOrNull(page.thread) !== null);
}

/** A profile view (profileViewBasic): the handle people know, or the DID when the handle no longer resolves. */
function viewAuthor(profile: unknown): ImportedAuthor {
  const author = objectOrNull(profile) ?? malformed('author: missing');
  const did = stringOrNull(author.did) ?? malformed('author.did: missing');
  if (!DID.test(did)) malformed(`author.did: not a DID (${did.slice(0, 40)})`);
  const given = stringOrNull(author.handle);
  const handle = given && given !== 'handle.invalid' ? given : did;
  return { network: 'bluesky', handle, displayName: stringOrNull(author.displayName)?.trim() || handle, sourceUserId: did, followersCount: null, profileUrl: `https://bsky.app/profile/${handle}` };
}

/** A post view (postView, or the embed's viewRecord, whose record is in `value`) as a post. */
function viewPost(view: JsonObject): ImportedPost {
  const uri = stringOrNull(view.uri) ?? malformed('uri: missing');
  const parts = POST_URI.exec(uri) ?? malformed(`uri: not a post's at:// URI (${uri.slice(0, 60)})`);
  const record = objectOrNull(view.record ?? view.value) ?? malformed('record: missing');
  if (record.$type !== undefined && record.$type !== POST_COLLECTION) malformed(`record: not a post (${String(record.$type).slice(0, 40)})`);
  const createdAt = parseIsoInstant(record.createdAt) ?? parseIsoInstant(view.indexedAt) ?? malformed('record.createdAt: not an ISO instant');
  return blueskyPost({
    did: parts[1]!,
    rkey: parts[2]!,
    record,
    author: viewAuthor(view.author),
    createdAt,
    counts: { likes: count(view.likeCount), boosts: count(view.repostCount), replies: count(view.replyCount) },
  });
}

/** The quoted post's view in a post's embed view (app.bsky.embed.record#view, or recordWithMedia#view around it). */
function quotedView(embed: unknown): JsonObject | null {
  const outer = objectOrNull(objectOrNull(embed)?.record);
  // record#view holds the viewRecord itself; recordWithMedia#view holds a record#view around it.
  const view = outer && 'value' in outer ? outer : objectOrNull(outer?.record);
  return view && 'value' in view && 'author' in view ? view : null;
}

/** A repost shown in a feed (reasonRepost): a boost when the feed names the repost's own record. */
function repostOf(reason: JsonObject, original: ImportedPost): ImportedPost | null {
  const uri = stringOrNull(reason.uri);
  if (!uri || !REPOST_URI.test(uri)) return null;
  return {
    ...original,
    sourceId: uri,
    sourceUrl: null,
    author: viewAuthor(reason.by),
    createdAt: parseIsoInstant(reason.indexedAt) ?? original.createdAt,
    kind: 'boost',
    replyToSourceId: null,
    quoteOfSourceId: null,
    boostOfSourceId: original.sourceId,
    hashtags: original.hashtags.slice(),
    mentions: original.mentions.slice(),
    urls: original.urls.slice(),
    counts: { likes: 0, boosts: 0, replies: 0 },
  };
}

const parseView = safely((value) => {
  const item = objectOrNull(value) ?? malformed('not a JSON object');
  // A feed item wraps the post; a thread's missing or blocked posts stand in for ones that cannot be shown.
  const view = objectOrNull(item.post) ?? item;
  if (view.notFound === true || view.blocked === true) return skip(view.notFound === true ? 'post not found (deleted)' : 'post blocked');
  if (!('uri' in view)) return malformed('not a Bluesky post view (no "uri")');
  const post = viewPost(view);
  const found: ImportedPost[] = [post];
  const quoted = quotedView(view.embed);
  if (quoted) {
    try {
      found.push(viewPost(quoted));
    } catch {
      // A quoted post that cannot be read does not sink the one quoting it (its URI stays its quote's target).
    }
  }
  const reason = objectOrNull(item.reason);
  if (reason && item.post) {
    const boost = repostOf(reason, post);
    if (boost) found.push(boost);
  }
  return posts(found);
});

const parseRecord = eachRecordOf(blueskyRecords, parseView);

export const blueskyViews: ImportFormat = {
  name: 'bluesky',
  framing: 'json',
  detect(head) {
    if (!startsLikeJson(head) || isMusesocialExport(head)) return false;
    return /"uri"\s*:\s*"at:\/\/[^"]+\/app\.bsky\.feed\.post\//.test(head) && /"indexedAt"\s*:/.test(head) && /"author"\s*:/.test(head);
  },
  records: blueskyRecords,
  parseRecord,
  // Post views saved as one array (of views, feed items or pages), a search's `posts`, a feed's `feed`: a thread is parsed whole.
  streamed: { arrayKeys: ['posts', 'feed'] },
};

/** One page or post view per line. */
export const blueskyViewLines: ImportFormat = linesOf(blueskyViews);
