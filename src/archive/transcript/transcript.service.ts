import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ChatDetails, ChatQuestion } from '../../chats/chats.repository.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { decodeCursor, encodeCursor, type TranscriptCursor } from './transcript-cursor.ts';
import { buildThreads, orderGroups, postsOf, OTHER, type GroupKey, type Thread } from './transcript-groups.ts';
import { isFlat, showsBoosts, type TranscriptFilter, type TranscriptQuery } from './transcript-query.ts';
import { authorIdsByHandle, authorsOfPosts, foldedBoostCount, groupCounts, groupRoots, questionHeads, rootPositionsBefore, threadDescendants, type PostSelection } from './transcript.repository.ts';

/** Top-level posts per page: with their replies a page shows a few hundred posts at most. */
export const PAGE_ROOTS = 50;
/** Replies per page, whatever the threads: a 10,000-reply thread cannot make a page slow. */
export const PAGE_DESCENDANTS = 500;

export interface TranscriptSection {
  key: GroupKey;
  question: ChatQuestion | null;
  /** The page starts inside this group: its question was on an earlier page. */
  continued: boolean;
  heads: PostView[];
  threads: Thread[];
  /** Replies stopped at PAGE_DESCENDANTS: the rest are on the posts' own pages. */
  truncated: boolean;
}

export interface TocEntry {
  key: GroupKey;
  question: ChatQuestion | null;
  posts: number;
}

export interface TranscriptPage {
  chat: ChatDetails;
  filter: TranscriptFilter;
  toc: TocEntry[];
  total: number;
  /** Boosts of archived posts not listed (counted in their posts' boost counts) and not in `total`. */
  foldedBoosts: number;
  sections: TranscriptSection[];
  nextCursor: string | null;
  isLaterPage: boolean;
  /** Where the page before this one starts; null on a later page: it is the first page. */
  previousCursor: string | null;
  /** Authors of posts that posts on this page reply to or quote, for "in reply to @dana". */
  referenced: Map<number, { handle: string; network: string }>;
}

/** What every page of one filtered transcript shares: who matches, and the groups with their sizes. */
export interface TranscriptPlan {
  /** null when the author filter names nobody in the archive: nothing can match. */
  selection: PostSelection | null;
  counts: Map<GroupKey, number>;
  groups: GroupKey[];
  /** Boosts folded into their posts' counts (counted when every type is listed; 0 otherwise). */
  foldedBoosts: number;
}

export async function planTranscript(db: Kysely<DB>, chat: ChatDetails, filter: TranscriptFilter): Promise<TranscriptPlan> {
  const authorIds = filter.author ? await authorIdsByHandle(db, filter.author) : null;
  const numbers = chat.questions.map((q) => q.number);
  if (authorIds && authorIds.length === 0) return { selection: null, counts: new Map(), groups: orderGroups(numbers), foldedBoosts: 0 };
  const selection: PostSelection = { chatId: chat.id, authorIds, type: filter.type, showBoosts: showsBoosts(filter) };
  const counts = await groupCounts(db, selection);
  const foldedBoosts = !selection.showBoosts && selection.type === null ? await foldedBoostCount(db, selection) : 0;
  return { selection, counts, groups: orderGroups([...numbers, ...[...counts.keys()].filter((k): k is number => k !== OTHER)]), foldedBoosts };
}

/**
 * One page of a chat's transcript: groups in order from the cursor, each
 * group's top-level posts in time order with their threads, until the page
 * holds `roots` top-level posts. Each step is an index range scan, so the
 * cost of a page does not grow with the chat.
 */
export async function transcriptPage(
  db: Kysely<DB>,
  chat: ChatDetails,
  query: TranscriptQuery,
  options: { roots?: number; plan?: TranscriptPlan; /** Exports pass Infinity: a file must hold every reply. */ descendants?: number } = {},
): Promise<TranscriptPage> {
  const { filter, cursor } = query;
  const limit = options.roots ?? PAGE_ROOTS;
  const plan = options.plan ?? (await planTranscript(db, chat, filter));
  const toc = plan.groups.map((key) => ({ key, question: questionOf(chat, key), posts: plan.counts.get(key) ?? 0 }));
  // Filtered by question, the page counts that question's posts (boosts folded are counted chat-wide only).
  const total = filter.question !== null ? (plan.counts.get(filter.question) ?? 0) : [...plan.counts.values()].reduce((sum, n) => sum + n, 0);
  const page: TranscriptPage = { chat, filter, toc, total, foldedBoosts: filter.question !== null ? 0 : plan.foldedBoosts, sections: [], nextCursor: null, isLaterPage: cursor !== null, previousCursor: null, referenced: new Map() };
  const groups = filter.question !== null ? [filter.question] : plan.groups;
  const startIndex = cursor ? groups.indexOf(cursor.group) : 0;
  if (!plan.selection || startIndex < 0) return page;

  let remaining = limit;
  let nextCursor: TranscriptCursor | null = null;
  for (let index = startIndex; index < groups.length; index++) {
    const key = groups[index]!;
    const from = cursor && index === startIndex && cursor.at ? { ...cursor.at, inclusive: cursor.inclusive } : null;
    const { section, more } = await loadSection(db, chat, plan.selection, filter, key, from, remaining, options.descendants ?? PAGE_DESCENDANTS);
    page.sections.push(section);
    remaining -= section.threads.length;
    if (more) {
      const last = section.threads.at(-1)!.post;
      nextCursor = { group: key, at: { createdAt: last.createdAt, id: last.id }, inclusive: false };
      break;
    }
    if (remaining <= 0) {
      const next = groups[index + 1];
      if (next !== undefined) nextCursor = { group: next, at: null, inclusive: false };
      break;
    }
  }
  page.nextCursor = nextCursor ? encodeCursor(nextCursor) : null;
  const previous = cursor ? await previousPageStart(db, plan.selection, filter, groups, cursor, limit) : null;
  page.previousCursor = previous ? encodeCursor(previous) : null;
  page.referenced = await authorsOfPosts(db, referencedIds(page.sections));
  return page;
}

