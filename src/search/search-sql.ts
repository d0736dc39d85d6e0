import { sql, type RawBuilder } from 'kysely';
import type { SearchFilter } from './search.types.ts';

/**
 * The filters both databases write the same way, over posts aliased `p`.
 * Only the word matching and the ordering differ (search-sqlite.ts,
 * search-postgres.ts). Hidden and deleted posts never match.
 */
export function postConditions(filter: SearchFilter, options: { dates: boolean; hashtags?: boolean }): RawBuilder<unknown>[] {
  // A boost repeats its original's text: the original is the result. A
  // boost whose original is not archived (an imported retweet) is the only
  // copy of those words, so it stays findable.
  const where: RawBuilder<unknown>[] = [sql`p.deleted_at is null`, sql`p.hidden_at is null`, sql`(p.kind <> 'boost' or p.boost_of_id is null)`];
  if (filter.authorIds) where.push(sql`p.author_id in (${sql.join(filter.authorIds)})`);
  if (filter.excludeAuthorIds.length > 0) where.push(sql`p.author_id not in (${sql.join(filter.excludeAuthorIds)})`);
  if (filter.chatIds) where.push(sql`p.chat_id in (${sql.join(filter.chatIds)})`);
  if (filter.excludeChatIds.length > 0) where.push(sql`p.chat_id not in (${sql.join(filter.excludeChatIds)})`);
  if (options.hashtags === false) return withDates(where, filter, options.dates);
  for (const tag of filter.hashtags) where.push(sql`exists (select 1 from post_hashtags h where h.post_id = p.id and h.tag = ${tag})`);
  if (filter.excludeHashtags.length > 0) {
    where.push(sql`not exists (select 1 from post_hashtags h where h.post_id = p.id and h.tag in (${sql.join(filter.excludeHashtags)}))`);
  }
  return withDates(where, filter, options.dates);
}

function withDates(where: RawBuilder<unknown>[], filter: SearchFilter, dates: boolean): RawBuilder<unknown>[] {
  if (dates && filter.since !== null) where.push(sql`p.created_at >= ${filter.since}`);
  if (dates && filter.until !== null) where.push(sql`p.created_at < ${filter.until}`);
  return where;
}

export function and(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` and `);
}
