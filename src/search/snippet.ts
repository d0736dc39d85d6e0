/**
 * Highlighted snippets, made safe. The database marks matches with two
 * private-use characters instead of HTML (FTS5 snippet(), ts_headline), the
 * marked text is split into parts here, and only the HTML renderer adds
 * markup: every part escaped, our own <mark> around matches. A post that
 * itself contains one of the markers gets no highlighting at all, so text
 * someone typed can never open or close a <mark>.
 */
export const MATCH_OPEN = '\uE000';
export const MATCH_CLOSE = '\uE001';

export interface SnippetPart {
  text: string;
  match: boolean;
}

/** About two tweets: enough to read the match in context. */
const WINDOW_CHARS = 300;
/** How much of the text before the first match a window keeps. */
const LEAD_CHARS = 80;

/**
 * Parts of `marked` (the post's whole text with matches marked by the
 * database), cut to a window around the first match for long posts.
 * `source` is the post's text as stored; searched `hashtags` are marked too.
 */
export function snippetParts(marked: string, source: string, hashtags: readonly string[] = []): SnippetPart[] {
  if (source.includes(MATCH_OPEN) || source.includes(MATCH_CLOSE)) return windowParts([{ text: stripMarkers(marked), match: false }]);
  const parts: SnippetPart[] = [];
  let inMatch = false;
  let current = '';
  const flush = () => {
    if (current) parts.push({ text: current, match: inMatch });
    current = '';
  };
  for (const ch of marked) {
    if (ch === MATCH_OPEN && !inMatch) {
      flush();
      inMatch = true;
    } else if (ch === MATCH_CLOSE && inMatch) {
      flush();
      inMatch = false;
    } else if (ch !== MATCH_OPEN && ch !== MATCH_CLOSE) {
      current += ch;
    }
  }
  flush();
  return windowParts(markHashtags(mergeAdjacent(parts), hashtags));
}

/**
 * One mark for `open access`, `don't`, `e-mail`: PostgreSQL marks each
 * word of a phrase, FTS5 the phrase; joined, both read the same.
 */
function mergeAdjacent(parts: SnippetPart[]): SnippetPart[] {
  const merged: SnippetPart[] = [];
  for (const part of parts) {
    const previous = merged.at(-1);
    const beforePrevious = merged.at(-2);
    if (part.match && previous && !previous.match && beforePrevious?.match && /^(\s+|[^\s\p{L}\p{N}])$/u.test(previous.text)) {
      merged.pop();
      beforePrevious.text += previous.text + part.text;
    } else {
      merged.push({ ...part });
    }
  }
  return merged;
}

/**
 * For searches without words (only #tags, from:, dates): the start of the
 * post, with the searched hashtags marked.
 */
export function excerptParts(text: string, hashtags: readonly string[]): SnippetPart[] {
  return windowParts(markHashtags([{ text, match: false }], hashtags));
}

/** Marks the searched hashtags (whole tags, any case) in the unmarked parts. */
export function markHashtags(parts: SnippetPart[], hashtags: readonly string[]): SnippetPart[] {
  if (hashtags.length === 0) return parts;
  const alternatives = hashtags.map((tag) => tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_&#/])#(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu');
  return parts.flatMap((part) => {
    if (part.match) return [part];
    const split: SnippetPart[] = [];
    let last = 0;
    for (const match of part.text.matchAll(pattern)) {
      if (match.index > last) split.push({ text: part.text.slice(last, match.index), match: false });
      split.push({ text: match[0], match: true });
      last = match.index + match[0].length;
    }
    if (last < part.text.length) split.push({ text: part.text.slice(last), match: false });
    return split;
  });
}

/**
 * Long posts (imports can run to thousands of characters) are cut to about
 * WINDOW_CHARS around the first match, at word boundaries, with "…" where
 * text was left out.
 */
export function windowParts(parts: SnippetPart[], size = WINDOW_CHARS): SnippetPart[] {
  const text = parts.map((p) => p.text).join('');
  if (text.length <= size) return parts;
  let firstMatch = 0;
  for (const part of parts) {
    if (part.match) break;
    firstMatch += part.text.length;
  }
  if (firstMatch >= text.length) firstMatch = 0;
  let start = Math.max(0, firstMatch - LEAD_CHARS);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (start > firstMatch) start = firstMatch;
  let end = Math.min(text.length, start + size);
  if (end < text.length) end = Math.max(text.lastIndexOf(' ', end), firstMatch + 1);
  // Never split a surrogate pair (an emoji) in two.
  const lowSurrogate = (i: number) => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
  if (lowSurrogate(start)) start--;
  if (lowSurrogate(end)) end--;
  const cut: SnippetPart[] = [];
  let offset = 0;
  for (const part of parts) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + part.text.length);
    if (from < to) cut.push({ text: part.text.slice(from - offset, to - offset), match: part.match });
    offset += part.text.length;
  }
  if (start > 0) cut.unshift({ text: '… ', match: false });
  if (end < text.length) cut.push({ text: ' …', match: false });
  return cut;
}

/** HTML for a snippet: escaped text, matches in <mark>. */
export function snippetHtml(parts: readonly SnippetPart[]): string {
  return parts.map((part) => (part.match ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text))).join('');
}

/** Plain text for a terminal: matches wrapped in `open`/`close` (e.g. ANSI bold). */
export function snippetText(parts: readonly SnippetPart[], open = '[', close = ']'): string {
  return parts.map((part) => (part.match ? `${open}${part.text}${close}` : part.text)).join('');
}

function stripMarkers(text: string): string {
  return text.replaceAll(MATCH_OPEN, '').replaceAll(MATCH_CLOSE, '');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}
