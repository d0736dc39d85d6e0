import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SortOrder, TextTerm } from './search-query.ts';

/**
 * Relevance ranks at most this many of the newest matches, on both
 * databases. Scoring reads every candidate (FTS5 bm25, ts_rank_cd); for a
 * word in a third of a million posts that alone takes seconds, and the best
 * of the newest 10,000 is what a person paging through results sees anyway.
 */
export const RELEVANCE_CANDIDATES = 10_000;

/**
 * What a search backend is asked: the parsed query with names already
 * resolved to ids and visibility already decided by the service.
 */
export interface SearchFilter {
  include: TextTerm[];
  exclude: TextTerm[];
  hashtags: string[];
  excludeHashtags: string[];
  /** null: any author. Never empty (the service answers "no results" itself). */
  authorIds: number[] | null;
  excludeAuthorIds: number[];
  /** null: any chat. Never empty. */
  chatIds: number[] | null;
  /** Chats asked to exclude, and drafts this reader may not see. */
  excludeChatIds: number[];
  /** Epoch ms, inclusive. */
  since: number | null;
  /** Epoch ms, exclusive. */
  until: number | null;
}

export interface SearchPageRequest {
  filter: SearchFilter;
  sort: SortOrder;
  /** Rows wanted; backends return up to limit + 1 so the caller knows whether there is more. */
  limit: number;
  /** A cursor this backend issued, or null for the first page. */
  cursor: string | null;
}

export interface SearchHit {
  postId: number;
  /** Resumes after this hit (opaque, backend-specific). */
  cursor: string;
}

export interface SearchPage {
  hits: SearchHit[];
  /** The order actually used: relevance needs words, so a search without any is newest-first. */
  sort: SortOrder;
}

/** One per database; the differences in SQL live behind this. */
export interface SearchBackend {
  search(db: Kysely<DB>, request: SearchPageRequest): Promise<SearchPage>;
  /** Matches marked with MATCH_OPEN/MATCH_CLOSE, by post id, for the posts of a page. */
  highlight(db: Kysely<DB>, include: TextTerm[], postIds: number[]): Promise<Map<number, string>>;
}
