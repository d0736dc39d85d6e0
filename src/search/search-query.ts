import { parseDayBound, type DayBound } from './search-dates.ts';

/**
 * The search box language, as people know it from Twitter search:
 *
 *   museum podcasts          both words, anywhere in the post
 *   "open access"            the words together, in this order
 *   -sponsored  -"ad copy"   posts without that word or phrase
 *   muse*                    words starting with "muse"
 *   #musesocial  -#edchat    posts tagged (or not) with the hashtag
 *   from:dana  from:@dana@museum.social  -from:bot
 *   chat:musesocial-2024-05-07
 *   since:2024-05-01 until:2024-05-31   (whole days, both included)
 *   sort:newest  sort:relevance
 *
 * Parsing never throws: anything it does not recognise is searched as
 * words. The only errors (`issues`) are ones a person must fix: an
 * impossible date, or a query too long to run.
 */

export type SortOrder = 'newest' | 'relevance';

export interface TextTerm {
  /** As typed, without quotes or a trailing `*`; the database tokenizes it. */
  text: string;
  /** A quoted phrase: its words must appear together, in order. */
  phrase: boolean;
  /** `muse*`: the word may continue (only for single words). */
  prefix: boolean;
}

export interface QueryIssue {
  /** The operator at fault (`since`, `until`), or `q` for the query as a whole. */
  operator: string;
  message: string;
}

export interface SearchQuery {
  include: TextTerm[];
  exclude: TextTerm[];
  /** Lower-case, without `#`. All must be on the post. */
  hashtags: string[];
  excludeHashtags: string[];
  /** Lower-case handles without a leading `@`: `dana`, `dana@museum.social`. Any of them. */
  from: string[];
  excludeFrom: string[];
  /** Chat slugs. Any of them. */
  chats: string[];
  excludeChats: string[];
  since: DayBound | null;
  /** Its `at` is the end of that day (exclusive), so the day is included. */
  until: DayBound | null;
  sort: SortOrder | null;
  issues: QueryIssue[];
}

export interface ParseOptions {
  /** IANA zone that since:/until: days are in (the reader's); UTC when absent. */
  zone?: string | null;
}

export const MAX_QUERY_TERMS = 24;
const MAX_INPUT = 1000;
const MAX_WORD = 100;

const OPEN_QUOTES = new Set(['"', '“', '„', '”']);
const CLOSE_QUOTES = new Set(['"', '”', '“']);
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const HASHTAG = /^#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)[.,;:!?)]*$/u;
const HANDLE = /^[\p{L}\p{N}_.\-@:]+$/u;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SORTS: Record<string, SortOrder> = { newest: 'newest', latest: 'newest', new: 'newest', recent: 'newest', relevance: 'relevance', relevant: 'relevance', best: 'relevance', top: 'relevance' };

interface Token {
  negated: boolean;
  quoted: boolean;
  value: string;
}

export function emptyQuery(): SearchQuery {
  return { include: [], exclude: [], hashtags: [], excludeHashtags: [], from: [], excludeFrom: [], chats: [], excludeChats: [], since: null, until: null, sort: null, issues: [] };
}

export function parseSearchQuery(input: string, options: ParseOptions = {}): SearchQuery {
  const query = emptyQuery();
  const zone = options.zone ?? 'UTC';
  let count = 0;
  // NUL can be stored by neither database (PostgreSQL refuses it in text).
  for (const token of tokenize(String(input).slice(0, MAX_INPUT).replaceAll('\u0000', ' '))) {
    if (++count > MAX_QUERY_TERMS) {
      query.issues.push({ operator: 'q', message: `q: use at most ${MAX_QUERY_TERMS} words and filters` });
      break;
    }
    if (token.quoted) addText(query, token.value, token.negated, true);
    else classify(query, token, zone);
  }
  if (query.since && query.until && query.since.at >= query.until.at) {
    query.issues.push({ operator: 'until', message: `until: ${query.until.date} is before since: ${query.since.date}` });
  }
  return query;
}

