import type { KnownAuthor } from './batch-authors.ts';
import type { PostRow } from './import-batch.repository.ts';
import type { ReleasedQuestion } from './questions.repository.ts';
import type { TransactionReplacements } from './replaced-versions.ts';

/** What the batch writer remembers of an archived post: enough to link to it and thread under it. */
export interface KnownPost {
  id: number;
  questionNumber: number | null;
  answersQuestion: number | null;
}

/** What a transaction learned, kept aside until it commits. */
export class Stage {
  importId: number | null = null;
  storedRejections = 0;
  readonly authors = new Map<string, KnownAuthor>();
  /** Posts of this chat: archived before, or stored by this transaction. */
  readonly posts = new Map<string, KnownPost>();
  /** Archived in another chat (its id): not stored again, not linked to. */
  readonly elsewhere = new Map<string, number>();
  /** Posts of the file left out because another chat has them, by that chat's id. */
  readonly inOtherChats = new Map<number, number>();
  /** Looked up and not archived anywhere. */
  missing: string[] = [];
  /** Earlier versions of edited posts, as this transaction sees them (set first thing). */
  replaced!: TransactionReplacements;
  /** Posts left out as earlier versions of an edited post (counted as skipped). */
  earlierVersions = 0;
  /** Deletions read that matched no archived post (counted as skipped). */
  unmatchedDeletes = 0;
  /** Ids reserved for the posts this transaction stores, taken in file order. */
  ids: number[] = [];
  nextId = 0;
}

/** Posts planned and not stored yet, with their hashtags (by post id) and the questions they release. */
export class Pending {
  rows: PostRow[] = [];
  tags = new Map<number, string[]>();
  questions: ReleasedQuestion[] = [];

  clear(): void {
    this.rows = [];
    this.tags = new Map();
    this.questions = [];
  }
}
