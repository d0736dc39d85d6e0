import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { DatabaseKind } from '../../../db/database.ts';
import type { DB, Network, PostKind } from '../../../db/schema.ts';

/**
 * The statements an import batch runs, many rows each. They are written by
 * hand rather than with the query builder because a million-post import
 * runs thousands of them: building and compiling each through Kysely
 * would cost more than SQLite spends storing the rows. Only placeholders
 * are put into the text, never values, and each statement's text is built
 * once, so the driver reuses its prepared statement.
 *
 * On SQLite the posts of a transaction go in a few big statements, in time
 * order: FTS5 (the search trigger of 0012) writes out what it has gathered
 * whenever a statement starts and whenever a row's key is lower than the
 * last one's, and keys follow time. In file order and 50 rows a statement,
 * that made a segment of a handful of rows dozens of times per
 * transaction, and merging them cost more than all the rest of storing a
 * post. Statements have one size, padded with empty rows that a `where`
 * drops, because compiling a statement of a thousand rows costs ~10 ms and
 * holds ~2 MB.
 */

type Db = Kysely<DB>;

export interface AuthorParams {
  network: Network;
  handle: string;
  displayName: string;
  sourceUserId: string | null;
  followersCount: number | null;
  profileUrl: string | null;
}

export interface PostRow {
  /** Reserved before the insert (reserveIds), so links and hashtags need no round trip. */
  id: number;
  authorId: number;
  text: string;
  kind: PostKind;
  createdAt: number;
  replyToId: number | null;
  quoteOfId: number | null;
  boostOfId: number | null;
  replyToSourceId: string | null;
  quoteOfSourceId: string | null;
  boostOfSourceId: string | null;
  questionNumber: number | null;
  answersQuestion: number | null;
  sourceNetwork: Network;
  sourceId: string;
  sourceUrl: string | null;
  likeCount: number;
  boostCount: number;
  replyCount: number;
}

export interface ArchivedPost {
  id: number;
  chatId: number;
  sourceId: string;
  questionNumber: number | null;
  answersQuestion: number | null;
}

const POST_COLUMNS = 20;
const POST_COLUMN_NAMES = `id, chat_id, author_id, text, kind, created_at, reply_to_id, quote_of_id, boost_of_id,
  reply_to_source_id, quote_of_source_id, boost_of_source_id, question_number, answers_question,
  source_network, source_id, source_url, like_count, boost_count, reply_count`;
/** Rows per statement; SQLite takes at most 32,766 parameters, PostgreSQL 65,535. */
const SQLITE_POSTS_PER_STATEMENT = 1000;
const POSTGRES_POSTS_PER_STATEMENT = 500;
const SQLITE_TAGS_PER_STATEMENT = 2000;
const POSTGRES_TAGS_PER_STATEMENT = 1000;
const AUTHORS_PER_STATEMENT = 100;
const IDS_PER_LOOKUP = 1000;

const UPSERT_BY_HANDLE = `
  on conflict (network, handle) do update set
    display_name = excluded.display_name,
    source_user_id = coalesce(excluded.source_user_id, authors.source_user_id),
    followers_count = coalesce(excluded.followers_count, authors.followers_count),
    profile_url = coalesce(excluded.profile_url, authors.profile_url)
  returning id, network, handle, source_user_id`;

/** Bluesky accounts (migration 0020's unique index): see upsertAuthors. */
export const UPSERT_BY_DID = `
  on conflict (network, source_user_id) where network = 'bluesky' do update set
    handle = case
      when excluded.handle = excluded.source_user_id then authors.handle
      when exists (select 1 from authors other where other.network = 'bluesky' and other.handle = excluded.handle and other.id <> authors.id) then authors.handle
      else excluded.handle end,
    display_name = case
      when excluded.display_name in (excluded.handle, excluded.source_user_id) and authors.display_name not in (authors.handle, authors.source_user_id) then authors.display_name
      else excluded.display_name end,
    followers_count = coalesce(excluded.followers_count, authors.followers_count),
    profile_url = case
      when excluded.handle = excluded.source_user_id then coalesce(authors.profile_url, excluded.profile_url)
      else coalesce(excluded.profile_url, authors.profile_url) end
  returning id, network, handle, source_user_id`;

