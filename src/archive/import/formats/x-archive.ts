import type { DocumentIndex, ImportedAuthor, ImportFormat, RecordResult } from '../imported-post.ts';
import { trimmedHead } from './file-head.ts';
import { arrayOrEmpty, idOrNull, isObject, objectOrNull, stringOrNull, type JsonObject } from './json-values.ts';
import { malformed, mergeResults, posts, safely, skip } from './record-results.ts';
import { v1TweetPosts } from './tweet-v1-posts.ts';
import { laterVersions, tweetIdOf } from './x-archive-edits.ts';
import { tweetVersions } from './tweet-versions.ts';
import { XArchiveNoteIndex, type XArchiveNote } from './x-archive-notes.ts';

/**
 * `x-archive`: data/tweets.js (tweet.js before 2022) from "Download your
 * archive": `window.YTD.tweets.part0 = [{"tweet": {…}}, …]`, split into
 * part0, part1 … for big accounts. Tweets are v1.1-shaped, but every number
 * is a string, there is no `user` (the archive is one account's: its owner
 * is in data/account.js), retweets/quotes carry no embedded original, and
 * posts over 280 characters are cut (their whole text is in
 * data/note-tweet.js, see x-archive-notes.ts).
 */

/** The JavaScript assignment in front of the JSON in every archive file (`window.YTD.account.part0 = `). */
export const YTD_ASSIGNMENT = /^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*/;

/** An archive file's JSON: without its byte-order mark, its `window.YTD… =` and its closing `;` (any other JSON document passes through). */
export function jsonOfYtdFile(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(YTD_ASSIGNMENT, '').replace(/;\s*$/, '');
}

const TWEETS_FILE = /^window\.YTD\.(?:tweets|tweet|community_tweet)\.part\d+\s*=\s*\[/;

/** What an archive's other files tell about its tweets: their owner (data/account.js) and the whole text of long ones (data/note-tweet.js). */
export interface XArchiveCompanions {
  account: XArchiveAccount | null;
  notes: XArchiveNote[];
}

/** The archive owner, from data/account.js. */
export interface XArchiveAccount {
  username: string;
  accountId: string | null;
  displayName: string | null;
}

/** data/account.js, already stripped of its assignment and parsed: `[{"account": {username, accountId, accountDisplayName}}]`. */
export function readXArchiveAccount(document: unknown): XArchiveAccount | null {
  const first = objectOrNull(arrayOrEmpty(document)[0]);
  const account = objectOrNull(first?.account) ?? objectOrNull(document);
  return accountFrom(account);
}

function accountFrom(value: JsonObject | null): XArchiveAccount | null {
  const username = stringOrNull(value?.username);
  if (!value || !username) return null;
  return { username, accountId: idOrNull(value.accountId), displayName: stringOrNull(value.accountDisplayName) ?? stringOrNull(value.displayName) };
}

const OWN_MEDIA_LINK = /^https?:\/\/(?:www\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15})\/status\/(\d+)\/(?:photo|video)\//;

/**
 * Without account.js, a photo the owner posted names them: its
 * expanded_url is twitter.com/OWNER/status/<this tweet's id>/photo/1.
 */
function ownerFromMedia(tweet: JsonObject): string | null {
  const id = tweetIdOf(tweet);
  for (const source of [tweet.extended_entities, tweet.entities]) {
    for (const media of arrayOrEmpty(objectOrNull(source)?.media)) {
      const m = isObject(media) && typeof media.expanded_url === 'string' ? OWN_MEDIA_LINK.exec(media.expanded_url) : null;
      if (m && m[2] === id) return m[1]!;
    }
  }
  return null;
}

const tweetOf = (entry: unknown): JsonObject | null => {
  const object = objectOrNull(entry);
  return objectOrNull(object?.tweet) ?? object;
};

/**
 * The archive's tweets as records, each paired with the owner (from
 * account.js when the caller has it, otherwise from the first of the
 * owner's own photos anywhere in the file) and, for edited posts, with
 * their latest version in the file (x-archive-edits.ts).
 */
export function xArchiveRecords(document: unknown, account?: XArchiveAccount | null): unknown[] {
  const entries = Array.isArray(document) ? document : [document];
  const index = new XArchiveIndex(account ?? null);
  for (const entry of entries) index.see(entry);
  return entries.map((entry) => index.record(entry));
}

/** How a tweet's list of versions ends its key: ids never hold a comma or a bracket, so the list's first `]` closes it. */
const VERSION_LIST_KEYS = ['Ids"', 'ids"'].map((key) => Buffer.from(key));

/**
 * What an archive's tweets tell about each other, gathered over the whole
 * file first (in one go, or in a first pass over a big file read element
 * by element: json-document.ts): the owner, and the edited posts. Only
 * tweets that list several versions are kept, each as its id and versions:
 * every version of an edited post lists them all.
 */
class XArchiveIndex implements DocumentIndex {
  private later: Map<string, string> | null = null;

  constructor(
    private owner: XArchiveAccount | null,
    private readonly edited: JsonObject[] = [],
  ) {}

