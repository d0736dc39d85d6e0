import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { handleUnknown } from './author-identity.ts';
import type { AuthorParams } from './import-batch.repository.ts';

/**
 * Bluesky authors are upserted by DID (author-identity.ts, migration 0020),
 * one at a time: a file of a Bluesky chat has a few thousand authors, and
 * each may have to move a handle. What a file knows only as a stand-in
 * (the DID for the handle, the handle or DID for the display name) never
 * replaces what an earlier import knew.
 */
export async function upsertBlueskyAuthor(
  trx: Kysely<DB>,
  author: AuthorParams & { sourceUserId: string },
  now: number,
  /** False for what a file says of an account that posted nothing in it: only an archived author is updated. */
  { insert }: { insert: boolean },
): Promise<{ id: number; handle: string } | null> {
  const did = author.sourceUserId;
  if (!handleUnknown(author)) {
    // (An identity record of an account not archived still moves the handle: it says whose it is now.)
    // A row with this handle and no DID (our own JSONL format allows one) is this account's,
    // unless the account has a row already.
    await sql`update authors set source_user_id = ${did}
      where network = 'bluesky' and handle = ${author.handle} and source_user_id is null
        and not exists (select 1 from authors known where known.network = 'bluesky' and known.source_user_id = ${did})`.execute(trx);
    // Handles move: the account that had this one before falls back to its DID until a file says its new one.
    await sql`update authors set handle = source_user_id, profile_url = ${'https://bsky.app/profile/'} || source_user_id
      where network = 'bluesky' and handle = ${author.handle} and source_user_id <> ${did}`.execute(trx);
  }
  const { rows } = await sql<{ id: number; handle: string }>`
    insert into authors (network, handle, display_name, source_user_id, followers_count, profile_url, created_at)
    select 'bluesky', cast(${author.handle} as text), cast(${author.displayName} as text), cast(${did} as text),
      cast(${author.followersCount} as bigint), cast(${author.profileUrl} as text), cast(${now} as bigint)
    where ${insert ? sql`true` : sql`exists (select 1 from authors known where known.network = 'bluesky' and known.source_user_id = ${did})`}
    on conflict (network, source_user_id) where network = 'bluesky' do update set
      handle = case
        when excluded.handle = excluded.source_user_id then authors.handle
        when exists (select 1 from authors other where other.network = 'bluesky' and other.handle = excluded.handle and other.id <> authors.id) then authors.handle
        else excluded.handle end,
      display_name = case
        when excluded.display_name in (excluded.handle, excluded.source_user_id) and authors.display_name not in (authors.handle, authors.source_user_id) then authors.display_name
        else excluded.display_name end,
      followers_count = coalesce(excluded.followers_count, authors.followers_count),
      profile_url = case
        when excluded.handle = excluded.source_user_id then coalesce(authors.profile_url, excluded.profile_url)
        else coalesce(excluded.profile_url, authors.profile_url) end
    returning id, handle`.execute(trx);
  const row = rows[0];
  return row ? { id: Number(row.id), handle: row.handle } : null;
}