export class ImportBatchRepository {
  private readonly texts = new Map<string, string>();
  private readonly placeholder: (n: number) => string;

  /** A bulk load's prepared statements, made on first use. */
  private direct: { post: StatementSync; tag: StatementSync } | null = null;

  /**
   * `sqlite`: set during a bulk load (bulk-load.ts), when posts and
   * hashtags go in one prepared statement per row on the raw connection.
   * Without search triggers there is no reason to gather rows into big
   * statements, and binding row by row skips building parameter arrays of
   * 20,000 values (and Kysely) for each.
   */
  constructor(
    private readonly kind: DatabaseKind,
    private readonly sqlite: DatabaseSync | null = null,
  ) {
    this.placeholder = kind === 'postgres' ? (n) => `$${n + 1}` : () => '?';
  }

  private statements(sqlite: DatabaseSync): { post: StatementSync; tag: StatementSync } {
    return (this.direct ??= {
      post: sqlite.prepare(`insert into posts (${POST_COLUMN_NAMES}) values (${Array.from({ length: POST_COLUMNS }, () => '?').join(', ')})`),
      tag: sqlite.prepare('insert into post_hashtags (post_id, tag) values (?, ?) on conflict do nothing'),
    });
  }

  /**
   * Inserts new authors and refreshes known ones (display name, counts);
   * returns every row. By handle, or for Bluesky accounts by DID: then
   * what a file knows only as a stand-in (author-identity.ts: the DID for
   * the handle, the handle or DID for the display name) never replaces
   * what an earlier import knew, and a handle another row holds stays
   * where it is (bluesky-authors.repository.ts moves handles first).
   */
  async upsertAuthors(trx: Db, authors: AuthorParams[], now: number, by: 'handle' | 'did' = 'handle'): Promise<Array<{ id: number; network: Network; handle: string; sourceUserId: string | null }>> {
    const out: Array<{ id: number; network: Network; handle: string; sourceUserId: string | null }> = [];
    for (let i = 0; i < authors.length; i += AUTHORS_PER_STATEMENT) {
      const slice = authors.slice(i, i + AUTHORS_PER_STATEMENT);
      const rows = this.kind === 'sqlite' ? AUTHORS_PER_STATEMENT : slice.length;
      const params: unknown[] = new Array(rows * 7).fill(null);
      let k = 0;
      for (const a of slice) {
        params[k++] = a.network;
        params[k++] = a.handle;
        params[k++] = a.displayName;
        params[k++] = a.sourceUserId;
        params[k++] = a.followersCount;
        params[k++] = a.profileUrl;
        params[k++] = now;
      }
      const insert = 'insert into authors (network, handle, display_name, source_user_id, followers_count, profile_url, created_at)';
      const text = this.rowsStatement(`authors-by-${by}`, insert, rows, 7, by === 'handle' ? UPSERT_BY_HANDLE : UPSERT_BY_DID);
      const { rows: stored } = await trx.executeQuery<{ id: number; network: Network; handle: string; sourceUserId: string | null }>(CompiledQuery.raw(text, params));
      out.push(...stored);
    }
    return out;
  }

  /**
   * `count` new post ids. The caller holds the write lock (SQLite: BEGIN
   * IMMEDIATE), so no other writer can take them before the insert; ids
   * stay above any ever used, as AUTOINCREMENT keeps them.
   */
  async reserveIds(trx: Db, count: number): Promise<number[]> {
    if (count === 0) return [];
    if (this.kind === 'postgres') {
      const { rows } = await trx.executeQuery<{ id: number }>(CompiledQuery.raw(`select nextval(pg_get_serial_sequence('posts', 'id')) as id from generate_series(1, $1)`, [count]));
      return rows.map((row) => Number(row.id));
    }
    const { rows } = await trx.executeQuery<{ last: number }>(
      CompiledQuery.raw(`select max(coalesce((select seq from sqlite_sequence where name = 'posts'), 0), coalesce((select max(id) from posts), 0)) as last`),
    );
    const first = Number(rows[0]!.last) + 1;
    return Array.from({ length: count }, (_, i) => first + i);
  }

