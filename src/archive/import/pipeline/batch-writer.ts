import type { Transaction } from 'kysely';
import type { Database } from '../../../db/database.ts';
import type { DB, Network } from '../../../db/schema.ts';
import { BoundedMap } from './bounded-map.ts';
import { ImportBatchRepository, POSTS_PER_STATEMENT, type PostParams } from './import-batch.repository.ts';
import { addCounts, zeroCounts, type ImportCounts } from './import-counts.ts';
import { addToImport, insertImport, insertRejections } from './imports.repository.ts';
import { MAX_STORED_REJECTIONS } from './limits.ts';
import type { ParsedPiece, Rejection } from './parsed-piece.ts';
import { authorKey, postKey, type PostBatch } from './post-batch.ts';
import { hostMatcher, placeInThread } from './qa-threading.ts';
import { withBusyRetry } from './sqlite-busy.ts';
import { recordQuestions, type ReleasedQuestion } from './questions.repository.ts';

export interface ImportTarget {
  chatId: number;
  /** The chat's hosts as listed (`dana`, `@dana`, `@dana@museum.social`): their `Q1 …` posts are its questions. */
  hostHandles: string[];
}

export interface ImportMeta {
  fileName: string;
  format: string;
  userId: number | null;
  via: 'cli' | 'web';
  startedAt: number;
}

/** What the writer remembers of an archived post: enough to link to it and thread under it. */
interface KnownPost {
  id: number;
  questionNumber: number | null;
  answersQuestion: number | null;
}

/**
 * Stores pieces of one file, each in one transaction: authors, posts,
 * hashtags, questions, deletions, the import's counters and its first
 * rejections commit together or not at all, so a run killed at any moment
 * leaves whole batches, and running the file again adds exactly what is
 * missing (posts are unique by network and source id).
 *
 * Nothing is published to the live room: an import is history, and a
 * million `post.created` events would flood every viewer.
 */
export class BatchWriter {
  private readonly repository: ImportBatchRepository;
  private readonly authors = new BoundedMap<string, { id: number; displayName: string }>(50_000);
  private readonly posts = new BoundedMap<string, KnownPost>(50_000);
  /** Targets looked up and not archived: not looked up again for every reply to them. */
  private readonly missing = new BoundedMap<string, true>(50_000);
  private readonly isHost: (network: Network, handle: string) => boolean;
  private importId: number | null = null;
  /** Counted before the first post arrived; stored with the import row once there is one. */
  private readonly early = zeroCounts();
  private readonly earlyRejects: Rejection[] = [];
  private storedRejections = 0;

  constructor(
    private readonly database: Database,
    private readonly target: ImportTarget,
    private readonly meta: ImportMeta,
  ) {
    this.repository = new ImportBatchRepository(database.kind);
    this.isHost = hostMatcher(target.hostHandles);
  }

  /** The import row, once something has been stored. */
  get id(): number | null {
    return this.importId;
  }

  /**
   * Stores pieces in one transaction. Several pieces per transaction (a few
   * thousand posts) make each commit, and the search index's share of it,
   * count for more posts.
   */
  async write(pieces: Array<{ piece: ParsedPiece; rejects: Rejection[] }>, now = Date.now()): Promise<ImportCounts> {
    const counts = zeroCounts();
    for (const { piece, rejects } of pieces) addCounts(counts, { ...zeroCounts(), read: piece.records, rejected: rejects.length, skipped: piece.skipped });
    const allRejects = pieces.flatMap((p) => p.rejects);
    if (this.importId === null && pieces.every(({ piece }) => !piece.posts && piece.deletes.length === 0)) {
      // Nothing to store yet: a file of garbage must not leave an import row behind.
      addCounts(this.early, counts);
      this.earlyRejects.push(...allRejects.slice(0, MAX_STORED_REJECTIONS - this.earlyRejects.length));
      return counts;
    }
    const { stage, stored } = await withBusyRetry(this.database, () =>
      this.database.db.transaction().execute(async (trx) => {
        const stage = new Stage();
        const stored = { ...counts };
        if (this.importId === null) {
          stage.importId = await insertImport(trx, { chatId: this.target.chatId, ...this.meta });
          addCounts(stored, this.early);
        }
        const importId = stage.importId ?? this.importId!;
        for (const { piece } of pieces) {
          if (piece.posts) await this.writePosts(trx, piece.posts, stored, stage);
          stored.deleted += await this.applyDeletes(trx, piece, now);
        }
        const toStore = [...(stage.importId !== null ? this.earlyRejects : []), ...allRejects].slice(0, Math.max(0, MAX_STORED_REJECTIONS - this.storedRejections));
        await insertRejections(trx, importId, this.meta.fileName, toStore);
        stage.storedRejections = toStore.length;
        await addToImport(trx, importId, stored);
        return { stage, stored };
      }),
    );
    // Only now, after the commit, may the caches believe what was written.
    if (stage.importId !== null) this.importId = stage.importId;
    this.storedRejections += stage.storedRejections;
    for (const [key, author] of stage.authors) this.authors.set(key, author);
    for (const [key, post] of stage.posts) this.posts.set(key, post);
    for (const key of stage.missing) if (!stage.posts.has(key)) this.missing.set(key, true);
    counts.imported = stored.imported;
    counts.duplicates = stored.duplicates;
    counts.deleted = stored.deleted;
    return counts;
  }

