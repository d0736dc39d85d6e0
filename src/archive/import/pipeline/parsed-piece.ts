import type { Network } from '../../../db/schema.ts';
import type { ImportedAuthor, ImportedPost, RecordResult } from '../imported-post.ts';
import { MAX_REASON_LENGTH } from './limits.ts';
import { PostBatchBuilder, type PostBatch } from './post-batch.ts';

export interface Rejection {
  /** 1-based line (JSONL, CSV) or record number (JSON documents). */
  line: number;
  reason: string;
}

/**
 * What parsing one piece of a file (a JSONL chunk, a slice of a document's
 * records, a run of CSV rows) yields: one transaction's worth of work for
 * the writer, plus what to count and report.
 */
export interface ParsedPiece {
  /** Records read: lines, array elements, CSV rows. */
  records: number;
  /** JSONL only: lines in the chunk (its rejections are numbered from the chunk's start). */
  lines: number;
  /** Bytes of the file behind this piece, for progress. */
  bytes: number;
  /** Null when the piece has neither posts nor authors. */
  posts: PostBatch | null;
  rejects: Rejection[];
  deletes: Deletion[];
  skipped: number;
  /** The file's own header lines (not records): a file of only a header is a file with no posts, not an unreadable one. */
  headers: number;
}

/**
 * A post the source says is gone: deleted, or replaced by a later version
 * (an edit) whose source id is `replacedBy`. A deletion applies to what
 * came before it in the file; a replacement, wherever the earlier version
 * is (the batch writer remembers it, for later files and imports too).
 */
export interface Deletion {
  network: Network;
  sourceId: string;
  replacedBy?: string;
}

export class PieceBuilder {
  records = 0;
  lines = 0;
  bytes = 0;
  skipped = 0;
  headers = 0;
  readonly rejects: Rejection[] = [];
  readonly deletes: Deletion[] = [];
  private readonly posts = new PostBatchBuilder();

  get postCount(): number {
    return this.posts.size;
  }

  /** One record's outcome. */
  add(result: RecordResult, line: number): void {
    // Read, imported, skipped and rejected add up to the file's records, its header not among them.
    if (result.kind === 'header') {
      this.headers += 1;
      return;
    }
    this.records += 1;
    switch (result.kind) {
      case 'posts': {
        const bad = result.posts.map(problemOf).find((problem) => problem !== null);
        if (bad) this.reject(line, bad);
        else {
          for (const post of result.posts) {
            const latest = post.supersededBy ?? post.sourceId;
            // An edit hides the versions before it, wherever in the file they are, and stored by an earlier import.
            for (const sourceId of post.replaces ?? []) this.deletes.push({ network: post.network, sourceId, replacedBy: latest });
            if (post.supersededBy) {
              // An earlier version read after its edit: not archived (counted as skipped), and hidden if it was.
              this.deletes.push({ network: post.network, sourceId: post.sourceId, replacedBy: latest });
              this.skipped += 1;
            } else this.posts.add(post);
          }
        }
        break;
      }
      case 'delete': {
        const bad = keyProblem(result.sourceId, 'source id');
        if (bad) this.reject(line, `deletion: ${bad}`);
        else this.deletes.push({ network: result.network, sourceId: result.sourceId });
        break;
      }
      case 'author': {
        const bad = accountProblem(result.author);
        if (bad) {
          this.reject(line, bad);
          break;
        }
        // Not a post (counted as skipped), but what it says of the account is stored with the batch.
        this.posts.addAuthor(result.author);
        this.skipped += 1;
        break;
      }
      case 'skip':
        this.skipped += 1;
        break;
      case 'reject':
        this.reject(line, result.reason);
        break;
    }
  }

  /** A record that could not even be read (invalid JSON). */
  unreadable(line: number, reason: string): void {
    this.records += 1;
    this.reject(line, reason);
  }

  build(): ParsedPiece {
    return {
      records: this.records,
      lines: this.lines,
      bytes: this.bytes,
      posts: this.posts.size > 0 || this.posts.authorCount > 0 ? this.posts.build() : null,
      rejects: this.rejects,
      deletes: this.deletes,
      skipped: this.skipped,
      headers: this.headers,
    };
  }

  private reject(line: number, reason: string): void {
    // Reasons quote the input (a JSON error quotes the line) and are stored: PostgreSQL takes no NUL in text.
    if (reason.includes('\u0000')) reason = reason.replaceAll('\u0000', '\\u0000');
    this.rejects.push({ line, reason: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason });
  }
}

