import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';

/**
 * Full-text search over posts.text: FTS5 on SQLite, a tsvector column with a
 * GIN index on PostgreSQL. The rest of src/search/ reads these structures;
 * nothing else does. Both tokenize the same way (lower-cased words, no
 * stemming, accents kept) so one query finds the same posts on either
 * database. PostgreSQL's `english` config would stem and drop stop words
 * (and stem words inside hashtags and handles), so `simple` it is; hashtags
 * and authors are matched exactly through post_hashtags and authors anyway.
 */
export const search: DualMigration = {
  async up(db, kind) {
    // Newest-first lists over all chats, and quotes of a post: consent
    // removal deletes posts, and without it every deleted post would scan
    // the table to null out quotes pointing at it (boosts have
    // posts_boost_of from 0011).
    await db.schema.createIndex('posts_created_at_id').on('posts').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('posts_quote_of_id').on('posts').column('quote_of_id').where(sql.ref('quote_of_id'), 'is not', null).execute();
    if (kind === 'postgres') await postgres(db);
    else await sqlite(db);
  },
};

async function postgres(db: Parameters<DualMigration['up']>[0]): Promise<void> {
  // The two-argument to_tsvector is immutable, as a generated column needs.
  await sql`alter table posts add column search_vector tsvector generated always as (to_tsvector('simple'::regconfig, text)) stored`.execute(db);
  await sql`create index posts_search_vector on posts using gin (search_vector)`.execute(db);

  // Hashtags in time order, so a #tag search walks its newest posts and
  // stops early; kept in step with post_hashtags and posts.created_at.
  await sql`create table post_search_tags (
      tag text not null,
      created_at bigint not null,
      post_id bigint not null references posts (id) on delete cascade,
      primary key (tag, created_at, post_id))`.execute(db);
  await sql`create index post_search_tags_post on post_search_tags (post_id)`.execute(db);
  await sql`create function post_search_tags_added() returns trigger language plpgsql as $$
    begin
      insert into post_search_tags (tag, created_at, post_id) select new.tag, p.created_at, p.id from posts p where p.id = new.post_id on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create function post_search_tags_removed() returns trigger language plpgsql as $$
    begin
      delete from post_search_tags where post_id = old.post_id and tag = old.tag;
      return null;
    end $$`.execute(db);
  await sql`create function post_search_tags_moved() returns trigger language plpgsql as $$
    begin
      update post_search_tags set created_at = new.created_at where post_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger post_hashtags_search_insert after insert on post_hashtags for each row execute function post_search_tags_added()`.execute(db);
  await sql`create trigger post_hashtags_search_delete after delete on post_hashtags for each row execute function post_search_tags_removed()`.execute(db);
  await sql`create trigger posts_search_moved after update of created_at on posts for each row
    when (old.created_at is distinct from new.created_at) execute function post_search_tags_moved()`.execute(db);
  await sql`insert into post_search_tags (tag, created_at, post_id) select h.tag, p.created_at, p.id from post_hashtags h join posts p on p.id = h.post_id`.execute(db);
}

/**
 * FTS5 reads rows in rowid order and stops at LIMIT, so a newest-first page
 * is fast only when the rowid order IS the time order. Post ids are not
 * (an archive from 2014 imported today gets today's ids), so every post gets
 * a search key, `created_at * 2^20 + n` (n counts posts of the same
 * millisecond), and the FTS table is keyed by it through a view. Date
 * ranges and cursors then become rowid ranges FTS5 seeks to directly.
 * Keys exceed 2^53: they travel through JavaScript only as text.
 */
async function sqlite(db: Parameters<DualMigration['up']>[0]): Promise<void> {
  // The same numbers as src/search/search-key.ts (a test checks they agree).
  // Clamping keeps absurd imported dates from overflowing 64 bits.
  const clamp = (column: string) => sql.raw(`max(min(${column}, 8000000000000), -8000000000000)`);
  const scale = sql.raw('1048576');
  // The next free key of that millisecond (index range on the primary key).
  const nextKey = sql`coalesce(
      (select max(key) + 1 from post_search_keys where key >= ${clamp('new.created_at')} * ${scale} and key < (${clamp('new.created_at')} + 1) * ${scale}),
      ${clamp('new.created_at')} * ${scale})`;

  await sql`create table post_search_keys (key integer primary key, post_id integer not null unique)`.execute(db);
  // Hashtags by key: a #tag search walks its posts newest first and stops
  // early, as a word search walks FTS (post_hashtags has no time order).
  await sql`create table post_search_tags (tag text not null, key integer not null, primary key (tag, key)) without rowid`.execute(db);
  await sql`create index post_search_tags_key on post_search_tags (key)`.execute(db);
  await sql`create view post_search_docs as select k.key as key, p.text as text from post_search_keys k join posts p on p.id = k.post_id`.execute(db);
  await sql`create virtual table posts_fts using fts5(text, content='post_search_docs', content_rowid='key', tokenize='unicode61 remove_diacritics 0')`.execute(db);

  await sql`create trigger posts_search_insert after insert on posts begin
      insert into post_search_keys (key, post_id) values (${nextKey}, new.id);
      insert into posts_fts (rowid, text) select key, new.text from post_search_keys where post_id = new.id;
    end`.execute(db);
  // An external-content FTS table must be told the old text to forget it.
  // Tag rows go with the key: a later post may be given the same key.
  await sql`create trigger posts_search_delete after delete on posts begin
      insert into posts_fts (posts_fts, rowid, text) select 'delete', key, old.text from post_search_keys where post_id = old.id;
      delete from post_search_tags where key = (select key from post_search_keys where post_id = old.id);
      delete from post_search_keys where post_id = old.id;
    end`.execute(db);
  await sql`create trigger posts_search_update after update of text, created_at on posts
    when old.text is not new.text or old.created_at is not new.created_at begin
      insert into posts_fts (posts_fts, rowid, text) select 'delete', key, old.text from post_search_keys where post_id = old.id;
      delete from post_search_tags where key = (select key from post_search_keys where post_id = old.id);
      delete from post_search_keys where post_id = old.id;
      insert into post_search_keys (key, post_id) values (${nextKey}, new.id);
      insert into posts_fts (rowid, text) select key, new.text from post_search_keys where post_id = new.id;
      insert or ignore into post_search_tags (tag, key) select h.tag, k.key from post_hashtags h join post_search_keys k on k.post_id = h.post_id where h.post_id = new.id;
    end`.execute(db);
  await sql`create trigger post_hashtags_search_insert after insert on post_hashtags begin
      insert or ignore into post_search_tags (tag, key) select new.tag, key from post_search_keys where post_id = new.post_id;
    end`.execute(db);
  await sql`create trigger post_hashtags_search_delete after delete on post_hashtags begin
      delete from post_search_tags where tag = old.tag and key = (select key from post_search_keys where post_id = old.post_id);
    end`.execute(db);

  // Posts stored before this migration.
  await sql`insert into post_search_keys (key, post_id)
    select ${clamp('created_at')} * ${scale} + row_number() over (partition by ${clamp('created_at')} order by id) - 1, id from posts`.execute(db);
  await sql`insert into posts_fts (posts_fts) values ('rebuild')`.execute(db);
  await sql`insert into post_search_tags (tag, key) select h.tag, k.key from post_hashtags h join post_search_keys k on k.post_id = h.post_id`.execute(db);
}
