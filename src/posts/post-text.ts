/** Reading structure out of a post's text: hashtags and "A1"-style answers. */

const HASHTAG_IN_TEXT = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;

/** Where each hashtag stands in a text: `start` at its `#`, `end` after it, `tag` as written. */
export interface HashtagSpan {
  start: number;
  end: number;
  tag: string;
}

export function hashtagSpans(text: string): HashtagSpan[] {
  const spans: HashtagSpan[] = [];
  for (const match of text.matchAll(HASHTAG_IN_TEXT)) {
    const start = match.index + match[1]!.length;
    spans.push({ start, end: start + 1 + match[2]!.length, tag: match[2]! });
  }
  return spans;
}

/** Lower-cased, de-duplicated hashtags in order of appearance (`#A1` style numbers alone are not tags). */
export function extractHashtags(text: string): string[] {
  return [...new Set(hashtagSpans(text).map((span) => span.tag.toLowerCase()))];
}

/**
 * The question a post answers by its own text: `A1 …`, `A1: …`, `A1 - …`,
 * `a1) …`, `A1.2 …` (a sub-answer to Q1). Case-insensitive; the marker must
 * stand at the start, optionally after an @mention or two, as people write
 * when they answer someone.
 */
const ANSWER_MARKER = /^(?:@[\w.@-]+\s+){0,3}A(\d{1,2})(?:\.\d{1,2})?(?=$|[\s:;,.)\-–—])/i;

export function answeredQuestion(text: string): number | null {
  const match = ANSWER_MARKER.exec(text.trim());
  if (!match) return null;
  const number = Number(match[1]);
  return number >= 1 ? number : null;
}

/** Adds each missing hashtag at the end, as TweetChat did for its users. */
export function withHashtags(text: string, displayTags: string[]): string {
  const present = new Set(extractHashtags(text));
  const missing = displayTags.filter((tag) => !present.has(tag.toLowerCase()));
  return missing.length === 0 ? text : `${text.trimEnd()} ${missing.map((t) => `#${t}`).join(' ')}`;
}
