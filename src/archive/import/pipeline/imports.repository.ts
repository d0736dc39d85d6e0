import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ImportStatus } from '../import.tables.ts';
import type { ImportCounts } from './import-counts.ts';
import type { Rejection } from './parsed-piece.ts';

type Db = Kysely<DB> | Transaction<DB>;


export interface ImportRow extends ImportCounts {
  id: number;
  chatId: number;
  via: 'cli' | 'web';
  fileName: string;
  format: string;
  status: ImportStatus;
  startedAt: number;
  finishedAt: number | null;
  userHandle: string | null;
  /** The background run (upload) the import belongs to, whose page tells its story. */
  runId: number | null;
}

export async function insertImport(trx: Db, row: { chatId: number; userId: number | null; via: 'cli' | 'web'; fileName: string; format: string; startedAt: number }): Promise<number> {
  const { id } = await trx
    .insertInto('imports')
    .values({ ...row, status: 'running', finishedAt: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Adds one batch's numbers, in the batch's own transaction. */
export async function addToImport(trx: Db, importId: number, delta: ImportCounts): Promise<void> {
  await trx
    .updateTable('imports')
    .set((eb) => ({
      readCount: eb('readCount', '+', delta.read),
      importedCount: eb('importedCount', '+', delta.imported),
      duplicateCount: eb('duplicateCount', '+', delta.duplicates),
      rejectedCount: eb('rejectedCount', '+', delta.rejected),
      skippedCount: eb('skippedCount', '+', delta.skipped),
      deletedCount: eb('deletedCount', '+', delta.deleted),
    }))
    .where('id', '=', importId)
    .execute();
}

export async function insertRejections(trx: Db, importId: number, fileName: string, rejects: Rejection[]): Promise<void> {
  if (rejects.length === 0) return;
  await trx
    .insertInto('importRejections')
    .values(rejects.map((r) => ({ importId, fileName, line: r.line, reason: r.reason })))
    .execute();
}

export async function finishImport(db: Db, importId: number, now: number): Promise<void> {
  await db.updateTable('imports').set({ status: 'finished', finishedAt: now }).where('id', '=', importId).execute();
}

/** Runs of the same file into the same chat that never finished (killed): this run completed their work. */
export async function markUnfinishedRuns(db: Db, chatId: number, fileName: string, exceptId: number): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status: 'interrupted' })
    .where('chatId', '=', chatId)
    .where('fileName', '=', fileName)
    .where('status', '=', 'running')
    .where('id', '<>', exceptId)
    .execute();
}

export async function listImports(db: Db, chatId: number, limit: number): Promise<ImportRow[]> {
  const rows = await db
    .selectFrom('imports')
    .leftJoin('users', 'users.id', 'imports.userId')
    .select([
      'imports.id',
      'imports.chatId',
      'imports.via',
      'imports.fileName',
      'imports.format',
      'imports.status',
      'imports.startedAt',
      'imports.finishedAt',
      'imports.readCount',
      'imports.importedCount',
      'imports.duplicateCount',
      'imports.rejectedCount',
      'imports.skippedCount',
      'imports.deletedCount',
      'users.handle as userHandle',
      (eb) => eb.selectFrom('importRunFiles').select('importRunFiles.runId').whereRef('importRunFiles.importId', '=', 'imports.id').limit(1).as('runId'),
    ])
    .where('imports.chatId', '=', chatId)
    .orderBy('imports.startedAt', 'desc')
    .orderBy('imports.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    chatId: Number(r.chatId),
    via: r.via,
    fileName: r.fileName,
    format: r.format,
    status: r.status,
    startedAt: Number(r.startedAt),
    finishedAt: r.finishedAt === null ? null : Number(r.finishedAt),
    userHandle: r.userHandle,
    runId: r.runId === null || r.runId === undefined ? null : Number(r.runId),
    read: Number(r.readCount),
    imported: Number(r.importedCount),
    duplicates: Number(r.duplicateCount),
    rejected: Number(r.rejectedCount),
    skipped: Number(r.skippedCount),
    deleted: Number(r.deletedCount),
  }));
}

export async function listRejections(db: Db, importId: number, limit: number): Promise<Array<Rejection & { fileName: string }>> {
  const rows = await db.selectFrom('importRejections').select(['fileName', 'line', 'reason']).where('importId', '=', importId).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ fileName: r.fileName, line: Number(r.line), reason: r.reason }));
}

/** Same text as the posts_unlinked index's predicate (0010_archive_import), so both databases use that index. */
const UNLINKED = sql<boolean>`((posts.reply_to_id is null and posts.reply_to_source_id is not null) or (posts.quote_of_id is null and posts.quote_of_source_id is not null) or (posts.boost_of_id is null and posts.boost_of_source_id is not null))`;

export interface PendingLink {
  id: number;
  field: 'replyToId' | 'quoteOfId' | 'boostOfId';
  targetId: number;
  /** The target's question (its own number, or the one it answers). */
  targetQuestion: number | null;
  answersQuestion: number | null;
  questionNumber: number | null;
}

/** Ids of the chat's posts with a target not linked (archived or not), in order. */
export async function unlinkedPostIds(db: Db, chatId: number): Promise<number[]> {
  const rows = await db.selectFrom('posts').select('posts.id').where('posts.chatId', '=', chatId).where(UNLINKED).orderBy('posts.id').execute();
  return rows.map((row) => Number(row.id));
}

