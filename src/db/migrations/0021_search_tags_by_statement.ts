import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';

/**
 * PostgreSQL keeps post_search_tags (0012) in step with post_hashtags by
 * triggers. They ran once per row: an import stores its hashtags in
 * statements of a thousand rows, and each row then ran its own small
 * insert (a plpgsql call, a lookup of the post's time, a foreign key
 * check): ~45 µs a hashtag, a third of a 50,000-tweet import's time
 * (4.5 s of 13–16 s for its 100,000 hashtags). Statement-level triggers
 * with transition tables do the same in one set-wise statement per
 * statement. Results are identical: only rows actually inserted or deleted
 * are in the transition tables (`on conflict do nothing` included).
 *
 * SQLite has row triggers only; its big imports drop them and fill the
 * table set-wise at the end instead (bulk-load.ts).
 */
export const searchTagsByStatement: DualMigration = {
  async up(db, kind) {
    if (kind !== 'postgres') return;
    await sql`drop trigger post_hashtags_search_insert on post_hashtags`.execute(db);
    await sql`drop trigger post_hashtags_search_delete on post_hashtags`.execute(db);
    await sql`drop function post_search_tags_added()`.execute(db);
    await sql`drop function post_search_tags_removed()`.execute(db);
    await sql`create function post_search_tags_added() returns trigger language plpgsql as $$
      begin
        insert into post_search_tags (tag, created_at, post_id)
          select n.tag, p.created_at, p.id from added_hashtags n join posts p on p.id = n.post_id
          on conflict do nothing;
        return null;
      end $$`.execute(db);
    await sql`create function post_search_tags_removed() returns trigger language plpgsql as $$
      begin
        delete from post_search_tags t using removed_hashtags o where t.post_id = o.post_id and t.tag = o.tag;
        return null;
      end $$`.execute(db);
    await sql`create trigger post_hashtags_search_insert after insert on post_hashtags
      referencing new table as added_hashtags for each statement execute function post_search_tags_added()`.execute(db);
    await sql`create trigger post_hashtags_search_delete after delete on post_hashtags
      referencing old table as removed_hashtags for each statement execute function post_search_tags_removed()`.execute(db);
  },
};