  /**
   * Inserts posts with their reserved ids. The caller has made sure none is
   * archived yet (findArchived), so every row goes in. On SQLite they go in
   * time order (see above; rows of the same time keep their order, so
   * search keys follow ids as they would in file order); a reply may then
   * come before the post it answers, which is fine as the writer checks
   * references itself there (see write-transaction.ts). On PostgreSQL they
   * go in the given order, in which every reference points back. Returns
   * the rows in the order stored.
   */
  async insertPosts(trx: Db, chatId: number, posts: PostRow[]): Promise<PostRow[]> {
    if (this.sqlite) {
      const { post } = this.statements(this.sqlite);
      for (const p of posts) {
        post.run(p.id, chatId, p.authorId, p.text, p.kind, p.createdAt, p.replyToId, p.quoteOfId, p.boostOfId, p.replyToSourceId, p.quoteOfSourceId, p.boostOfSourceId,
          p.questionNumber, p.answersQuestion, p.sourceNetwork, p.sourceId, p.sourceUrl, p.likeCount, p.boostCount, p.replyCount);
      }
      return posts;
    }
    const ordered = this.kind === 'sqlite' ? timeOrder(posts) : posts;
    const perStatement = this.kind === 'sqlite' ? SQLITE_POSTS_PER_STATEMENT : POSTGRES_POSTS_PER_STATEMENT;
    for (let i = 0; i < ordered.length; i += perStatement) {
      const end = Math.min(ordered.length, i + perStatement);
      const rows = this.kind === 'sqlite' ? perStatement : end - i;
      const params: unknown[] = new Array(rows * POST_COLUMNS).fill(null);
      let k = 0;
      for (let j = i; j < end; j++) {
        const p = ordered[j]!;
        params[k++] = p.id;
        params[k++] = chatId;
        params[k++] = p.authorId;
        params[k++] = p.text;
        params[k++] = p.kind;
        params[k++] = p.createdAt;
        params[k++] = p.replyToId;
        params[k++] = p.quoteOfId;
        params[k++] = p.boostOfId;
        params[k++] = p.replyToSourceId;
        params[k++] = p.quoteOfSourceId;
        params[k++] = p.boostOfSourceId;
        params[k++] = p.questionNumber;
        params[k++] = p.answersQuestion;
        params[k++] = p.sourceNetwork;
        params[k++] = p.sourceId;
        params[k++] = p.sourceUrl;
        params[k++] = p.likeCount;
        params[k++] = p.boostCount;
        params[k++] = p.replyCount;
      }
      await trx.executeQuery(CompiledQuery.raw(this.rowsStatement('posts', `insert into posts (${POST_COLUMN_NAMES})`, rows, POST_COLUMNS, ''), params));
    }
    return ordered;
  }

  /** Hashtags of new posts, in the order of insertPosts (post_search_tags then grows at its end). */
  async insertHashtags(trx: Db, pairs: Array<[postId: number, tag: string]>): Promise<void> {
    if (this.sqlite) {
      const { tag } = this.statements(this.sqlite);
      for (const [postId, name] of pairs) tag.run(postId, name);
      return;
    }
    const perStatement = this.kind === 'sqlite' ? SQLITE_TAGS_PER_STATEMENT : POSTGRES_TAGS_PER_STATEMENT;
    for (let i = 0; i < pairs.length; i += perStatement) {
      const end = Math.min(pairs.length, i + perStatement);
      const rows = this.kind === 'sqlite' ? perStatement : end - i;
      const params: unknown[] = new Array(rows * 2).fill(null);
      for (let j = i, k = 0; j < end; j++) {
        params[k++] = pairs[j]![0];
        params[k++] = pairs[j]![1];
      }
      await trx.executeQuery(CompiledQuery.raw(this.rowsStatement('tags', 'insert into post_hashtags (post_id, tag)', rows, 2, ' on conflict do nothing'), params));
    }
  }

