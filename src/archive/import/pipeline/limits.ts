/**
 * The sizes that bound an import's memory, whatever the size of the file:
 * chunks in flight, posts per transaction, rejections kept.
 */

/** What format detection sees of a file. */
export const HEAD_BYTES = 64 * 1024;

/** JSONL is read and parsed in chunks of about this size (whole lines; ~1,000 tweets). */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * JSON documents parsed whole (those not read element by element, see
 * STREAM_DOCUMENTS_FROM_BYTES): refuse bigger ones rather than run out of
 * memory. The same cap applies to one line of a JSONL file, which
 * may be such a document written on one line.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/**
 * From this size, a document whose format says where its records are
 * (ImportFormat.streamed: X archives, Mastodon outboxes, v1.1 arrays) is
 * read element by element instead (json-document.ts): parsed whole, a
 * document takes four to five times its size in memory.
 */
export const STREAM_DOCUMENTS_FROM_BYTES = 16 * 1024 * 1024;

/**
 * The longest record of a document read element by element; a longer one
 * is rejected, not held. A tweet or an activity is a few KB; the bound
 * keeps the worker's bounded heap (worker-pool.ts) clear of running out.
 */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * The longest CSV record read (csv-parse counts its characters). A TAGS row is at most 18
 * cells of 50,000 characters (Google Sheets' cap); a quote left open would
 * otherwise make the rest of the file one record, held in memory whole.
 * A longer record is rejected (its line named) and reading goes on.
 */
export const MAX_CSV_RECORD_CHARS = 4 * 1024 * 1024;

/** Posts per parsed piece of a JSON document or CSV file (a JSONL chunk holds ~1,000 tweets). */
export const BATCH_POSTS = 1000;

/**
 * Pieces are stored a few at a time, in one transaction of about this many
 * posts: every commit flushes the full-text index, which costs less per
 * post in bigger commits, while a killed import still loses at most one
 * transaction's worth, to be redone by running it again.
 */
export const TRANSACTION_POSTS = 4000;
export const MAX_PIECES_PER_TRANSACTION = 16;

/** Rejected records stored per import; the count goes on beyond it. */
export const MAX_STORED_REJECTIONS = 100;

/** A rejection reason is cut here: a whole bad line in a message helps nobody. */
export const MAX_REASON_LENGTH = 300;

/** Smaller files are parsed on the writing thread: starting workers costs more than it saves. */
export const INLINE_BELOW_BYTES = 8 * 1024 * 1024;

/**
 * Bulk loading (bulk-load.ts, command line only): for a file of about this
 * many posts or more, when the archive holds fewer. Posts are estimated
 * from the file's size, generously per post (a twarc1 tweet is 3–5 KB), so
 * a file of small records is not taken for a bigger import than it is.
 */
export const BULK_LOAD_MIN_POSTS = 50_000;
export const BULK_LOAD_BYTES_PER_POST = 4096;
