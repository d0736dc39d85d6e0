import { MATCH_CLOSE, MATCH_OPEN } from './snippet.ts';

/**
 * PostgreSQL marks matches in the text as search_words() splits it
 * (migration 0023: each punctuation or symbol character became a space,
 * one for one), so its marks are put back on the text as written:
 * character n of the headline, markers aside, is character n of the text.
 * Should they ever not line up, the text is returned unmarked rather than
 * with a word's punctuation lost.
 */
export function marksOnText(marked: string, text: string): string {
  const original = [...text];
  let at = 0;
  let out = '';
  for (const ch of marked) {
    if (ch === MATCH_OPEN || ch === MATCH_CLOSE) out += ch;
    else {
      if (at >= original.length) return text;
      out += original[at++];
    }
  }
  return at === original.length ? out : text;
}