/**
 * The parsers promise well-formed posts; a post that would break a
 * database constraint is still turned away here, as a rejected record,
 * instead of failing a whole batch.
 */
function problemOf(post: ImportedPost): string | null {
  if (typeof post.sourceId !== 'string' || post.sourceId === '') return 'post without a source id';
  // Not named by the id that is the problem.
  const id = keyProblem(post.sourceId, 'source id');
  if (id) return `post: ${id}`;
  if (!Number.isFinite(post.createdAt)) return `post ${post.sourceId}: no valid date`;
  if (typeof post.author?.handle !== 'string' || post.author.handle.trim() === '') return `post ${post.sourceId}: no author handle`;
  if (typeof post.text !== 'string') return `post ${post.sourceId}: no text`;
  if (post.text.length > MAX_TEXT_BYTES / 3 && Buffer.byteLength(post.text) > MAX_TEXT_BYTES) return `post ${post.sourceId}: the text is longer than ${MAX_TEXT_BYTES / 1024} KB`;
  const problem =
    keyProblem(post.author.handle, 'author handle') ??
    keyProblem(post.author.sourceUserId, 'author source user id') ??
    keyProblem(post.replyToSourceId, 'reply-to id') ??
    keyProblem(post.quoteOfSourceId, 'quoted id') ??
    keyProblem(post.boostOfSourceId, 'boosted id') ??
    keyProblem(post.supersededBy, 'id of its latest version') ??
    keysProblem(post.replaces, 'id of an earlier version') ??
    keysProblem(post.hashtags, 'hashtag');
  return problem && `post ${post.sourceId}: ${problem}`;
}

/**
 * No network's posts come near this (X's longest, 25,000 characters, are
 * ~100 KB at worst), while PostgreSQL's search entry of a text has a 1 MB
 * limit, and a text past it failed the whole import there: such a record
 * is rejected on both databases.
 */
const MAX_TEXT_BYTES = 256 * 1024;

/** An account record (`{ kind: 'author' }`): its keys as a post's author's. */
function accountProblem(author: ImportedAuthor): string | null {
  const id = keyProblem(author.sourceUserId, 'source user id');
  if (id) return `account: ${id}`;
  const handle = typeof author.handle === 'string' ? keyProblem(author.handle, 'handle') : 'no handle';
  return handle && `account${author.sourceUserId ? ` ${author.sourceUserId}` : ''}: ${handle}`;
}

/**
 * Ids (source ids, the ids a post refers to, an author's source user id),
 * handles and hashtags are keys: of unique and b-tree indexes, of links
 * between posts, and of the import's own maps (`network\0sourceId`,
 * post-batch.ts). A NUL (U+0000) in one is not dropped as it is from free
 * text (post-batch.ts): `a\0b` would become `ab`, perhaps another post's or
 * account's key. PostgreSQL stores no NUL in text at all (SQLite would):
 * on both, the record is rejected. Mentions, URLs and the language are not
 * stored, so not checked.
 *
 * Keys are bounded too, in UTF-8 bytes as PostgreSQL counts them: a b-tree
 * entry holds at most ~2,700 bytes, and one longer key failed the whole
 * import. Real keys are far shorter: tweet and user ids ≤ 20 digits, a
 * Twitter hashtag ≤ 139 characters (≤ 556 bytes even in 4-byte
 * characters), a Mastodon handle user@domain ~300 bytes, Mastodon status
 * and account URIs, Bluesky at:// URIs and DIDs rarely over 200 bytes.
 * 1,024 bytes keeps well clear of both, with room for the index's other
 * columns and for lower-casing (which can lengthen a hashtag or handle).
 */
export const MAX_KEY_BYTES = 1024;

function keyProblem(value: string | null | undefined, field: string): string | null {
  if (typeof value !== 'string') return null;
  if (value.includes('\u0000')) return `the ${field} contains a NUL character`;
  // A UTF-16 unit is at most 3 bytes of UTF-8: a short value (nearly all) is not measured.
  if (value.length > MAX_KEY_BYTES / 3 && Buffer.byteLength(value) > MAX_KEY_BYTES) return `the ${field} is longer than ${MAX_KEY_BYTES} bytes`;
  return null;
}

function keysProblem(values: readonly string[] | undefined, field: string): string | null {
  for (const value of values ?? []) {
    const problem = keyProblem(value, field);
    if (problem) return problem;
  }
  return null;
}
