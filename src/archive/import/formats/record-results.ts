import type { ImportedPost, RecordResult } from '../imported-post.ts';

/**
 * Thrown inside a converter for a record that cannot become a post; the
 * format's `parseRecord` turns it into `reject` with this reason.
 */
export class Malformed extends Error {}

export function malformed(reason: string): never {
  throw new Malformed(reason);
}

export const skip = (reason: string): RecordResult => ({ kind: 'skip', reason });
export const reject = (reason: string): RecordResult => ({ kind: 'reject', reason });
export const posts = (list: ImportedPost[]): RecordResult => ({ kind: 'posts', posts: list });

/**
 * The contract says parseRecord never throws: one bad line must not stop a
 * 2 GB import. Known problems arrive as `Malformed`; anything else (a shape
 * nobody anticipated) is still reported as a rejected record.
 */
export function safely(parse: (record: unknown) => RecordResult): (record: unknown) => RecordResult {
  return (record) => {
    try {
      return parse(record);
    } catch (error) {
      if (error instanceof Malformed) return reject(error.message);
      return reject(`unreadable record (${error instanceof Error ? error.message : String(error)})`);
    }
  };
}

/**
 * One result for a record that held several (a JSON array on one line, a
 * search response, a twarc2 page), each post once. Posts win: the contract
 * cannot return posts and rejects together, so a partly bad record keeps
 * its good posts, and only a record with no post at all is rejected.
 */
export function mergeResults(results: RecordResult[]): RecordResult {
  const all = new PostCollector();
  let firstReject: string | null = null;
  let rejects = 0;
  let onlyDelete: RecordResult | null = null;
  let deletes = 0;
  for (const result of results) {
    // `map` leaves holes of a sparse array unvisited; a hole is no record.
    if (!result) continue;
    if (result.kind === 'posts') for (const post of result.posts) all.add(post);
    else if (result.kind === 'reject') {
      rejects += 1;
      firstReject ??= result.reason;
    } else if (result.kind === 'delete') {
      deletes += 1;
      onlyDelete = result;
    }
  }
  if (all.list.length > 0) return posts(all.list);
  if (firstReject !== null) return reject(rejects > 1 ? `${firstReject} (and ${rejects - 1} more in this record)` : firstReject);
  if (deletes === 1 && onlyDelete) return onlyDelete;
  if (results.length === 0) return skip('empty record');
  return skip(deletes > 1 ? 'several deletions in one record' : 'nothing to import in this record');
}

/**
 * A format's `parseRecord` for records that may hold several (an array on
 * one line, a search response, a page): a record that is just itself is
 * parsed as it is; otherwise each one found in it, merged (mergeResults).
 */
export function eachRecordOf(recordsIn: (record: unknown) => unknown[], parseOne: (record: unknown) => RecordResult): (record: unknown) => RecordResult {
  return (record) => {
    const many = recordsIn(record);
    return many.length === 1 && many[0] === record ? parseOne(record) : mergeResults(many.map(parseOne));
  };
}

/** Posts in the order they were found, each source id once (an RT of a quote carries the quoted tweet twice). */
export class PostCollector {
  readonly list: ImportedPost[] = [];
  private readonly seen = new Set<string>();

  has(sourceId: string): boolean {
    return this.seen.has(sourceId);
  }

  add(post: ImportedPost): void {
    if (this.seen.has(post.sourceId)) return;
    this.seen.add(post.sourceId);
    this.list.push(post);
  }
}
