import { CompiledQuery, type Transaction } from 'kysely';
import type { DatabaseKind } from '../../../db/database.ts';
import type { DB, Network, PostKind } from '../../../db/schema.ts';

/**
 * The statements an import batch runs, many rows each. They are written by
 * hand rather than with the query builder because a million-post import
 * runs thousands of them: building and compiling each through Kysely
 * would cost more than SQLite spends storing the rows. Only placeholders
 * are put into the text, never values, and the text for each row count is
 * built once, so the driver reuses its prepared statement. The SQL is the
 * same on SQLite and PostgreSQL except for the placeholder style.
 */

export interface AuthorParams {
  network: Network;
  handle: string;
  displayName: string;
  sourceUserId: string | null;
  followersCount: number | null;
  profileUrl: string | null;
}

export interface PostParams {
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
  sourceId: string;
  questionNumber: number | null;
  answersQuestion: number | null;
}

const POST_COLUMNS = 19;
/** Rows per statement: under SQLite's and PostgreSQL's parameter limits, big enough to amortize each call. */
export const POSTS_PER_STATEMENT = 50;
const AUTHORS_PER_STATEMENT = 100;
const TAGS_PER_STATEMENT = 250;
const IDS_PER_LOOKUP = 500;

type Trx = Transaction<DB>;

export class ImportBatchRepository {
  private readonly texts = new Map<string, string>();

  constructor(private readonly kind: DatabaseKind) {}

  /** Inserts new authors and refreshes known ones (display name, counts); returns every row's id. */
  async upsertAuthors(trx: Trx, authors: AuthorParams[], now: number): Promise<Array<{ id: number; network: Network; handle: string }>> {
    const out: Array<{ id: number; network: Network; handle: string }> = [];
    for (let i = 0; i < authors.length; i += AUTHORS_PER_STATEMENT) {
      const slice = authors.slice(i, i + AUTHORS_PER_STATEMENT);
      const params: unknown[] = [];
      for (const a of slice) params.push(a.network, a.handle, a.displayName, a.sourceUserId, a.followersCount, a.profileUrl, now);
      const text = this.text('authors', slice.length, (values) =>
        `insert into authors (network, handle, display_name, source_user_id, followers_count, profile_url, created_at) values ${values(7)}
         on conflict (network, handle) do update set
           display_name = excluded.display_name,
           source_user_id = coalesce(excluded.source_user_id, authors.source_user_id),
           followers_count = coalesce(excluded.followers_count, authors.followers_count),
           profile_url = coalesce(excluded.profile_url, authors.profile_url)
         returning id, network, handle`);
      const { rows } = await trx.executeQuery<{ id: number; network: Network; handle: string }>(CompiledQuery.raw(text, params));
      out.push(...rows);
    }
    return out;
  }

  /**
   * Inserts posts into a chat; a post already archived (same network and
   * source id, in any chat) is left alone. Returns the rows inserted.
   */
  async insertPosts(trx: Trx, chatId: number, posts: PostParams[]): Promise<Array<{ id: number; sourceId: string }>> {
    const out: Array<{ id: number; sourceId: string }> = [];
    for (let i = 0; i < posts.length; i += POSTS_PER_STATEMENT) {
      const end = Math.min(posts.length, i + POSTS_PER_STATEMENT);
      const params: unknown[] = new Array((end - i) * POST_COLUMNS);
      let k = 0;
      for (let j = i; j < end; j++) {
        const p = posts[j]!;
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
      const text = this.text('posts', end - i, (values) =>
        `insert into posts (chat_id, author_id, text, kind, created_at, reply_to_id, quote_of_id, boost_of_id,
           reply_to_source_id, quote_of_source_id, boost_of_source_id, question_number, answers_question,
           source_network, source_id, source_url, like_count, boost_count, reply_count)
         values ${values(POST_COLUMNS)}
         on conflict (source_network, source_id) do nothing
         returning id, source_id`);
      // Rows come back camel-cased: the CamelCasePlugin transforms every result, hand-written or not.
      const { rows } = await trx.executeQuery<{ id: number; sourceId: string }>(CompiledQuery.raw(text, params));
      for (const row of rows) out.push({ id: Number(row.id), sourceId: row.sourceId });
    }
    return out;
  }

  async insertHashtags(trx: Trx, pairs: Array<[postId: number, tag: string]>): Promise<void> {
    for (let i = 0; i < pairs.length; i += TAGS_PER_STATEMENT) {
      const slice = pairs.slice(i, i + TAGS_PER_STATEMENT);
      const text = this.text('tags', slice.length, (values) => `insert into post_hashtags (post_id, tag) values ${values(2)} on conflict do nothing`);
      await trx.executeQuery(CompiledQuery.raw(text, slice.flat()));
    }
  }

  /** Posts of this chat already archived under these source ids (targets of replies, quotes, boosts). */
  async findPosts(trx: Trx, chatId: number, network: Network, sourceIds: string[]): Promise<ArchivedPost[]> {
    const out: ArchivedPost[] = [];
    for (let i = 0; i < sourceIds.length; i += IDS_PER_LOOKUP) {
      const slice = sourceIds.slice(i, i + IDS_PER_LOOKUP);
      const text = this.text('find', slice.length, (_values, list) =>
        `select id, source_id, question_number, answers_question from posts where chat_id = ${list(0, 1)} and source_network = ${list(1, 1)} and source_id in (${list(2, slice.length)})`);
      const { rows } = await trx.executeQuery<ArchivedPost>(CompiledQuery.raw(text, [chatId, network, ...slice]));
      for (const row of rows) out.push({ id: Number(row.id), sourceId: row.sourceId, questionNumber: row.questionNumber, answersQuestion: row.answersQuestion });
    }
    return out;
  }

  /** Deletions carried by the source (Bluesky, the Twitter stream): the posts leave transcripts. */
  async markDeleted(trx: Trx, network: Network, sourceIds: string[], now: number): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < sourceIds.length; i += IDS_PER_LOOKUP) {
      const slice = sourceIds.slice(i, i + IDS_PER_LOOKUP);
      const text = this.text('delete', slice.length, (_values, list) =>
        `update posts set deleted_at = ${list(0, 1)} where source_network = ${list(1, 1)} and deleted_at is null and source_id in (${list(2, slice.length)})`);
      const result = await trx.executeQuery(CompiledQuery.raw(text, [now, network, ...slice]));
      deleted += Number(result.numAffectedRows ?? 0n);
    }
    return deleted;
  }

  /**
   * The statement text for `rows` rows, built once. `values(columns)` gives
   * the VALUES tuples; `list(first, count)` a run of placeholders starting
   * at parameter `first` (0-based).
   */
  private text(name: string, rows: number, build: (values: (columns: number) => string, list: (first: number, count: number) => string) => string): string {
    const key = `${name}:${rows}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      const placeholder = this.kind === 'postgres' ? (n: number) => `$${n + 1}` : () => '?';
      const list = (first: number, count: number) => Array.from({ length: count }, (_, i) => placeholder(first + i)).join(', ');
      const values = (columns: number) => Array.from({ length: rows }, (_, r) => `(${list(r * columns, columns)})`).join(', ');
      text = build(values, list).replace(/\s+/g, ' ');
      this.texts.set(key, text);
    }
    return text;
  }
}
