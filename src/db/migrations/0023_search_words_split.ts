import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';
import { searchWordPairs } from './0017_search_word_pairs.ts';

/**
 * PostgreSQL: split posts into words as SQLite's FTS5 (unicode61) does.
 * PostgreSQL's default text parser keeps some strings whole: `Obama/Biden`
 * and `she/her` are one "file" token, `github.com/x` a host and a path,
 * `info@museum.org` an e-mail, `3.5` a number, and `real-life` is indexed
 * as `real-life`, `real` and `life` at three positions (so the phrase
 * "good real" never matched "good real-life"). `biden`, `github` or
 * `https` then found posts on SQLite and not here, breaking 0012's promise
 * that one query finds the same posts on either database.
 *
 * search_words() turns every punctuation or symbol character into a space
 * first (one for one, so a headline of it lines up with the text: see
 * postgres-headline.ts), leaving letters and digits as FTS5 keeps them.
 * Rebuilding the generated column rewrites the posts table (about a minute
 * per million posts); its indexes are then built again, concurrently on a
 * big table (posts_search_pairs is 0017's, rebuilt the same way).
 */
export const searchWordsSplit: DualMigration = {
  async up(db, kind) {
    if (kind !== 'postgres') return;
    // Immutable, as a generated column needs: it reads only its argument. ([:punct:] is ASCII
    // punctuation everywhere; beyond ASCII the database's LC_CTYPE decides, see the README.)
    await sql`create function search_words(t text) returns text language sql immutable strict parallel safe as $$
        select regexp_replace(t, '[[:punct:]]', ' ', 'g')
      $$`.execute(db);
    await sql`alter table posts drop column search_vector`.execute(db);
    await sql`alter table posts add column search_vector tsvector generated always as (to_tsvector('simple'::regconfig, search_words(text))) stored`.execute(db);
    // A phrase's pairs are read off the same words as the posts' (0017).
    await sql`create or replace function search_phrase_pairs(phrase text) returns tsquery language sql immutable strict parallel safe as $$
        select string_agg('''' || l.lexeme || '''', ' & ')::tsquery from unnest(search_word_pairs(to_tsvector('simple'::regconfig, search_words(phrase)))) l
      $$`.execute(db);
  },
  // Both went with the column: the words' index (0012's) and the phrase pairs' (0017's).
  concurrentIndexes: [{ name: 'posts_search_vector', table: 'posts', using: 'using gin (search_vector)' }, ...(searchWordPairs.concurrentIndexes ?? [])],
};
