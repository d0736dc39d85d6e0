import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The only module that builds wiki SQL. Revisions are only ever inserted. */

export interface WikiRevisionSummary {
  id: number;
  pageId: number;
  number: number;
  title: string;
  summary: string;
  createdAt: number;
  restoredFrom: number | null;
  authorHandle: string | null;
  authorName: string | null;
}

export interface WikiRevision extends WikiRevisionSummary {
  body: string;
}

export interface WikiPage {
  id: number;
  slug: string;
  title: string;
  protected: number;
  createdAt: number;
  updatedAt: number;
  current: WikiRevision;
}

export interface WikiPageListItem {
  slug: string;
  title: string;
  protected: number;
  updatedAt: number;
  revision: number;
  authorHandle: string | null;
}

export interface NewRevision {
  title: string;
  body: string;
  authorId: number;
  summary: string;
  createdAt: number;
  restoredFrom: number | null;
}

/** Revisions with their author's handle and name (null once an account is gone). */
function revisions(db: Kysely<DB>) {
  return db
    .selectFrom('wikiRevisions')
    .leftJoin('users', 'users.id', 'wikiRevisions.authorId')
    .select([
      'wikiRevisions.id',
      'wikiRevisions.pageId',
      'wikiRevisions.number',
      'wikiRevisions.title',
      'wikiRevisions.summary',
      'wikiRevisions.createdAt',
      'wikiRevisions.restoredFrom',
      'users.handle as authorHandle',
      'users.displayName as authorName',
    ]);
}

export async function findPageBySlug(db: Kysely<DB>, slug: string): Promise<WikiPage | undefined> {
  const page = await db.selectFrom('wikiPages').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!page || page.currentRevisionId === null) return undefined;
  const current = await revisions(db)
    .select('wikiRevisions.body')
    .where('wikiRevisions.id', '=', page.currentRevisionId)
    .executeTakeFirstOrThrow();
  return { id: page.id, slug: page.slug, title: page.title, protected: page.protected, createdAt: page.createdAt, updatedAt: page.updatedAt, current };
}

export function findRevision(db: Kysely<DB>, pageId: number, number: number): Promise<WikiRevision | undefined> {
  return revisions(db)
    .select('wikiRevisions.body')
    .where('wikiRevisions.pageId', '=', pageId)
    .where('wikiRevisions.number', '=', number)
    .executeTakeFirst();
}

/** Newest first. */
export function listRevisions(db: Kysely<DB>, pageId: number): Promise<WikiRevisionSummary[]> {
  return revisions(db).where('wikiRevisions.pageId', '=', pageId).orderBy('wikiRevisions.number', 'desc').execute();
}

/** Recently changed first. */
export function listPages(db: Kysely<DB>, limit: number): Promise<WikiPageListItem[]> {
  return db
    .selectFrom('wikiPages')
    .innerJoin('wikiRevisions', 'wikiRevisions.id', 'wikiPages.currentRevisionId')
    .leftJoin('users', 'users.id', 'wikiRevisions.authorId')
    .select(['wikiPages.slug', 'wikiPages.title', 'wikiPages.protected', 'wikiPages.updatedAt', 'wikiRevisions.number as revision', 'users.handle as authorHandle'])
    .orderBy('wikiPages.updatedAt', 'desc')
    .orderBy('wikiPages.id', 'desc')
    .limit(limit)
    .execute();
}

export async function existingSlugs(db: Kysely<DB>, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db.selectFrom('wikiPages').select('slug').where('slug', 'in', slugs).execute();
  return new Set(rows.map((r) => r.slug));
}

/** A page and its revision 1, together or not at all. */
export async function insertPage(db: Kysely<DB>, slug: string, revision: NewRevision): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const page = await trx
      .insertInto('wikiPages')
      .values({ slug, title: revision.title, currentRevisionId: null, protected: 0, createdAt: revision.createdAt, updatedAt: revision.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await trx.insertInto('wikiRevisions').values({ ...revision, pageId: page.id, number: 1 }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('wikiPages').set({ currentRevisionId: row.id }).where('id', '=', page.id).execute();
  });
}

/**
 * Appends revision `base + 1` if the page is still at `base`. A page that
 * moved on is reported, not written; two writers racing from the same base
 * both claim the same number and the unique (page, number) index rejects
 * the second (the caller turns that into a conflict too).
 */
export async function appendRevision(db: Kysely<DB>, pageId: number, base: number, revision: NewRevision): Promise<{ saved: number } | { stale: number }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('wikiPages')
      .innerJoin('wikiRevisions', 'wikiRevisions.id', 'wikiPages.currentRevisionId')
      .select('wikiRevisions.number')
      .where('wikiPages.id', '=', pageId)
      .executeTakeFirstOrThrow();
    if (current.number !== base) return { stale: current.number };
    const number = base + 1;
    const row = await trx.insertInto('wikiRevisions').values({ ...revision, pageId, number }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('wikiPages').set({ currentRevisionId: row.id, title: revision.title, updatedAt: revision.createdAt }).where('id', '=', pageId).execute();
    return { saved: number };
  });
}

export async function setPageProtection(db: Kysely<DB>, pageId: number, isProtected: boolean): Promise<void> {
  await db.updateTable('wikiPages').set({ protected: isProtected ? 1 : 0 }).where('id', '=', pageId).execute();
}
