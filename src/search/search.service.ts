import type { Database } from '../db/database.ts';
import type { User } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { isBlank, parseSearchQuery, type SearchQuery, type SortOrder } from './search-query.ts';
import { authorIdsNamed } from '../posts/author-accounts.ts';
import { chatsBySlugs, draftChats, postsForResults, searchBackend, type ChatVisibility, type SearchPostView } from './search.repository.ts';
import type { SearchFilter } from './search.types.ts';
import { excerptParts, snippetParts, type SnippetPart } from './snippet.ts';

export interface SearchOptions {
  q: string;
  /** The order when the query has no sort: operator (what the person typed wins); newest first when neither says. */
  sort?: SortOrder;
  cursor?: string;
  limit: number;
}

export interface SearchResult {
  post: SearchPostView;
  snippet: SnippetPart[];
}

export interface SearchResults {
  query: SearchQuery;
  sort: SortOrder;
  results: SearchResult[];
  nextCursor: string | null;
}

/**
 * Searches every chat's posts that this reader may see: drafts only for
 * the people who may see that draft (policies.viewChat), never hidden or
 * deleted posts. A bad query is a 400 on `q` naming the operator at fault.
 */
export async function searchPosts(database: Database, viewer: User | null, options: SearchOptions): Promise<SearchResults> {
  const { db } = database;
  const query = parseSearchQuery(options.q, { zone: viewer?.timeZone ?? null });
  const issue = query.issues[0];
  if (issue) throw new AppError('validation_failed', issue.message, 'q');
  if (isBlank(query)) throw new AppError('validation_failed', 'q: give a word, a "phrase", a #hashtag, from:, chat: or since:/until: to search for', 'q');
  const asked = query.sort ?? options.sort ?? 'newest';
  // Relevance needs words to rank by.
  const sort = query.include.length > 0 ? asked : 'newest';
  const nothing = { query, sort, results: [], nextCursor: null };

  const filter = await searchFilterFor(database, viewer, query);
  if (!filter) return nothing;
  const backend = searchBackend(database.kind);
  const page = await backend.search(db, { filter, sort, limit: options.limit, cursor: options.cursor ?? null });
  const hits = page.hits.slice(0, options.limit);
  const ids = hits.map((hit) => hit.postId);
  const [posts, marked] = await Promise.all([postsForResults(db, ids), backend.highlight(db, filter.include, ids)]);
  return {
    query,
    sort: page.sort,
    results: posts.map((post) => {
      const highlighted = marked.get(post.id);
      return { post, snippet: highlighted === undefined ? excerptParts(post.text, query.hashtags) : snippetParts(highlighted, post.text, query.hashtags) };
    }),
    nextCursor: page.hits.length > options.limit ? (hits.at(-1)?.cursor ?? null) : null,
  };
}

/** Names to ids, and the reader's visibility; null when nothing can match (an unknown author or chat). */
export async function searchFilterFor(database: Database, viewer: User | null, query: SearchQuery): Promise<SearchFilter | null> {
  const { db } = database;
  if (contradicts(query)) return null;
  const visible = (chat: ChatVisibility) => policies.viewChat(viewer, { chat, hostUserIds: chat.hostUserIds });
  const authorIds = query.from.length > 0 ? await authorIdsNamed(db, query.from, { anyServer: true }) : null;
  if (authorIds?.length === 0) return null;
  const chatIds = query.chats.length > 0 ? (await chatsBySlugs(db, query.chats)).filter(visible).map((c) => c.id) : null;
  if (chatIds?.length === 0) return null;
  const excluded = [...(await chatsBySlugs(db, query.excludeChats)), ...(await draftChats(db)).filter((chat) => !visible(chat))];
  return {
    include: query.include,
    exclude: query.exclude,
    hashtags: query.hashtags,
    excludeHashtags: query.excludeHashtags,
    authorIds,
    excludeAuthorIds: await authorIdsNamed(db, query.excludeFrom, { anyServer: true }),
    chatIds,
    excludeChatIds: [...new Set(excluded.map((chat) => chat.id))],
    since: query.since?.at ?? null,
    until: query.until?.at ?? null,
  };
}

/**
 * `museum -museum`, `#a -#a`: nothing can match. Answered at once, because
 * either database would otherwise read every post to find that out (the
 * word is common, so the planner walks posts in time order looking for a
 * match that never comes). Words are compared as typed, lower-cased, so the
 * answer is the same on both databases.
 */
export function contradicts(query: SearchQuery): boolean {
  const word = (t: { text: string; prefix: boolean }) => `${t.prefix ? '*' : ''}${t.text.trim().toLowerCase()}`;
  const excluded = new Set(query.exclude.map(word));
  const both = <T>(a: T[], b: T[]) => a.some((x) => b.includes(x));
  return query.include.some((t) => excluded.has(word(t))) || both(query.hashtags, query.excludeHashtags) || both(query.from, query.excludeFrom) || both(query.chats, query.excludeChats);
}
