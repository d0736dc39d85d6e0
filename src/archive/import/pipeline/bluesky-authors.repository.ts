import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { handleUnknown } from './author-identity.ts';
import { UPSERT_BY_DID, type AuthorParams, type ImportBatchRepository } from './import-batch.repository.ts';

export interface BlueskyAuthor extends AuthorParams {
  sourceUserId: string;
  /** False for what a file says of an account that posted nothing in it: only an archived author is updated. */
  insert: boolean;
}

/** IN lists stay well under both databases' parameter limits. */
const HANDLES_PER_LOOKUP = 500;

/**
 * Bluesky authors, upserted by DID (author-identity.ts, migration 0020).
 * The rows holding the batch's handles are read first, in one query. Most
 * authors' handles are held by no row or by their own: they go in the
 * repository's many-row statements. The few whose handle another account
 * holds (a handle that moved), that share a handle in the batch, or that
 * only update an archived author, go one by one after them. Returns each
 * author's row and stored handle (null: not archived, and `insert` false).
 */
export async function upsertBlueskyAuthors(trx: Kysely<DB>, repository: ImportBatchRepository, authors: BlueskyAuthor[], now: number): Promise<Array<{ id: number; handle: string } | null>> {
  const named = authors.filter((author) => !handleUnknown(author)).map((author) => author.handle);
  const holders = await holdersOf(trx, named);
  const claims = new Map<string, number>();
  for (const handle of named) claims.set(handle, (claims.get(handle) ?? 0) + 1);
  /** A handle this account claims that another row holds now (it moves first). */
  const heldByAnother = (author: BlueskyAuthor) => !handleUnknown(author) && holders.has(author.handle) && holders.get(author.handle) !== author.sourceUserId;
  const alone = (author: BlueskyAuthor) => !author.insert || heldByAnother(author) || (!handleUnknown(author) && claims.get(author.handle)! > 1);
  const byDid = new Map<string, { id: number; handle: string } | null>();
  const together = authors.filter((author) => !alone(author));
  for (const row of await repository.upsertAuthors(trx, together, now, 'did')) byDid.set(row.sourceUserId!, { id: Number(row.id), handle: row.handle });
  for (const author of authors.filter(alone)) {
    const did = author.sourceUserId;
    if (heldByAnother(author)) await moveHandle(trx, author.handle, did);
    const row = await upsertOne(trx, author, now);
    if (row?.handle === author.handle) holders.set(author.handle, did);
    byDid.set(did, row);
  }
  return authors.map((author) => byDid.get(author.sourceUserId) ?? null);
}

/** Who holds these handles now: handle → DID (null for a row without one). */
async function holdersOf(trx: Kysely<DB>, handles: string[]): Promise<Map<string, string | null>> {
  const holders = new Map<string, string | null>();
  const unique = [...new Set(handles)];
  for (let i = 0; i < unique.length; i += HANDLES_PER_LOOKUP) {
    const rows = await trx.selectFrom('authors').select(['handle', 'sourceUserId']).where('network', '=', 'bluesky').where('handle', 'in', unique.slice(i, i + HANDLES_PER_LOOKUP)).execute();
    for (const row of rows) holders.set(row.handle, row.sourceUserId);
  }
  return holders;
}

/**
 * The handle is this account's now (an identity record of an account not
 * archived still says so). A row with it and no DID (our own JSONL format
 * allows one) is this account's, unless the account has a row already;
 * another account that had it falls back to its DID until a file tells
 * its new one.
 */
async function moveHandle(trx: Kysely<DB>, handle: string, did: string): Promise<void> {
  await sql`update authors set source_user_id = ${did}
    where network = 'bluesky' and handle = ${handle} and source_user_id is null
      and not exists (select 1 from authors known where known.network = 'bluesky' and known.source_user_id = ${did})`.execute(trx);
  await sql`update authors set handle = source_user_id, profile_url = ${'https://bsky.app/profile/'} || source_user_id
    where network = 'bluesky' and handle = ${handle} and source_user_id <> ${did}`.execute(trx);
}

/** One author, by DID; with `insert` false, only when the account is archived already. */
async function upsertOne(trx: Kysely<DB>, author: BlueskyAuthor, now: number): Promise<{ id: number; handle: string } | null> {
  const did = author.sourceUserId;
  const { rows } = await sql<{ id: number; handle: string }>`
    insert into authors (network, handle, display_name, source_user_id, followers_count, profile_url, created_at)
    select 'bluesky', cast(${author.handle} as text), cast(${author.displayName} as text), cast(${did} as text),
      cast(${author.followersCount} as bigint), cast(${author.profileUrl} as text), cast(${now} as bigint)
    where ${author.insert ? sql`true` : sql`exists (select 1 from authors known where known.network = 'bluesky' and known.source_user_id = ${did})`}
    ${sql.raw(UPSERT_BY_DID)}`.execute(trx);
  const row = rows[0];
  return row ? { id: Number(row.id), handle: row.handle } : null;
}
