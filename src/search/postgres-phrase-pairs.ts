import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TextTerm } from './search-query.ts';

/**
 * Phrases on PostgreSQL: the words' GIN index keeps no positions, so it
 * hands back every post with all of a phrase's words, and each is fetched
 * to test the phrase. posts_search_pairs (migration 0017) indexes adjacent
 * word pairs; ANDed in, the GIN read fetches about the posts with the
 * phrase instead ("of miwa": 350 posts, not 5,400).
 */

/** Whether a term goes to phraseto_tsquery as several words (see search-postgres.ts term()). */
export function mayBePhrase(t: TextTerm): boolean {
  return /[^\p{L}\p{N}]/u.test(t.text.trim());
}

/**
 * The included phrases' word pairs as tsquery text (PostgreSQL's own
 * output of hex lexemes, every pair required), or null when no term has
 * two words or more. One round trip: the tokenizing is PostgreSQL's.
 */
export async function phrasePairs(db: Kysely<DB>, include: TextTerm[]): Promise<string | null> {
  const phrases = include.filter(mayBePhrase).map((t) => t.text);
  if (phrases.length === 0) return null;
  const result = await sql<{ pairs: string | null }>`
    select string_agg(q::text, ' & ') as pairs from (select search_phrase_pairs(t) as q from unnest(${phrases}::text[]) t) s where q is not null`.execute(db);
  return result.rows[0]?.pairs ?? null;
}

/** The condition a GIN read adds for the pairs: none without them. */
export function pairsCondition(pairs: string | null): RawBuilder<unknown>[] {
  return pairs === null ? [] : [sql`search_word_pairs(p.search_vector) @@ ${pairs}::tsquery`];
}
