import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';

/**
 * PostgreSQL: a GIN index of each post's adjacent word pairs, so a phrase
 * search fetches the posts with the phrase rather than every post with its
 * words. The words' GIN index keeps no positions: for "of miwa" it hands
 * back all 5,400 posts (of a million) with both words, each fetched from
 * the heap (cold: ~50 µs a page) to find the 300 with the phrase
 * (bench/search.ts: 320 ms). SQLite's FTS5 keeps positions: nothing to do.
 *
 * A pair is stored as a bucket, a hash of "word next" modulo 2^18, so the
 * index holds short keys (125 MB per million posts, the words' own index
 * 62 MB); a post that shares a bucket without the pair is a false
 * candidate the phrase test (search_vector @@ the phrase) drops, about 76
 * per million posts for any bucket. Pairs are read off the tsvector's own
 * positions, the ones `<->` compares, so every post with a phrase has its
 * pairs: the index can only add candidates, never lose a match.
 */
export const searchWordPairs: DualMigration = {
  async up(db, kind) {
    if (kind !== 'postgres') return;
    // Immutable (an index expression must be): it reads only its argument.
    // hashtext is the same on every server of one architecture (a dump
    // restored elsewhere rebuilds the index anyway).
    await sql`create function search_word_pairs(v tsvector) returns tsvector language sql immutable strict parallel safe as $$
        select coalesce(array_to_tsvector(array_agg(to_hex(hashtext(w.lexeme || ' ' || n.lexeme) & 262143))), ''::tsvector)
        from (select u.lexeme, unnest(u.positions) as pos from unnest(v) u) w
        join (select u.lexeme, unnest(u.positions) as pos from unnest(v) u) n on n.pos = w.pos + 1
      $$`.execute(db);
    // A phrase's pairs as a query (every pair must be there), tokenized as
    // phraseto_tsquery does; null for fewer than two words. The lexemes are
    // hex digits, so the text cast to tsquery never holds anything typed.
    await sql`create function search_phrase_pairs(phrase text) returns tsquery language sql immutable strict parallel safe as $$
        select string_agg('''' || l.lexeme || '''', ' & ')::tsquery from unnest(search_word_pairs(to_tsvector('simple'::regconfig, phrase))) l
      $$`.execute(db);
  },
  // ~90 s per million posts (the pairs are computed once per post): built while posts keep coming.
  concurrentIndexes: [{ name: 'posts_search_pairs', table: 'posts', using: 'using gin (search_word_pairs(search_vector))' }],
};
