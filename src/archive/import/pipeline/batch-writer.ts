import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.ts';
import { notFound } from '../../../errors.ts';
import type { DB, Network } from '../../../db/schema.ts';
import { repointReferences } from './edited-posts.repository.ts';
import { BoundedMap } from './bounded-map.ts';
import type { BulkLoad } from './bulk-load.ts';
import { ImportBatchRepository } from './import-batch.repository.ts';
import { addCounts, zeroCounts, type ImportCounts } from './import-counts.ts';
import { addToImport, insertImport, insertRejections } from './imports.repository.ts';
import { MAX_STORED_REJECTIONS } from './limits.ts';
import type { ParsedPiece, Rejection } from './parsed-piece.ts';
import { keysOf } from './batch-keys.ts';
import { postKey, splitKey, type PostBatch } from './post-batch.ts';
import { authorRowsOf, type KnownAuthor } from './batch-authors.ts';
import { ReplacedVersions } from './replaced-versions.ts';
import { hostMatcher, placeInThread } from './qa-threading.ts';
import { withBusyRetry } from './sqlite-busy.ts';
import { findOwnPermalinks } from './own-permalinks.ts';
import { recordQuestions } from './questions.repository.ts';
import { writeTransaction } from './write-transaction.ts';
import { Pending, Stage, type KnownPost } from './batch-stage.ts';

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
  private readonly authors = new BoundedMap<string, KnownAuthor>(50_000);
  private readonly posts = new BoundedMap<string, KnownPost>(50_000);
  /** Targets looked up and not archived: not looked up again for every reply to them. */
  private readonly missing = new BoundedMap<string, true>(50_000);
  /** Earlier versions of edited posts: read once, then kept up to date. */
  private readonly replaced = new ReplacedVersions();
  private readonly isHost: (network: Network, handle: string) => boolean;
  private importId: number | null = null;
  /** Counted before the first post arrived; stored with the import row once there is one. */
  private readonly early = zeroCounts();
  private readonly earlyRejects: Rejection[] = [];
  private storedRejections = 0;
  /**
   * Posts of the file already archived in another chat, by chat id: a post
   * is archived in one chat, so they count as already archived, and the
   * summary says where they are (importing into the wrong chat, or a second
   * chat's archive overlapping the first, otherwise reads as "imported 0").
   */
  readonly inOtherChats = new Map<number, number>();

  constructor(
    private readonly database: Database,
    private readonly target: ImportTarget,
    private readonly meta: ImportMeta,
    /** Set when the import is one bulk load (bulk-load.ts): every batch runs inside its transaction. */
    private readonly bulk: BulkLoad | null = null,
  ) {
    this.repository = new ImportBatchRepository(database.kind, bulk?.sqlite ?? null);
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
   *
   * The posts are planned first, in file order, as if stored one by one:
   * duplicates, links to posts stored before (earlier in the file, or
   * archived already), their place under a question, and an id reserved
   * for each. Then they are stored in a few big statements (see
   * import-batch.repository.ts for why that matters on SQLite).
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
    const transaction = <T>(body: (trx: Kysely<DB>) => Promise<T>) => (this.bulk ? this.bulk.run(body) : withBusyRetry(this.database, () => writeTransaction(this.database, body)));
    const { stage, stored } = await transaction(async (trx) => {
      const stage = new Stage();
      const stored = { ...counts };
      if (this.importId === null) {
        stage.importId = await insertImport(trx, { chatId: this.target.chatId, ...this.meta });
        addCounts(stored, this.early);
      }
      const importId = stage.importId ?? this.importId!;
      // A bulk load holds the write lock from its first batch to its last: nothing can be removed meanwhile.
      if (this.database.kind === 'sqlite' && !this.bulk) await this.forgetStale(trx, pieces);
      stage.replaced = await this.replaced.begin(trx, pieces);
      await this.lookUp(trx, pieces, stage);
      stage.ids = await this.repository.reserveIds(trx, this.countNew(pieces, stage));
      const pending = new Pending();
      for (const { piece } of pieces) {
        if (piece.posts) await this.planPosts(trx, piece.posts, stored, stage, pending);
        if (piece.deletes.length > 0) {
          // A deletion applies to what came before it in the file, not to a post that comes after.
          await this.store(trx, pending, stored);
          const deleted = await this.applyDeletes(trx, piece, now);
          stored.deleted += deleted;
          // A deletion of a post no archive has (or one taken out already) was read, and is skipped: the counts add up.
          const unmatched = Math.max(0, piece.deletes.filter((d) => !d.replacedBy).length - deleted);
          stored.skipped += unmatched;
          stage.unmatchedDeletes += unmatched;
        }
      }
      await this.store(trx, pending, stored);
      await stage.replaced.record(trx);
      const toStore = [...(stage.importId !== null ? this.earlyRejects : []), ...allRejects].slice(0, Math.max(0, MAX_STORED_REJECTIONS - this.storedRejections));
      await insertRejections(trx, importId, this.meta.fileName, toStore);
      stage.storedRejections = toStore.length;
      await addToImport(trx, importId, stored);
      return { stage, stored };
    });
    // Only now, after the commit, may the caches believe what was written (a bulk load's batches
    // commit together at its end; if that fails, the whole import fails, caches and all).
    if (stage.importId !== null) this.importId = stage.importId;
    this.storedRejections += stage.storedRejections;
    for (const [key, author] of stage.authors) this.authors.set(key, author);
    for (const [key, post] of stage.posts) this.posts.set(key, post);
    for (const key of stage.missing) if (!stage.posts.has(key)) this.missing.set(key, true);
    this.replaced.keep(stage.replaced);
    for (const [chatId, posts] of stage.inOtherChats) this.inOtherChats.set(chatId, (this.inOtherChats.get(chatId) ?? 0) + posts);
    counts.imported = stored.imported;
    counts.skipped += stage.earlierVersions + stage.unmatchedDeletes;
    counts.duplicates = stored.duplicates;
    counts.deleted = stored.deleted;
    return counts;
  }

  /** Stores the posts planned so far, their hashtags and the questions they release. */
  private async store(trx: Kysely<DB>, pending: Pending, counts: ImportCounts): Promise<void> {
    if (pending.rows.length === 0) return;
    const stored = await this.repository.insertPosts(trx, this.target.chatId, pending.rows);
    counts.imported += stored.length;
    const tags: Array<[number, string]> = [];
    for (const row of stored) for (const tag of pending.tags.get(row.id) ?? []) tags.push([row.id, tag]);
    await this.repository.insertHashtags(trx, tags);
    if (pending.questions.length > 0) await recordQuestions(trx, this.target.chatId, pending.questions);
    pending.clear();
    // SQLite statements complete synchronously: without a pause, a transaction would hold the
    // event loop to its end, and parsed chunks (or, in the server, other requests) would wait.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** A post this transaction or an earlier one knows: stored, about to be, or archived in this chat. */
  private known(stage: Stage, key: string): KnownPost | undefined {
    return stage.posts.get(key) ?? this.posts.get(key);
  }

  /** Posts that the transaction will store (the same decisions planPosts takes): how many ids to reserve. */
  private countNew(pieces: Array<{ piece: ParsedPiece }>, stage: Stage): number {
    const seen = new Set<string>();
    for (const { piece } of pieces) {
      const batch = piece.posts;
      if (!batch) continue;
      const keys = keysOf(batch).post;
      for (let i = 0; i < batch.size; i++) {
        const key = keys[i]!;
        if (!this.known(stage, key) && !stage.elsewhere.has(key) && !stage.replaced.has(key)) seen.add(key);
      }
    }
    return seen.size;
  }

  private async planPosts(trx: Kysely<DB>, batch: PostBatch, counts: ImportCounts, stage: Stage, pending: Pending): Promise<void> {
    const { ids: authorIds, handles, stored } = await authorRowsOf(trx, this.repository, batch, (key) => stage.authors.get(key) ?? this.authors.get(key));
    for (const [key, author] of stored) stage.authors.set(key, author);
    // A host listed by handle is known in a file of DIDs once any import has told the handle.
    const hostAuthor = batch.authors.handle.map((handle, a) => this.isHost(batch.authors.network[a]!, handle) || (handles[a] !== undefined && this.isHost(batch.authors.network[a]!, handles[a])));
    const keys = keysOf(batch);
    const target = (key: string | null) => (key ? (this.known(stage, stage.replaced.latestKey(key)) ?? null) : null);
    const targetSourceId = (key: string | null, sourceId: string | null) => (key && sourceId ? stage.replaced.latestSourceId(key, sourceId) : sourceId);

    for (let i = 0; i < batch.size; i++) {
      const network = batch.network[i]!;
      const key = keys.post[i]!;
      const otherChat = stage.elsewhere.get(key);
      if (this.known(stage, key) || otherChat !== undefined) {
        counts.duplicates += 1;
        if (otherChat !== undefined) stage.inOtherChats.set(otherChat, (stage.inOtherChats.get(otherChat) ?? 0) + 1);
        continue;
      }
      if (stage.replaced.has(key)) {
        // An earlier version of a post whose edit has been read: the edit stands for it.
        counts.skipped += 1;
        stage.earlierVersions += 1;
        continue;
      }
      // A target not archived (yet) stays a source id; the link pass after the file looks again.
      const replyTo = target(keys.replyTo[i]!);
      const quoteOf = target(keys.quoteOf[i]!);
      const boostOf = target(keys.boostOf[i]!);
      const kind = batch.kind[i]!;
      const { questionNumber, answersQuestion } = placeInThread(
        { kind, byHost: hostAuthor[batch.author[i]!]!, questionMarker: batch.questionMarker[i]!, answerMarker: batch.answerMarker[i]! },
        replyTo,
        boostOf,
      );
      // countNew decided the same way; a null id would be dropped as padding, so never go past it.
      if (stage.nextId >= stage.ids.length) throw new Error('import: more new posts than ids reserved');
      const id = stage.ids[stage.nextId++]!;
      stage.posts.set(key, { id, questionNumber, answersQuestion });
      const text = batch.text[i]!;
      const createdAt = batch.createdAt[i]!;
      pending.rows.push({
        id,
        authorId: authorIds[batch.author[i]!]!,
        text,
        kind,
        createdAt,
        replyToId: replyTo?.id ?? null,
        quoteOfId: quoteOf?.id ?? null,
        boostOfId: boostOf?.id ?? null,
        replyToSourceId: targetSourceId(keys.replyTo[i]!, batch.replyTo[i] ?? null),
        quoteOfSourceId: targetSourceId(keys.quoteOf[i]!, batch.quoteOf[i] ?? null),
        boostOfSourceId: targetSourceId(keys.boostOf[i]!, batch.boostOf[i] ?? null),
        questionNumber,
        answersQuestion,
        sourceNetwork: network,
        sourceId: batch.sourceId[i]!,
        sourceUrl: batch.sourceUrl[i] ?? null,
        likeCount: batch.likes[i]!,
        boostCount: batch.boosts[i]!,
        replyCount: batch.replies[i]!,
      });
      if (batch.tagStart[i + 1]! > batch.tagStart[i]!) pending.tags.set(id, batch.tags.slice(batch.tagStart[i]!, batch.tagStart[i + 1]!));
      if (questionNumber !== null) pending.questions.push({ number: questionNumber, postId: id, releasedAt: createdAt, text });
    }
  }

  /**
   * SQLite does not check this transaction's references (write-transaction.ts):
   * what the writer takes from memory — the chat, authors and posts stored
   * by earlier transactions — is checked here, in the transaction, as
   * SQLite would have. Authors or posts gone since (removed on request,
   * by another connection) are forgotten, to be looked up or stored again;
   * a chat gone ends the import. Everything else the transaction refers
   * to, it has just read or written itself.
   */
  private async forgetStale(trx: Kysely<DB>, pieces: Array<{ piece: ParsedPiece }>): Promise<void> {
    if (!(await this.repository.existing(trx, 'chats', [this.target.chatId])).has(this.target.chatId)) throw notFound('The chat being imported into');
    const authors = new Map<number, string[]>();
    const posts = new Map<number, string[]>();
    const remember = (into: Map<number, string[]>, id: number, key: string) => {
      const keys = into.get(id);
      if (keys) keys.push(key);
      else into.set(id, [key]);
    };
    for (const { piece } of pieces) {
      const batch = piece.posts;
      if (!batch) continue;
      const keys = keysOf(batch);
      for (let a = 0; a < batch.authors.size; a++) {
        const key = keys.author[a]!;
        const cached = this.authors.get(key);
        if (cached) remember(authors, cached.id, key);
      }
      for (let i = 0; i < batch.size; i++) {
        for (const key of [keys.replyTo[i], keys.quoteOf[i], keys.boostOf[i]]) {
          if (!key) continue;
          const cached = this.posts.get(key);
          if (cached) remember(posts, cached.id, key);
        }
      }
    }
    for (const [table, ids, cache] of [['authors', authors, this.authors], ['posts', posts, this.posts]] as const) {
      if (ids.size === 0) continue;
      const alive = await this.repository.existing(trx, table, [...ids.keys()]);
      for (const [id, keys] of ids) if (!alive.has(id)) for (const key of keys) cache.delete(key);
    }
  }

  /**
   * One query per transaction for what memory cannot tell: whether its
   * posts are archived already (in this chat or another: source ids are
   * unique), and where the posts they refer to are. Targets in this chat
   * can be linked; posts found anywhere are duplicates.
   */
  private async lookUp(trx: Kysely<DB>, pieces: Array<{ piece: ParsedPiece }>, stage: Stage): Promise<void> {
    // Source id → key, by network.
    const wanted = new Map<Network, Map<string, string>>();
    // Posts to store are always looked up (another import may have stored one since); targets once.
    const want = (network: Network, sourceId: string, key: string, target: boolean) => {
      if (this.posts.has(key) || (target && this.missing.has(key))) return;
      let ids = wanted.get(network);
      if (!ids) wanted.set(network, (ids = new Map<string, string>()));
      ids.set(sourceId, key);
    };
    for (const { piece } of pieces) {
      const batch = piece.posts;
      if (!batch) continue;
      const keys = keysOf(batch);
      /** A target: the latest version when it names an earlier one. */
      const wantTarget = (network: Network, sourceId: string, key: string) => {
        const latest = stage.replaced.latestKey(key);
        want(network, latest === key ? sourceId : splitKey(latest).sourceId, latest, true);
      };
      for (let i = 0; i < batch.size; i++) {
        const network = batch.network[i]!;
        want(network, batch.sourceId[i]!, keys.post[i]!, false);
        if (keys.replyTo[i]) wantTarget(network, batch.replyTo[i]!, keys.replyTo[i]!);
        if (keys.quoteOf[i]) wantTarget(network, batch.quoteOf[i]!, keys.quoteOf[i]!);
        if (keys.boostOf[i]) wantTarget(network, batch.boostOf[i]!, keys.boostOf[i]!);
      }
    }
    for (const [network, ids] of wanted) {
      const found = await this.repository.findArchived(trx, network, [...ids.keys()]);
      for (const post of found) {
        const key = ids.get(post.sourceId) ?? postKey(network, post.sourceId);
        if (post.chatId === this.target.chatId) stage.posts.set(key, { id: post.id, questionNumber: post.questionNumber, answersQuestion: post.answersQuestion });
        else stage.elsewhere.set(key, Number(post.chatId));
      }
      for (const key of ids.values()) if (!stage.posts.has(key) && !stage.elsewhere.has(key)) stage.missing.push(key);
    }
    // Posts of this server named by their permalink (our JSONL): found by number, not by source id.
    const batches = pieces.flatMap(({ piece }) => (piece.posts ? [piece.posts] : []));
    const own = await findOwnPermalinks(trx, batches, (key) => !stage.posts.has(key) && !stage.elsewhere.has(key));
    for (const post of own) {
      if (post.chatId === this.target.chatId) stage.posts.set(post.key, { id: post.id, questionNumber: post.questionNumber, answersQuestion: post.answersQuestion });
      else stage.elsewhere.set(post.key, post.chatId);
    }
    if (own.length > 0) {
      const recognised = new Set(own.map((post) => post.key));
      stage.missing = stage.missing.filter((key) => !recognised.has(key));
    }
  }

  private async applyDeletes(trx: Kysely<DB>, piece: ParsedPiece, now: number): Promise<number> {
    let deleted = 0;
    const byNetwork = new Map<Network, string[]>();
    for (const d of piece.deletes) byNetwork.set(d.network, [...(byNetwork.get(d.network) ?? []), d.sourceId]);
    for (const [network, ids] of byNetwork) deleted += await this.repository.markDeleted(trx, network, ids, now);
    // Replies, quotes and boosts of an earlier version of an edited post now refer to its latest (rare: a few per chat).
    for (const d of piece.deletes) if (d.replacedBy) await repointReferences(trx, d.network, d.sourceId, d.replacedBy);
    return deleted;
  }
}