  /** Posts already archived under these source ids, in any chat (source ids are unique per network). */
  async findArchived(trx: Db, network: Network, sourceIds: string[]): Promise<ArchivedPost[]> {
    const out: ArchivedPost[] = [];
    for (let i = 0; i < sourceIds.length; i += IDS_PER_LOOKUP) {
      const slice = this.idList(sourceIds, i);
      const text = this.text(`find:${slice.length}`, () =>
        `select id, chat_id, source_id, question_number, answers_question from posts where source_network = ${this.placeholder(0)} and source_id in (${this.list(1, slice.length)})`);
      const { rows } = await trx.executeQuery<ArchivedPost>(CompiledQuery.raw(text, [network, ...slice]));
      for (const row of rows) out.push({ id: Number(row.id), chatId: Number(row.chatId), sourceId: row.sourceId, questionNumber: row.questionNumber, answersQuestion: row.answersQuestion });
    }
    return out;
  }

  /** Which of these row ids exist in `table`. */
  async existing(trx: Db, table: 'chats' | 'authors' | 'posts', ids: number[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
      const slice: Array<number | null> = ids.slice(i, i + IDS_PER_LOOKUP);
      if (this.kind === 'sqlite') while (slice.length < IDS_PER_LOOKUP) slice.push(null);
      const text = this.text(`exists:${table}:${slice.length}`, () => `select id from ${table} where id in (${this.list(0, slice.length)})`);
      const { rows } = await trx.executeQuery<{ id: number }>(CompiledQuery.raw(text, slice));
      for (const row of rows) found.add(Number(row.id));
    }
    return found;
  }

  /** Deletions carried by the source (Bluesky, the Twitter stream): the posts leave transcripts. */
  async markDeleted(trx: Db, network: Network, sourceIds: string[], now: number): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < sourceIds.length; i += IDS_PER_LOOKUP) {
      const slice = this.idList(sourceIds, i);
      const text = this.text(`delete:${slice.length}`, () =>
        `update posts set deleted_at = ${this.placeholder(0)} where source_network = ${this.placeholder(1)} and deleted_at is null and source_id in (${this.list(2, slice.length)})`);
      const result = await trx.executeQuery(CompiledQuery.raw(text, [now, network, ...slice]));
      deleted += Number(result.numAffectedRows ?? 0n);
    }
    return deleted;
  }

  /** Up to IDS_PER_LOOKUP ids from `start`; on SQLite padded with NULLs (which match nothing) to one statement shape. */
  private idList(ids: string[], start: number): Array<string | null> {
    const slice: Array<string | null> = ids.slice(start, start + IDS_PER_LOOKUP);
    if (this.kind === 'sqlite') while (slice.length < IDS_PER_LOOKUP) slice.push(null);
    return slice;
  }

  /**
   * `INSERT … VALUES` of `rows` rows. On SQLite the statement always has
   * its full size: unused rows are bound to NULL and dropped by the
   * `where` (the first column is never NULL in a real row).
   */
  private rowsStatement(name: string, insert: string, rows: number, columns: number, tail: string): string {
    return this.text(`${name}:${rows}`, () =>
      this.kind === 'sqlite'
        ? `${insert} select * from (values ${this.values(rows, columns)}) where column1 is not null${tail}`
        : `${insert} values ${this.values(rows, columns)}${tail}`,
    );
  }

  private values(rows: number, columns: number): string {
    return Array.from({ length: rows }, (_, r) => `(${this.list(r * columns, columns)})`).join(', ');
  }

  private list(first: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.placeholder(first + i)).join(', ');
  }

  /**
   * A statement's text, built once per shape. SQLite's statements have one
   * shape each (padded); PostgreSQL's last, shorter ones have their own.
   */
  private text(key: string, build: () => string): string {
    let text = this.texts.get(key);
    if (text === undefined) {
      text = build().replace(/\s+/g, ' ');
      // Keep the common shapes; odd row counts (PostgreSQL only) are rebuilt when met again.
      if (this.texts.size < 64) this.texts.set(key, text);
    }
    return text;
  }
}

/** Rows sorted by time, rows of the same time in their given order. */
function timeOrder(posts: PostRow[]): PostRow[] {
  const order = posts.map((_, i) => i);
  order.sort((a, b) => posts[a]!.createdAt - posts[b]!.createdAt || a - b);
  return order.map((i) => posts[i]!);
}
