import { MATCH_CLOSE, MATCH_OPEN } from './snippet.ts';
import type { TextTerm } from './search-query.ts';

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

/** Words as search_words and the simple parser make them, near enough to match marks with. */
const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * ts_headline marks every word of the query wherever it is: for a phrase,
 * each of its words all over the post, and the snippet, cut around the
 * first mark, could miss the phrase itself ("in-person" showed two lone
 * "in"s). FTS5 marks only the phrase. Here a mark stays when its word is a
 * single-word term (or continues a prefix), or when it is part of a run of
 * marked words, with nothing but spaces and punctuation between them,
 * that spells a phrase; the other marks are dropped.
 */
export function keepMatchingMarks(marked: string, terms: readonly TextTerm[]): string {
  const phrases: string[][] = [];
  const single: Array<{ word: string; prefix: boolean }> = [];
  for (const term of terms) {
    const words = wordsOf(term.text);
    if (words.length === 1) single.push({ word: words[0]!, prefix: term.prefix });
    else if (words.length > 1) phrases.push(words);
  }
  if (phrases.length === 0) return marked;
  // Marked words and the text between them.
  const parts = marked.split(new RegExp(`(${MATCH_OPEN}[^${MATCH_CLOSE}]*${MATCH_CLOSE})`, 'u'));
  const marks: Array<{ index: number; word: string }> = [];
  parts.forEach((part, index) => {
    if (part.startsWith(MATCH_OPEN)) marks.push({ index, word: part.slice(1, -1).toLowerCase() });
  });
  const keep = new Set<number>();
  for (const [i, mark] of marks.entries()) {
    if (single.some((s) => (s.prefix ? mark.word.startsWith(s.word) : mark.word === s.word))) keep.add(i);
    for (const phrase of phrases) {
      if (i + phrase.length > marks.length) continue;
      const run = marks.slice(i, i + phrase.length);
      const together = run.every((m, k) => k === 0 || !/[\p{L}\p{N}]/u.test(parts.slice(run[k - 1]!.index + 1, m.index).join('')));
      if (together && run.every((m, k) => wordsOf(m.word).join(' ') === phrase[k])) for (let k = 0; k < phrase.length; k++) keep.add(i + k);
    }
  }
  const kept = new Set([...keep].map((i) => marks[i]!.index));
  return parts.map((part, index) => (part.startsWith(MATCH_OPEN) && !kept.has(index) ? part.slice(1, -1) : part)).join('');
}
