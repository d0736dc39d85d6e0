/**
 * Mentions and links read back out of a post's text. They have no columns:
 * imports keep the text as people saw it (t.co links expanded to their
 * destinations, Mastodon HTML turned into text with `@name` and the link's
 * address), so the text is the one source that every network shares.
 */

// `@dana`, `@dana.bsky.social`, `@kim@museum.social`, and Twitter's `.@dana`
// (a reply everyone's timeline shows); not the `@` inside an e-mail address
// or a URL (the character before it must not be a word character, @ or /).
const MENTION = /(^|[^\p{L}\p{N}_@/])@([A-Za-z0-9_]{1,30}(?:\.[A-Za-z0-9-]+)*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/gu;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/giu;
/** Sentence punctuation after a link belongs to the sentence. */
const TRAILING = /[.,;:!?…'"’”»)\]}]+$/u;

/** Lower-cased handles mentioned, each once, in order of appearance. */
export function mentionedHandles(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(MENTION)) found.add(match[2]!.toLowerCase());
  return [...found];
}

export interface SharedLink {
  url: string;
  /** Host name without `www.`. */
  domain: string;
}

/** Links in the text, each once; anything that does not parse as a URL is left out. */
export function sharedLinks(text: string): SharedLink[] {
  const links = new Map<string, SharedLink>();
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let candidate = match[0];
    // Keep a closing bracket that closes one opened inside the link (Wikipedia style).
    while (TRAILING.test(candidate)) {
      const last = candidate.at(-1)!;
      if (last === ')' && count(candidate, '(') >= count(candidate, ')')) break;
      candidate = candidate.slice(0, -1);
    }
    let parsed: URL;
    try {
      parsed = new URL(candidate);
    } catch {
      continue;
    }
    if (!parsed.hostname) continue;
    const url = parsed.href;
    if (!links.has(url)) links.set(url, { url, domain: parsed.hostname.toLowerCase().replace(/^www\./, '') });
  }
  return [...links.values()];
}

const count = (text: string, char: string) => text.split(char).length - 1;
