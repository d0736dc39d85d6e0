/**
 * Mentions, links and hashtags read back out of a post's text. Mentions and
 * links have no columns: imports keep the text as people saw it (t.co links
 * expanded to their destinations, Mastodon HTML turned into text with
 * `@name` and the link's address), so the text is the one source that every
 * network shares. These run over every post of a chat (100,000 and more),
 * so each first finds its marker character with indexOf and only then
 * reads what follows with a sticky regex.
 */

/** The character before a mention or hashtag must not be part of a word (or an e-mail address, a URL, an entity). */
const WORD_BEFORE_MENTION = /[\p{L}\p{N}_@/]/u;
// `@dana`, `@dana.bsky.social`, `@kim@museum.social`; Twitter's `.@dana`
// (a reply everyone's timeline shows) is a mention too.
const MENTION_AT = /@([A-Za-z0-9_]{1,30}(?:\.[A-Za-z0-9-]+)*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/y;

/** Lower-cased handles mentioned, each once, in order of appearance. */
export function mentionedHandles(text: string): string[] {
  let at = text.indexOf('@');
  if (at < 0) return [];
  const found = new Set<string>();
  while (at >= 0) {
    let next = at + 1;
    if (!WORD_BEFORE_MENTION.test(charBefore(text, at))) {
      MENTION_AT.lastIndex = at;
      const match = MENTION_AT.exec(text);
      if (match) {
        found.add(match[1]!.toLowerCase());
        next = MENTION_AT.lastIndex;
      }
    }
    at = text.indexOf('@', next);
  }
  return [...found];
}

// The rule of posts/post-text.ts extractHashtags (tested to agree): not after
// a letter, digit, _, &, # or /, and at least one letter or _ in the tag.
const WORD_BEFORE_TAG = /[\p{L}\p{N}_&#/]/u;
const TAG_AT = /[\p{L}\p{N}_]+/uy;
const HAS_LETTER = /[\p{L}_]/u;

/** Lower-cased, de-duplicated hashtags in order of appearance: extractHashtags, faster. */
export function hashtagsIn(text: string): string[] {
  let at = text.indexOf('#');
  if (at < 0) return [];
  const tags = new Set<string>();
  while (at >= 0) {
    let next = at + 1;
    if (!WORD_BEFORE_TAG.test(charBefore(text, at))) {
      TAG_AT.lastIndex = at + 1;
      const match = TAG_AT.exec(text);
      if (match && HAS_LETTER.test(match[0])) {
        tags.add(match[0].toLowerCase());
        next = TAG_AT.lastIndex;
      }
    }
    at = text.indexOf('#', next);
  }
  return [...tags];
}

/** The whole code point before `index` ('' at the start): letters outside the BMP are two UTF-16 units. */
function charBefore(text: string, index: number): string {
  if (index === 0) return '';
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) return text.slice(index - 2, index);
  return text[index - 1]!;
}

export interface SharedLink {
  url: string;
  /** Host name without `www.`. */
  domain: string;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/giu;
/** Sentence punctuation after a link belongs to the sentence. */
const TRAILING = /[.,;:!?…'"’”»)\]}]+$/u;
/** Parsing is the slow part and the same links recur all through a chat. */
const parsed = new Map<string, SharedLink | null>();
const PARSED_MAX = 50_000;

/** Links in the text, each once; anything that does not parse as a URL is left out. */
export function sharedLinks(text: string): SharedLink[] {
  if (!text.includes('://')) return [];
  const links = new Map<string, SharedLink>();
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const link = parseLink(match[0]);
    if (link && !links.has(link.url)) links.set(link.url, link);
  }
  return [...links.values()];
}

function parseLink(raw: string): SharedLink | null {
  const known = parsed.get(raw);
  if (known !== undefined) return known;
  let candidate = raw;
  // Keep a closing bracket that closes one opened inside the link (Wikipedia style).
  while (TRAILING.test(candidate)) {
    const last = candidate.at(-1)!;
    if (last === ')' && count(candidate, '(') >= count(candidate, ')')) break;
    candidate = candidate.slice(0, -1);
  }
  let link: SharedLink | null = null;
  try {
    const url = new URL(candidate);
    if (url.hostname) link = { url: url.href, domain: url.hostname.toLowerCase().replace(/^www\./, '') };
  } catch {
    link = null;
  }
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(raw, link);
  return link;
}

const count = (text: string, char: string) => text.split(char).length - 1;
