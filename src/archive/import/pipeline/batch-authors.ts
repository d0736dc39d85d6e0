import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { authorIdentityKey } from './author-identity.ts';
import { keysOf } from './batch-keys.ts';
import { upsertBlueskyAuthors } from './bluesky-authors.repository.ts';
import type { ImportBatchRepository } from './import-batch.repository.ts';
import type { PostBatch } from './post-batch.ts';

/** What the batch writer remembers of an author: its row, the display name last sent, the handle stored. */
export interface KnownAuthor {
  id: number;
  displayName: string;
  handle: string;
}

/**
 * The author rows of a batch, and their handles as stored: authors the
 * writer knows, with the display name it last sent, come from memory
 * (`known`, by identity key); new or changed ones are upserted, Bluesky
 * accounts by DID (bluesky-authors.repository.ts), so one a file knows by
 * DID alone has the handle another file gave it. An author with no post
 * in the batch (a profile or identity record) only updates one archived
 * already. `stored`: what was upserted, for the writer to remember once
 * the transaction commits.
 */
export async function authorRowsOf(
  trx: Kysely<DB>,
  repository: ImportBatchRepository,
  batch: PostBatch,
  known: (key: string) => KnownAuthor | undefined,
): Promise<{ ids: number[]; handles: string[]; stored: Map<string, KnownAuthor> }> {
  const { authors } = batch;
  const keys = keysOf(batch).author;
  const ids: number[] = new Array(authors.size);
  const handles: string[] = new Array(authors.size);
  const byHandle: number[] = [];
  const byDid: number[] = [];
  const posting = new Uint8Array(authors.size);
  for (let i = 0; i < batch.size; i++) posting[batch.author[i]!] = 1;
  for (let a = 0; a < authors.size; a++) {
    const cached = known(keys[a]!);
    if (cached && cached.displayName === authors.displayName[a]) {
      ids[a] = cached.id;
      handles[a] = cached.handle;
    } else if (authors.network[a] === 'bluesky' && authors.sourceUserId[a]) byDid.push(a);
    else if (posting[a]) byHandle.push(a);
  }
  const params = (a: number) => ({
    network: authors.network[a]!,
    handle: authors.handle[a]!,
    displayName: authors.displayName[a]!,
    sourceUserId: authors.sourceUserId[a] ?? null,
    followersCount: authors.followers[a]! >= 0 ? authors.followers[a]! : null,
    profileUrl: authors.profileUrl[a] ?? null,
  });
  const now = Date.now();
  const upserted: number[] = [];
  if (byHandle.length > 0) {
    const rows = await repository.upsertAuthors(trx, byHandle.map(params), now);
    const rowIds = new Map(rows.map((row) => [authorIdentityKey(row.network, row.handle, null), Number(row.id)]));
    for (const a of byHandle) {
      ids[a] = rowIds.get(keys[a]!)!;
      handles[a] = authors.handle[a]!;
      upserted.push(a);
    }
  }
  const rows = await upsertBlueskyAuthors(trx, repository, byDid.map((a) => ({ ...params(a), sourceUserId: authors.sourceUserId[a]!, insert: posting[a] === 1 })), now);
  byDid.forEach((a, i) => {
    const row = rows[i];
    if (!row) return;
    ids[a] = row.id;
    handles[a] = row.handle;
    upserted.push(a);
  });
  const stored = new Map<string, KnownAuthor>();
  for (const a of upserted) stored.set(keys[a]!, { id: ids[a]!, displayName: authors.displayName[a]!, handle: handles[a]! });
  return { ids, handles, stored };
}
