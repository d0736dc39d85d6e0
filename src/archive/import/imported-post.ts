import type { Network, PostKind } from '../../db/schema.ts';

/**
 * The common shape every import format is converted to before it touches
 * the database. Format parsers (src/archive/import/formats/*) produce it;
 * the import pipeline (src/archive/import/pipeline/*) stores it. Ids stay
 * strings end to end: tweet ids exceed 2^53.
 */
export interface ImportedAuthor {
  network: Network;
  /** As shown on that network, without '@' (Mastodon: user@server; Bluesky: the handle or the DID when no handle is known). */
  handle: string;
  displayName: string;
  sourceUserId: string | null;
  followersCount: number | null;
  profileUrl: string | null;
}

export interface ImportedPost {
  network: Network;
  /** Unique per network: tweet id_str, Mastodon status `uri` (ids are per server), Bluesky at:// URI. */
  sourceId: string;
  sourceUrl: string | null;
  author: ImportedAuthor;
  /** Plain text: full text (not truncated), HTML entities decoded, t.co links expanded, Mastodon HTML converted to text. */
  text: string;
  /** Epoch milliseconds, UTC. */
  createdAt: number;
  kind: PostKind;
  replyToSourceId: string | null;
  quoteOfSourceId: string | null;
  boostOfSourceId: string | null;
  /** Lower-case, without '#'. */
  hashtags: string[];
  /** Handles mentioned, without '@'. */
  mentions: string[];
  /** Expanded link URLs. */
  urls: string[];
  counts: { likes: number; boosts: number; replies: number };
  language: string | null;
  /**
   * Earlier versions of this post on its network, when it is an edit (X
   * keeps each version as a post of its own): once this one is read, they
   * are taken out of the archive like deleted posts.
   */
  replaces?: string[];
  /**
   * The latest version's source id, when this post is an earlier version
   * of an edited post read after the edit: it is not archived (and taken
   * out if it was), and what answers it answers the latest.
   */
  supersededBy?: string;
}

/** What one record (a line, an array element, a CSV row) of a source file yields. */
export type RecordResult =
  | { kind: 'posts'; posts: ImportedPost[] }
  /** A deletion in the source (Bluesky Jetstream `delete`, Twitter `delete` notices). */
  | { kind: 'delete'; network: Network; sourceId: string }
  /**
   * What the source says of an account, without a post (a Bluesky profile
   * record or Jetstream identity event): its handle or display name. A
   * field it does not know holds a stand-in (author-identity.ts).
   */
  | { kind: 'author'; author: ImportedAuthor }
  /** Not a post and not an error (stream keep-alives, account status, …). */
  | { kind: 'skip'; reason: string }
  /** The file's own header (our JSONL's chat line): not one of its records, so not counted at all. */
  | { kind: 'header' }
  /** Malformed: counted as rejected with this reason; the import goes on. */
  | { kind: 'reject'; reason: string };

export type ImportFormatName = 'twitter-v1' | 'twarc2' | 'x-archive' | 'tags' | 'mastodon' | 'mastodon-outbox' | 'jetstream' | 'bluesky' | 'jsonl';

/**
 * How a format's files are framed: `jsonl` = one JSON value per line;
 * `json` = one JSON document (or `window.YTD… = [...]`), split into records
 * by `records()`; `csv` = rows with a header, each row a record object.
 */
export interface ImportFormat {
  name: ImportFormatName;
  framing: 'jsonl' | 'json' | 'csv';
  /** Does the start of the file (first ~64 KB, as text) look like this format? */
  detect(head: string, fileName: string): boolean;
  /** For `json` framing: the document (already parsed) to its records, with `includes` etc. joined in. */
  records?(document: unknown): unknown[];
  /**
   * For `json` framing: how a big document is read without holding it
   * whole (json-document.ts), when its records are the elements of one
   * array. Without it, the document is parsed whole (up to MAX_DOCUMENT_BYTES).
   */
  streamed?: StreamedDocument;
  /** One record to posts. Must never throw: malformed input returns `reject`. */
  parseRecord(record: unknown): RecordResult;
}

/** A document read element by element (see ImportFormat.streamed, json-array-stream.ts). */
export interface StreamedDocument {
  /** The records array: the root array, or the first member of the root object with one of these names that is an array. */
  arrayKeys: readonly string[];
  /**
   * What records learn from each other (an X archive's owner and edits),
   * for a first pass to gather: then each element becomes its record as
   * `records` would have made it. Without it, each element is its record.
   * Given a snapshot (DocumentIndex.snapshot, from another thread), the
   * index as it was then.
   */
  index?(snapshot?: unknown): DocumentIndex;
}

export interface DocumentIndex {
  /** First pass: whether an element, by its raw bytes, can tell the index anything (the others are not even parsed). */
  wants?(raw: Buffer): boolean;
  /** First pass: every element it wants, in order. */
  see(element: unknown): void;
  /** Second pass: the record an element stands for. */
  record(element: unknown): unknown;
  /** What the first pass gathered, as plain data a worker thread can be given. */
  snapshot(): unknown;
  /** Called by whoever made the index for a first pass, once the document is read: what it keeps outside memory goes. */
  close?(): void;
}

/** A document format framed as JSON lines instead: the same parser, a record per line (lines are never read element by element). */
export function linesOf(format: ImportFormat): ImportFormat {
  const { streamed: _streamed, ...parser } = format;
  return { ...parser, framing: 'jsonl' };
}
