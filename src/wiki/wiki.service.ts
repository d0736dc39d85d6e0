import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { isUniqueViolation } from '../accounts/accounts.service.ts';
import { cleanBody, cleanSummary, cleanTitle } from './wiki-input.ts';
import { isWikiSlug, titleFromSlug, wikiSlug } from './wiki-slug.ts';
import { diffTexts, type TextDiff } from './wiki-diff.ts';
import {
  appendRevision,
  findPageBySlug,
  findRevision,
  insertPage,
  listPages,
  listRevisions,
  setPageProtection,
  type NewRevision,
  type WikiPage,
  type WikiPageListItem,
  type WikiRevision,
  type WikiRevisionSummary,
} from './wiki.repository.ts';

/**
 * Wiki rules: anyone reads; active members write; protected pages are
 * written only by organizers, moderators and admins. Saves carry the
 * revision they started from, and a save over a page that has moved on is
 * refused with the page as it is now, so nothing anyone wrote is lost.
 */

/** A save based on an old revision; carries the page as it is now for the merge. */
export class WikiConflictError extends AppError {
  constructor(readonly current: WikiPage) {
    super(
      'conflict',
      `baseRevision: the page changed while you were editing; it is now at revision ${current.current.number}. Merge your changes into it and save again.`,
      'baseRevision',
    );
  }
}

export interface PageInput {
  title: string;
  body: string;
  summary?: string;
}

export interface EditInput {
  title?: string;
  body: string;
  summary?: string;
  baseRevision: number;
}

export async function getPage(db: Kysely<DB>, slug: string): Promise<WikiPage> {
  const page = await findPageBySlug(db, slug);
  if (!page) throw notFound('Wiki page');
  return page;
}

/** The page, if this user may edit it (for showing the editor). */
export async function getEditablePage(db: Kysely<DB>, user: User | null, slug: string): Promise<WikiPage> {
  const page = await getPage(db, slug);
  authorizeEdit(user, page);
  return page;
}

export function findPage(db: Kysely<DB>, slug: string): Promise<WikiPage | undefined> {
  return findPageBySlug(db, slug);
}

export function recentlyChangedPages(db: Kysely<DB>, limit = 200): Promise<WikiPageListItem[]> {
  return listPages(db, limit);
}

export async function createPage(db: Kysely<DB>, user: User | null, input: PageInput, now = Date.now()): Promise<WikiPage> {
  if (!user) throw unauthenticated();
  if (!policies.createWikiPage(user)) throw forbidden('Your account cannot edit the wiki');
  const title = cleanTitle(input.title);
  const slug = wikiSlug(title);
  if (!slug) throw invalid('title', 'needs at least one letter or digit, to name the page’s address');
  return insertNewPage(db, slug, revisionOf(user, title, input, now));
}

/**
 * PUT semantics for the API: base 0 creates the page at this address, any
 * other base edits it.
 */
export async function putPage(db: Kysely<DB>, user: User | null, slug: string, input: EditInput, now = Date.now()): Promise<{ page: WikiPage; created: boolean }> {
  if (!user) throw unauthenticated();
  const existing = await findPageBySlug(db, slug);
  if (existing) return { page: await editPage(db, user, slug, input, now), created: false };
  if (input.baseRevision !== 0) throw notFound('Wiki page');
  if (!policies.createWikiPage(user)) throw forbidden('Your account cannot edit the wiki');
  if (!isWikiSlug(slug)) throw invalid('slug', 'must be lower-case letters, digits and single hyphens, like conference-resources');
  const title = cleanTitle(input.title ?? titleFromSlug(slug));
  return { page: await insertNewPage(db, slug, revisionOf(user, title, input, now)), created: true };
}

export async function editPage(db: Kysely<DB>, user: User | null, slug: string, input: EditInput, now = Date.now()): Promise<WikiPage> {
  const page = await getPage(db, slug);
  authorizeEdit(user, page);
  const title = input.title === undefined ? page.title : cleanTitle(input.title);
  await append(db, page, input.baseRevision, revisionOf(user, title, input, now));
  return getPage(db, slug);
}