/**
 * Where the page before `cursor` starts: `limit` top-level posts back,
 * across groups, read backwards from the cursor. Forward pages hold exactly
 * `limit` top-level posts each, so stepping back lands on the start the
 * forward pages had. Null: the previous page is the first.
 */
async function previousPageStart(
  db: Kysely<DB>,
  selection: PostSelection,
  filter: TranscriptFilter,
  groups: GroupKey[],
  cursor: TranscriptCursor,
  limit: number,
): Promise<TranscriptCursor | null> {
  let remaining = limit;
  const start = groups.indexOf(cursor.group);
  for (let index = start; index >= 0; index--) {
    const key = groups[index]!;
    const atCursor = index === start;
    if (atCursor && !cursor.at) continue; // the page starts with this group: nothing of it comes before
    // After a post (exclusive), the post itself was on the page before; from a post (inclusive), it was not.
    const before = atCursor && cursor.at ? { ...cursor.at, inclusive: !cursor.inclusive } : null;
    // One more than needed tells whether the earliest one needed is the group's first.
    const rows = await rootPositionsBefore(db, { ...selection, group: key, before, limit: remaining + 1, threaded: !isFlat(filter) });
    if (rows.length > remaining) return { group: key, at: rows[remaining - 1]!, inclusive: true };
    remaining -= rows.length;
    if (remaining === 0) return index === 0 ? null : { group: key, at: null, inclusive: false };
  }
  return null;
}

const questionOf = (chat: ChatDetails, key: GroupKey): ChatQuestion | null => (key === OTHER ? null : (chat.questions.find((q) => q.number === key) ?? null));

async function loadSection(
  db: Kysely<DB>,
  chat: ChatDetails,
  selection: PostSelection,
  filter: TranscriptFilter,
  key: GroupKey,
  from: { createdAt: number; id: number; inclusive: boolean } | null,
  limit: number,
  descendantCap: number,
): Promise<{ section: TranscriptSection; more: boolean }> {
  const flat = isFlat(filter);
  const rows = await groupRoots(db, chat.slug, { ...selection, group: key, from, limit: limit + 1, threaded: !flat });
  const more = rows.length > limit;
  const roots = rows.slice(0, limit);
  // A flat (filtered) list shows a question post only when it matches the filter itself.
  const heads = from === null && key !== OTHER ? await questionHeads(db, chat.slug, flat ? selection : { ...selection, authorIds: null, type: null }, key) : [];
  const descendants =
    flat || roots.length === 0
      ? []
      : await threadDescendants(db, chat.slug, { ...selection, group: key, rootIds: roots.map((r) => r.id), cap: descendantCap });
  const truncated = descendants.length >= descendantCap;
  return { section: { key, question: questionOf(chat, key), continued: from !== null, heads, threads: buildThreads(roots, descendants), truncated }, more };
}

function referencedIds(sections: TranscriptSection[]): number[] {
  const ids = new Set<number>();
  for (const section of sections) {
    for (const post of [...section.heads, ...postsOf(section.threads)]) {
      for (const id of [post.replyToId, post.quoteOfId, post.boostOfId]) if (id !== null) ids.add(id);
    }
  }
  return [...ids];
}

/** Every page of a transcript in order (exports of the readable formats), planned once. */
export async function* allTranscriptPages(db: Kysely<DB>, chat: ChatDetails, filter: TranscriptFilter, roots = 200): AsyncGenerator<TranscriptPage> {
  const plan = await planTranscript(db, chat, filter);
  let cursor: TranscriptCursor | null = null;
  for (;;) {
    const page: TranscriptPage = await transcriptPage(db, chat, { filter, cursor }, { roots, plan, descendants: Number.MAX_SAFE_INTEGER });
    yield page;
    if (!page.nextCursor) return;
    cursor = decodeCursor(page.nextCursor);
  }
}