  /** The index a snapshot was taken of; a new one (with the owner the caller knows) without. */
  static of(snapshot: unknown, account: XArchiveAccount | null): XArchiveIndex {
    const taken = snapshot as { owner: XArchiveAccount | null; edited: JsonObject[] } | undefined;
    return taken ? new XArchiveIndex(taken.owner, taken.edited) : new XArchiveIndex(account);
  }

  snapshot(): unknown {
    return { owner: this.owner, edited: this.edited };
  }

  /**
   * Whether a tweet, by its bytes, may name the owner (a photo or video,
   * while the owner is unknown) or list several versions: most tweets do
   * neither, and are not parsed in the first pass over a big archive.
   */
  wants(raw: Buffer): boolean {
    // Media links may have their slashes escaped (`\/`): look for the words alone.
    if (!this.owner && (raw.includes('photo') || raw.includes('video'))) return true;
    // A list of versions (`editTweetIds`, `edit_tweet_ids`, `edit_history_tweet_ids`: tweet-versions.ts) with a comma in it.
    for (const key of VERSION_LIST_KEYS) {
      for (let at = raw.indexOf(key); at !== -1; at = raw.indexOf(key, at + key.length)) {
        const open = raw.indexOf(0x5b, at);
        if (open === -1) return true;
        const close = raw.indexOf(0x5d, open);
        const comma = raw.indexOf(0x2c, open);
        if (close === -1 || (comma !== -1 && comma < close)) return true;
      }
    }
    return false;
  }

  see(entry: unknown): void {
    const tweet = tweetOf(entry);
    if (!tweet) return;
    if (!this.owner) {
      const username = ownerFromMedia(tweet);
      if (username) this.owner = { username, accountId: null, displayName: null };
    }
    const id = tweetIdOf(tweet);
    const versions = tweetVersions(tweet);
    if (id && versions.length > 1) this.edited.push({ id_str: id, edit_history_tweet_ids: versions });
  }

  record(entry: unknown): unknown {
    const later = (this.later ??= laterVersions(this.edited));
    const tweet = tweetOf(entry);
    if (!tweet || (!this.owner && later.size === 0)) return entry;
    const id = tweetIdOf(tweet);
    const parent = idOrNull(tweet.in_reply_to_status_id_str) ?? idOrNull(tweet.in_reply_to_status_id);
    return {
      tweet,
      ...(this.owner ? { account: this.owner } : {}),
      ...(id && later.has(id) ? { editedAs: later.get(id) } : {}),
      ...(parent && later.has(parent) ? { replyToLatest: later.get(parent) } : {}),
    };
  }
}

function authorFrom(account: XArchiveAccount): ImportedAuthor {
  return {
    network: 'twitter',
    handle: account.username,
    displayName: account.displayName ?? account.username,
    sourceUserId: account.accountId,
    followersCount: null,
    profileUrl: `https://twitter.com/${encodeURIComponent(account.username)}`,
  };
}

function parseOne(record: unknown, notes: XArchiveNoteIndex | null): RecordResult {
  const entry = objectOrNull(record) ?? malformed('not a JSON object');
  const tweet = objectOrNull(entry.tweet) ?? entry;
  const editedAs = idOrNull(entry.editedAs);
  if (editedAs) return skip(`an earlier version of a post edited since: its latest version, ${editedAs}, is imported`);
  const account = accountFrom(objectOrNull(entry.account));
  const username = account?.username ?? ownerFromMedia(tweet);
  if (!username) malformed("author unknown: tweets.js does not name its author; import it with the archive's data/account.js");
  const author = authorFrom(account ?? { username, accountId: null, displayName: null });
  const list = v1TweetPosts(tweet, { author, withoutEmbeds: true });
  // A reply to a post edited since answers its latest version, the one imported.
  const replyToLatest = idOrNull(entry.replyToLatest);
  for (const post of list) if (replyToLatest && post.replyToSourceId) post.replyToSourceId = replyToLatest;
  if (notes) for (const post of list) notes.complete(post);
  return posts(list);
}

function recordParser(notes: XArchiveNoteIndex | null): (record: unknown) => RecordResult {
  const one = safely((record) => parseOne(record, notes));
  return (record) => (Array.isArray(record) ? mergeResults(xArchiveRecords(record).map(one)) : one(record));
}

export const xArchive: ImportFormat = {
  name: 'x-archive',
  framing: 'json',
  detect: (head) => TWEETS_FILE.test(trimmedHead(head)),
  records: (document) => xArchiveRecords(document),
  streamed: { arrayKeys: [], index: (snapshot) => XArchiveIndex.of(snapshot, null) },
  parseRecord: recordParser(null),
};

/** The same format with what the caller read from the archive's other files. */
export function xArchiveWith(companions: XArchiveCompanions): ImportFormat {
  const notes = companions.notes.length > 0 ? new XArchiveNoteIndex(companions.notes) : null;
  return {
    ...xArchive,
    records: (document) => xArchiveRecords(document, companions.account),
    streamed: { arrayKeys: [], index: (snapshot) => XArchiveIndex.of(snapshot, companions.account) },
    parseRecord: recordParser(notes),
  };
}
