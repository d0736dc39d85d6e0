import type { Network } from '../../../db/schema.ts';
import type { ImportedPost, RecordResult } from '../imported-post.ts';
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
      case 'delete':
        this.deletes.push({ network: result.network, sourceId: result.sourceId });
        break;
      case 'author':
        // Not a post (counted as skipped), but what it says of the account is stored with the batch.
        this.posts.addAuthor(result.author);
        this.skipped += 1;
        break;
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
  if (!Number.isFinite(post.createdAt)) return `post ${post.sourceId}: no valid date`;
  if (typeof post.author?.handle !== 'string' || post.author.handle.trim() === '') return `post ${post.sourceId}: no author handle`;
  if (typeof post.text !== 'string') return `post ${post.sourceId}: no text`;
  return null;
}
