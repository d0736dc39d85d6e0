import { extractHashtags } from '../../../posts/post-text.ts';
import type { ImportedPost } from '../imported-post.ts';
import { parseIsoInstant } from './instants.ts';
import { arrayOrEmpty, idOrNull, isObject, objectOrNull, pushUnique, stringOrNull, type JsonObject } from './json-values.ts';
import { decodeTweetText, expandLinks, isOwnTwitterLink } from './tweet-text.ts';

/**
 * The whole text of long posts in an X archive. Since 2023 a post longer
 * than 280 characters is kept twice: in data/tweets.js cut at about 280
 * characters and ended with "…", and whole in data/note-tweet.js, which
 * most archives link to its post only by time: `{"noteTweet": {
 * "noteTweetId", "createdAt", "core": {"text", "urls": [{"shortUrl",
 * "expandedUrl"}], "hashtags", "mentions"}}}` (some also give `tweetId`,
 * or `noteTweetResults` / `entitySet` instead of `core`).
 */
export interface XArchiveNote {
  /** The post it completes, when the archive says so. */
  tweetId: string | null;
  /** When it was written (epoch ms): `createdAt`, else the time inside `noteTweetId`. */
  at: number | null;
  text: string;
  hashtags: string[];
  mentions: string[];
  /** t.co address → destination. */
  links: Array<[string, string]>;
}

/** A note and its post are written in the same request; a few seconds allow for clocks that round. */
const SAME_MOMENT_MS = 5_000;
/** How much of a post's own words must begin the note: enough that two posts of one second cannot be confused. */
const PREFIX_CHARS = 60;
// Twitter's snowflake ids carry their creation time (ms since 4 Nov 2010) above bit 22.
const SNOWFLAKE_EPOCH = 1288834974657n;
const LEADING_MENTIONS = /^(?:@[A-Za-z0-9_]{1,15}\s+)+/;
const LINK = /https?:\/\//;

/** data/note-tweet.js, stripped of its assignment and parsed. Entries that carry no text are left out. */
export function readXArchiveNotes(document: unknown): XArchiveNote[] {
  const notes: XArchiveNote[] = [];
  for (const entry of arrayOrEmpty(document)) {
    const note = objectOrNull(objectOrNull(entry)?.noteTweet) ?? objectOrNull(entry);
    const core = objectOrNull(note?.core) ?? objectOrNull(note?.noteTweetResults);
    const text = stringOrNull(core?.text);
    if (!note || !core || !text) continue;
    const entities = objectOrNull(core.entitySet) ?? core;
    notes.push({
      tweetId: idOrNull(note.tweetId),
      at: parseIsoInstant(note.createdAt) ?? snowflakeTime(note.noteTweetId),
      text,
      hashtags: names(entities.hashtags, ['text', 'hashtag', 'tag']).map((tag) => tag.toLowerCase()),
      mentions: names(entities.mentions ?? entities.userMentions, ['screenName', 'screen_name', 'username']),
      links: links(entities.urls),
    });
  }
  return notes;
}

function snowflakeTime(value: unknown): number | null {
  const id = idOrNull(value);
  if (!id) return null;
  const ms = Number((BigInt(id) >> 22n) + SNOWFLAKE_EPOCH);
  // Small numbers are not snowflakes (their "time" would fall in 2010).
  return BigInt(id) > 1n << 32n ? ms : null;
}

/** Entity lists hold objects in most archives and bare strings in some. */
function names(list: unknown, keys: string[]): string[] {
  const out: string[] = [];
  for (const item of arrayOrEmpty(list)) {
    if (typeof item === 'string') pushUnique(out, item.replace(/^[#@]/, ''));
    else if (isObject(item)) pushUnique(out, keys.map((key) => stringOrNull(item[key])).find((name) => name !== null));
  }
  return out;
}

function links(list: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const item of arrayOrEmpty(list)) {
    const url: JsonObject | null = objectOrNull(item);
    const short = stringOrNull(url?.shortUrl) ?? stringOrNull(url?.url);
    const long = stringOrNull(url?.expandedUrl) ?? stringOrNull(url?.expanded_url);
    if (short && long) out.push([short, long]);
  }
  return out;
}

/**
 * The notes of one archive, ready to complete its posts. A post takes the
 * note the archive links to it, or else the note written within a few
 * seconds of it whose text begins with the post's own words (its first
 * 60 characters, before any link): replies begin with "@name " in
 * tweets.js and not in the note, and links are t.co addresses in both.
 */
export class XArchiveNoteIndex {
  private readonly byTweetId = new Map<string, XArchiveNote>();
  /** Notes with a time, in time order, each with its text as the first words are compared. */
  private readonly timed: Array<{ note: XArchiveNote; at: number; words: string }>;

  constructor(notes: readonly XArchiveNote[]) {
    for (const note of notes) if (note.tweetId) this.byTweetId.set(note.tweetId, note);
    this.timed = notes
      .filter((note) => note.at !== null)
      .map((note) => ({ note, at: note.at!, words: squeezed(decodeTweetText(note.text)) }))
      .sort((a, b) => a.at - b.at);
  }

  /** The post with its note's whole text, hashtags, mentions and links; unchanged when it has none (or is a boost). */
  complete(post: ImportedPost): void {
    if (post.kind === 'boost') return;
    const note = this.byTweetId.get(post.sourceId) ?? this.byTime(post);
    if (!note) return;
    const whole = expandLinks(decodeTweetText(note.text), new Map(note.links));
    const mentioned = LEADING_MENTIONS.exec(post.text)?.[0] ?? '';
    post.text = whole.startsWith(mentioned) ? whole : mentioned + whole;
    post.hashtags = note.hashtags.length > 0 ? note.hashtags.slice() : extractHashtags(post.text);
    for (const handle of note.mentions) pushUnique(post.mentions, handle);
    // The cut text's only link may be its "read more" address (twitter.com/i/web/status/…), which the whole text does not need.
    post.urls = post.urls.filter((url) => post.text.includes(url));
    for (const [, url] of note.links) if (!isOwnTwitterLink(url)) pushUnique(post.urls, url);
  }

  private byTime(post: ImportedPost): XArchiveNote | undefined {
    // Most posts have no note within seconds of them: their words are read only when one has.
    let words: string | null = null;
    let best: { note: XArchiveNote; at: number } | undefined;
    for (let i = this.firstAtOrAfter(post.createdAt - SAME_MOMENT_MS); i < this.timed.length; i += 1) {
      const candidate = this.timed[i]!;
      if (candidate.at > post.createdAt + SAME_MOMENT_MS) break;
      words ??= ownWords(post.text);
      if (words === '' || !candidate.words.startsWith(words)) continue;
      if (!best || Math.abs(candidate.at - post.createdAt) < Math.abs(best.at - post.createdAt)) best = candidate;
    }
    return best?.note;
  }

  private firstAtOrAfter(at: number): number {
    let [low, high] = [0, this.timed.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.timed[middle]!.at < at) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** What of a post's text its note must begin with: after the reply's "@name"s, before any link or the cut's "…". */
function ownWords(text: string): string {
  const body = text.replace(LEADING_MENTIONS, '');
  const cut = Math.min(...[body.search(LINK), body.indexOf('…')].map((at) => (at < 0 ? body.length : at)));
  return squeezed(body.slice(0, cut)).slice(0, PREFIX_CHARS);
}

const squeezed = (text: string) => text.replace(/\s+/g, ' ').trim();