/** True when the query asks for nothing (no words and no filters). */
export function isBlank(query: SearchQuery): boolean {
  return (
    query.include.length + query.exclude.length + query.hashtags.length + query.excludeHashtags.length +
      query.from.length + query.excludeFrom.length + query.chats.length + query.excludeChats.length === 0 &&
    query.since === null &&
    query.until === null
  );
}

function* tokenize(input: string): Generator<Token> {
  const n = input.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(input[i]!)) i++;
    if (i >= n) return;
    let negated = false;
    if (input[i] === '-' && i + 1 < n && !isSpace(input[i + 1]!)) {
      negated = true;
      i++;
    }
    if (OPEN_QUOTES.has(input[i]!)) {
      let end = i + 1;
      while (end < n && !CLOSE_QUOTES.has(input[end]!)) end++;
      // An unclosed quote runs to the end, as people expect while typing.
      yield { negated, quoted: true, value: input.slice(i + 1, end) };
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < n && !isSpace(input[end]!)) end++;
    yield { negated, quoted: false, value: input.slice(i, end) };
    i = end;
  }
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0' || ch === '\u3000' || /\s/.test(ch);
}

function classify(query: SearchQuery, token: Token, zone: string): void {
  const { value, negated } = token;
  const colon = value.indexOf(':');
  if (colon > 0) {
    const operator = value.slice(0, colon).toLowerCase();
    const argument = value.slice(colon + 1);
    if (operator === 'since' || operator === 'until') {
      if (negated) {
        query.issues.push({ operator, message: `${operator}: cannot be excluded; use ${operator === 'since' ? 'until' : 'since'}: instead` });
        return;
      }
      const bound = parseDayBound(operator, argument, zone);
      if ('message' in bound) query.issues.push({ operator, message: bound.message });
      else query[operator] = bound;
      return;
    }
    if ((operator === 'from' || operator === 'chat') && argument === '') {
      // Twitter would search the word "from"; nobody types "from:" for that, but half-way through a handle.
      query.issues.push({ operator, message: operator === 'from' ? 'from: needs a handle, as in from:dana or from:@kim@museum.social' : "chat: needs a chat's address name, as in chat:musesocial-2024-05-07" });
      return;
    }
    if (operator === 'from') {
      const handle = argument.replace(/^@+/, '').toLowerCase();
      if (HANDLE.test(handle) && HAS_WORD_CHAR.test(handle)) {
        pushUnique(negated ? query.excludeFrom : query.from, handle);
        return;
      }
    }
    if (operator === 'chat') {
      const slug = argument.toLowerCase();
      if (SLUG.test(slug)) {
        pushUnique(negated ? query.excludeChats : query.chats, slug);
        return;
      }
    }
    if (operator === 'sort' && !negated) {
      const sort = SORTS[argument.toLowerCase()];
      if (sort) {
        query.sort = sort;
        return;
      }
    }
  }
  const hashtag = HASHTAG.exec(value);
  if (hashtag) {
    pushUnique(negated ? query.excludeHashtags : query.hashtags, hashtag[1]!.toLowerCase());
    return;
  }
  addText(query, value, negated, false);
}

function addText(query: SearchQuery, raw: string, negated: boolean, phrase: boolean): void {
  let text = raw.trim().slice(0, phrase ? MAX_WORD * 5 : MAX_WORD);
  let prefix = false;
  if (!phrase && text.endsWith('*')) {
    text = text.replace(/\*+$/, '');
    prefix = /^[\p{L}\p{N}]+$/u.test(text);
  }
  // Punctuation alone matches nothing in a word index: leave it out rather than fail.
  if (!HAS_WORD_CHAR.test(text)) return;
  const terms = negated ? query.exclude : query.include;
  if (!terms.some((t) => t.text === text && t.phrase === phrase && t.prefix === prefix)) terms.push({ text, phrase, prefix });
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