/** Restoring appends a copy of the old revision: history only grows. */
export async function restoreRevision(db: Kysely<DB>, user: User | null, slug: string, number: number, now = Date.now()): Promise<WikiPage> {
  const page = await getPage(db, slug);
  authorizeEdit(user, page);
  const old = await findRevision(db, page.id, number);
  if (!old) throw notFound(`Revision ${number}`);
  await append(db, page, page.current.number, {
    title: old.title,
    body: old.body,
    authorId: user.id,
    summary: `Restored revision ${number}`,
    createdAt: now,
    restoredFrom: number,
  });
  return getPage(db, slug);
}

export async function setProtection(db: Kysely<DB>, user: User | null, slug: string, isProtected: boolean): Promise<WikiPage> {
  const page = await getPage(db, slug);
  if (!user) throw unauthenticated();
  if (!policies.protectWikiPage(user)) throw forbidden('Only organizers, moderators and admins can protect wiki pages');
  await setPageProtection(db, page.id, isProtected);
  return getPage(db, slug);
}

export async function pageHistory(db: Kysely<DB>, slug: string): Promise<{ page: WikiPage; revisions: WikiRevisionSummary[] }> {
  const page = await getPage(db, slug);
  return { page, revisions: await listRevisions(db, page.id) };
}

export async function getRevision(db: Kysely<DB>, slug: string, number: number): Promise<{ page: WikiPage; revision: WikiRevision }> {
  const page = await getPage(db, slug);
  const revision = await findRevision(db, page.id, number);
  if (!revision) throw notFound(`Revision ${number} of this page`);
  return { page, revision };
}

export interface Comparison {
  page: WikiPage;
  from: WikiRevision;
  to: WikiRevision;
  diff: TextDiff;
}

export async function compareRevisions(db: Kysely<DB>, slug: string, from: number, to: number): Promise<Comparison> {
  const page = await getPage(db, slug);
  const [older, newer] = await Promise.all([findRevision(db, page.id, from), findRevision(db, page.id, to)]);
  if (!older) throw notFound(`Revision ${from} of this page`);
  if (!newer) throw notFound(`Revision ${to} of this page`);
  return { page, from: older, to: newer, diff: diffTexts(older.body, newer.body) };
}

function authorizeEdit(user: User | null, page: WikiPage): asserts user is User {
  if (!user) throw unauthenticated();
  if (policies.editWikiPage(user, page)) return;
  throw forbidden(
    page.protected && policies.createWikiPage(user)
      ? 'This page is protected: only organizers, moderators and admins can edit it'
      : 'Your account cannot edit the wiki',
  );
}

function revisionOf(user: User, title: string, input: { body: string; summary?: string }, now: number): NewRevision {
  return { title, body: cleanBody(input.body), authorId: user.id, summary: cleanSummary(input.summary), createdAt: now, restoredFrom: null };
}

async function insertNewPage(db: Kysely<DB>, slug: string, revision: NewRevision): Promise<WikiPage> {
  try {
    await insertPage(db, slug, revision);
  } catch (error) {
    if (isUniqueViolation(error)) throw pageExists(slug);
    throw error;
  }
  return getPage(db, slug);
}

const pageExists = (slug: string) => conflict('title', `a page with this name already exists at /wiki/${slug}; edit that one or choose another title`);

async function append(db: Kysely<DB>, page: WikiPage, base: number, revision: NewRevision): Promise<void> {
  let stale = false;
  try {
    stale = 'stale' in (await appendRevision(db, page.id, base, revision));
  } catch (error) {
    // Someone else saved the same base a moment earlier.
    if (!isUniqueViolation(error)) throw error;
    stale = true;
  }
  if (stale) throw new WikiConflictError(await getPage(db, page.slug));
}