  private async writePosts(trx: Transaction<DB>, batch: PostBatch, counts: ImportCounts, stage: Stage): Promise<void> {
    const authorIds = await this.authorIds(trx, batch, stage);
    const hostAuthor = batch.authors.handle.map((handle, a) => this.isHost(batch.authors.network[a]!, handle));
    const known = (key: string) => stage.posts.get(key) ?? this.posts.get(key);
    await this.lookUpTargets(trx, batch, stage, known);

    let run: PostParams[] = [];
    let runIndex: number[] = [];
    let runKeys = new Map<string, KnownPost>();
    const questions: ReleasedQuestion[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const inserted = await this.repository.insertPosts(trx, this.target.chatId, run);
      const tags: Array<[number, string]> = [];
      const byId = new Map(inserted.map((row) => [row.sourceId, row.id]));
      for (let r = 0; r < run.length; r++) {
        const post = run[r]!;
        const id = byId.get(post.sourceId);
        if (id === undefined) continue;
        const key = postKey(post.sourceNetwork, post.sourceId);
        const info = runKeys.get(key)!;
        info.id = id;
        stage.posts.set(key, info);
        const i = runIndex[r]!;
        for (let t = batch.tagStart[i]!; t < batch.tagStart[i + 1]!; t++) tags.push([id, batch.tags[t]!]);
        if (post.questionNumber !== null) questions.push({ number: post.questionNumber, postId: id, releasedAt: post.createdAt, text: post.text });
      }
      counts.imported += inserted.length;
      counts.duplicates += run.length - inserted.length;
      await this.repository.insertHashtags(trx, tags);
      run = [];
      runIndex = [];
      runKeys = new Map();
      // SQLite statements complete synchronously: without a pause, a transaction would hold the
      // event loop to its end, and parsed chunks (or, in the server, other requests) would wait.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };

    for (let i = 0; i < batch.size; i++) {
      const network = batch.network[i]!;
      const key = postKey(network, batch.sourceId[i]!);
      if (known(key) || runKeys.has(key)) {
        counts.duplicates += 1;
        continue;
      }
      // A target earlier in this same run has no id yet: store the run first.
      const refs = [batch.replyTo[i], batch.quoteOf[i], batch.boostOf[i]];
      if (refs.some((ref) => ref && runKeys.has(postKey(network, ref)))) await flush();
      // A target not archived (yet) stays a source id; the link pass after the file looks again.
      const [replyTo, quoteOf, boostOf] = refs.map((ref) => (ref ? (known(postKey(network, ref)) ?? null) : null));

      const kind = batch.kind[i]!;
      const { questionNumber, answersQuestion } = placeInThread(
        { kind, byHost: hostAuthor[batch.author[i]!]!, questionMarker: batch.questionMarker[i]!, answerMarker: batch.answerMarker[i]! },
        replyTo ?? null,
        boostOf ?? null,
      );

      run.push({
        authorId: authorIds[batch.author[i]!]!,
        text: batch.text[i]!,
        kind,
        createdAt: batch.createdAt[i]!,
        replyToId: replyTo?.id ?? null,
        quoteOfId: quoteOf?.id ?? null,
        boostOfId: boostOf?.id ?? null,
        replyToSourceId: batch.replyTo[i] ?? null,
        quoteOfSourceId: batch.quoteOf[i] ?? null,
        boostOfSourceId: batch.boostOf[i] ?? null,
        questionNumber,
        answersQuestion,
        sourceNetwork: network,
        sourceId: batch.sourceId[i]!,
        sourceUrl: batch.sourceUrl[i] ?? null,
        likeCount: batch.likes[i]!,
        boostCount: batch.boosts[i]!,
        replyCount: batch.replies[i]!,
      });
      runIndex.push(i);
      runKeys.set(key, { id: 0, questionNumber, answersQuestion });
      if (run.length >= POSTS_PER_STATEMENT) await flush();
    }
    await flush();
    if (questions.length > 0) await recordQuestions(trx, this.target.chatId, questions);
  }

  /** Author ids for the batch: new or changed authors are upserted, the rest come from memory. */
  private async authorIds(trx: Transaction<DB>, batch: PostBatch, stage: Stage): Promise<number[]> {
    const { authors } = batch;
    const ids: number[] = new Array(authors.size);
    const toUpsert: number[] = [];
    for (let a = 0; a < authors.size; a++) {
      const key = authorKey(authors.network[a]!, authors.handle[a]!);
      const cached = stage.authors.get(key) ?? this.authors.get(key);
      if (cached && cached.displayName === authors.displayName[a]) ids[a] = cached.id;
      else toUpsert.push(a);
    }
    if (toUpsert.length === 0) return ids;
    const rows = await this.repository.upsertAuthors(
      trx,
      toUpsert.map((a) => ({
        network: authors.network[a]!,
        handle: authors.handle[a]!,
        displayName: authors.displayName[a]!,
        sourceUserId: authors.sourceUserId[a] ?? null,
        followersCount: authors.followers[a]! >= 0 ? authors.followers[a]! : null,
        profileUrl: authors.profileUrl[a] ?? null,
      })),
      Date.now(),
    );
    const byKey = new Map(rows.map((row) => [authorKey(row.network, row.handle), Number(row.id)]));
    for (const a of toUpsert) {
      const key = authorKey(authors.network[a]!, authors.handle[a]!);
      ids[a] = byKey.get(key)!;
      stage.authors.set(key, { id: ids[a]!, displayName: authors.displayName[a]! });
    }
    return ids;
  }

  /**
   * One query per batch for the targets this writer has not seen: posts of
   * earlier imports, or ones it has forgotten. Targets inside the batch are
   * handled as the batch is stored.
   */
  private async lookUpTargets(trx: Transaction<DB>, batch: PostBatch, stage: Stage, known: (key: string) => KnownPost | undefined): Promise<void> {
    const inBatch = new Set<string>();
    for (let i = 0; i < batch.size; i++) inBatch.add(postKey(batch.network[i]!, batch.sourceId[i]!));
    const wanted = new Map<Network, Set<string>>();
    for (let i = 0; i < batch.size; i++) {
      for (const ref of [batch.replyTo[i], batch.quoteOf[i], batch.boostOf[i]]) {
        if (!ref) continue;
        const key = postKey(batch.network[i]!, ref);
        if (inBatch.has(key) || known(key) || this.missing.has(key)) continue;
        const set = wanted.get(batch.network[i]!) ?? new Set<string>();
        set.add(ref);
        wanted.set(batch.network[i]!, set);
      }
    }
    for (const [network, ids] of wanted) {
      const found = await this.repository.findPosts(trx, this.target.chatId, network, [...ids]);
      for (const post of found) stage.posts.set(postKey(network, post.sourceId), { id: post.id, questionNumber: post.questionNumber, answersQuestion: post.answersQuestion });
      for (const id of ids) if (!stage.posts.has(postKey(network, id))) stage.missing.push(postKey(network, id));
    }
  }

  private async applyDeletes(trx: Transaction<DB>, piece: ParsedPiece, now: number): Promise<number> {
    let deleted = 0;
    const byNetwork = new Map<Network, string[]>();
    for (const d of piece.deletes) byNetwork.set(d.network, [...(byNetwork.get(d.network) ?? []), d.sourceId]);
    for (const [network, ids] of byNetwork) deleted += await this.repository.markDeleted(trx, network, ids, now);
    return deleted;
  }
}

/** What a transaction learned, kept aside until it commits. */
class Stage {
  importId: number | null = null;
  storedRejections = 0;
  readonly authors = new Map<string, { id: number; displayName: string }>();
  readonly posts = new Map<string, KnownPost>();
  readonly missing: string[] = [];
}