/**
 * Posts of a chat, with ids from `ids.from` to `ids.to`, whose reply, quote
 * or boost target is archived in the same chat by now but was not when they
 * were stored.
 */
export async function findLinkablePosts(db: Db, chatId: number, ids: { from: number; to: number }): Promise<PendingLink[]> {
  const links: PendingLink[] = [];
  const kinds = [
    { field: 'replyToId', id: 'posts.replyToId', source: 'posts.replyToSourceId' },
    { field: 'quoteOfId', id: 'posts.quoteOfId', source: 'posts.quoteOfSourceId' },
    { field: 'boostOfId', id: 'posts.boostOfId', source: 'posts.boostOfSourceId' },
  ] as const;
  for (const kind of kinds) {
    const rows = await db
      .selectFrom('posts')
      .innerJoin('posts as target', (join) =>
        join.onRef('target.sourceNetwork', '=', 'posts.sourceNetwork').onRef('target.sourceId', '=', kind.source).onRef('target.chatId', '=', 'posts.chatId'),
      )
      .select(['posts.id', 'posts.answersQuestion', 'posts.questionNumber', 'target.id as targetId', 'target.questionNumber as targetQuestionNumber', 'target.answersQuestion as targetAnswers'])
      .where('posts.chatId', '=', chatId)
      .where('posts.id', '>=', ids.from)
      .where('posts.id', '<=', ids.to)
      .where(UNLINKED)
      .where(kind.id, 'is', null)
      .execute();
    for (const row of rows) {
      links.push({
        id: Number(row.id),
        field: kind.field,
        targetId: Number(row.targetId),
        targetQuestion: questionPassedOn(kind.field, row.targetQuestionNumber, row.targetAnswers),
        answersQuestion: row.answersQuestion,
        questionNumber: row.questionNumber,
      });
    }
  }
  return links;
}

/**
 * What a post passes on to one that refers to it, as live posting does: a
 * reply is under the question it replies to (or the one its parent
 * answers); a boost answers what the boosted post answers; a quote is read
 * by its own text.
 */
export function questionPassedOn(field: PendingLink['field'], targetQuestionNumber: number | null, targetAnswers: number | null): number | null {
  if (field === 'replyToId') return targetQuestionNumber ?? targetAnswers;
  if (field === 'boostOfId') return targetAnswers;
  return null;
}

/** A post's link to its target, and the question the post answers once linked. */
export interface LinkToSet {
  id: number;
  field: PendingLink['field'];
  targetId: number;
  answersQuestion: number | null;
}

const LINK_COLUMNS: Record<PendingLink['field'], string> = { replyToId: 'reply_to_id', quoteOfId: 'quote_of_id', boostOfId: 'boost_of_id' };

/** Rows per statement: three values each, well inside SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const LINKS_PER_STATEMENT = 2000;

/**
 * Sets links a few thousand at a time, one statement each, rather than a
 * statement per post (a round trip each on PostgreSQL), in the order of
 * the posts' ids (the table's own).
 */
export async function setLinks(db: Db, links: LinkToSet[]): Promise<void> {
  const ordered = links.toSorted((a, b) => a.id - b.id);
  for (const field of Object.keys(LINK_COLUMNS) as Array<PendingLink['field']>) {
    const ofField = ordered.filter((link) => link.field === field);
    for (let start = 0; start < ofField.length; start += LINKS_PER_STATEMENT) {
      const rows = ofField.slice(start, start + LINKS_PER_STATEMENT);
      // The first row's casts type the columns (PostgreSQL would otherwise take bound values as text).
      const values = rows.map((link, i) =>
        i === 0 ? sql`(cast(${link.id} as bigint), cast(${link.targetId} as bigint), cast(${link.answersQuestion} as integer))` : sql`(${link.id}, ${link.targetId}, ${link.answersQuestion})`,
      );
      await sql`
        with linked (id, target_id, answers_question) as (values ${sql.join(values)})
        update posts set ${sql.raw(LINK_COLUMNS[field])} = linked.target_id, answers_question = linked.answers_question
        from linked where posts.id = linked.id`.execute(db);
    }
  }
}

/**
 * Replies and boosts of these posts take their question (`question`), as
 * they would have had the thread been posted live; returns the posts that
 * changed, whose own replies come next.
 */
export async function inheritQuestion(db: Db, parents: Array<{ id: number; question: number }>): Promise<Array<{ id: number; question: number }>> {
  const updated: Array<{ id: number; question: number }> = [];
  const byQuestion = new Map<number, number[]>();
  for (const p of parents) byQuestion.set(p.question, [...(byQuestion.get(p.question) ?? []), p.id]);
  for (const [question, ids] of byQuestion) {
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const rows = await db
        .updateTable('posts')
        .set({ answersQuestion: question })
        .where((eb) => eb.or([eb('replyToId', 'in', slice), eb('boostOfId', 'in', slice)]))
        .where((eb) => eb.or([eb('answersQuestion', 'is', null), eb('answersQuestion', '<>', question)]))
        .where('questionNumber', 'is', null)
        .returning('id')
        .execute();
      for (const row of rows) updated.push({ id: Number(row.id), question });
    }
  }
  return updated;
}

/** An import stopped by a server shutdown: not running any more (importing the file again completes it). */
export async function markImportInterrupted(db: Db, importId: number): Promise<void> {
  await db.updateTable('imports').set({ status: 'interrupted' }).where('id', '=', importId).where('status', '=', 'running').execute();
}
