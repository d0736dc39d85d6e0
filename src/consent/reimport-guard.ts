import type { Kysely } from 'kysely';
import type { DB, Network } from '../db/schema.ts';
import type { ConsentMode } from './consent.tables.ts';
import { anonymisePostsOf, chunks, dropCachedFigures, forgetReferencesTo, removePostsOf, sourceIdPrefixes, type NamedAccount } from './consent.repository.ts';
import { ACCOUNT_ID_NETWORKS, namesAccount } from '../posts/author-accounts.ts';
import { ANONYMOUS_HANDLE } from './anonymous-author.ts';

export interface Reforgotten {
  /** Imported posts of forgotten authors taken out again (and others' boosts of them). */
  removed: number;
  /** Imported posts of anonymised authors moved to "Anonymous". */
  anonymised: number;
}

/**
 * After an import into a chat: an old archive must not bring back what
 * someone asked to have forgotten. The posts this chat got from archives
 * by an author in the consent log go again, the way the log says (removed,
 * or anonymised), and the author row too once it has no posts left.
 * Posts made here since are not touched: only the archive's copies.
 * Others' references to posts of logged accounts that name them go too
 * (removed or anonymised alike), even when the archive brought none of
 * their own posts.
 * Imports publish no live events, so there is no event log to rewrite.
 */
export async function forgetAgainAfterImport(db: Kysely<DB>, chatId: number, now = Date.now()): Promise<Reforgotten> {
  const { decisions, handles, accountIds, logged } = await latestDecisions(db);
  if (decisions.size === 0) return { removed: 0, anonymised: 0 };
  // The log is short: its authors are looked up by handle, and on networks with account ids by id too
  // (the archive may name the account by a handle it had before or after); the removal below keeps to
  // this chat's imported posts.
  const forgotten = new Map<number, { id: number; network: Network; handle: string; sourceUserId: string | null; mode: ConsentMode }>();
  const consider = (rows: Array<{ id: number; network: Network; handle: string; sourceUserId: string | null }>) => {
    for (const row of rows) {
      const account = byAccount(row.network, row.sourceUserId);
      const mode = (account && decisions.get(account)) ?? decisions.get(byHandle(row.network, row.handle));
      if (mode && row.handle !== ANONYMOUS_HANDLE) forgotten.set(Number(row.id), { id: Number(row.id), network: row.network, handle: row.handle, sourceUserId: row.sourceUserId, mode });
    }
  };
  const authorRows = () => db.selectFrom('authors').select(['id', 'network', 'handle', 'sourceUserId']);
  for (const part of chunks([...handles])) consider(await authorRows().where('handle', 'in', part).execute());
  for (const part of chunks([...accountIds])) consider(await authorRows().where('sourceUserId', 'in', part).where('network', 'in', ACCOUNT_ID_NETWORKS).execute());
  // Accounts whose post addresses name them (Mastodon, Bluesky): others' references to those may need clearing.
  const named = logged.filter((account) => sourceIdPrefixes(account).length > 0);
  if (forgotten.size === 0 && named.length === 0) return { removed: 0, anonymised: 0 };
  return db.transaction().execute(async (trx) => {
    const scope = { chatId };
    const authors = [...forgotten.values()];
    const removal = await removePostsOf(trx, authors.filter((a) => a.mode === 'remove').map((a) => a.id), scope);
    const anonymised = await anonymisePostsOf(trx, authors.filter((a) => a.mode === 'anonymise'), now, scope);
    await forgetReferencesTo(trx, named, scope);
    for (const ids of chunks(authors.map((a) => a.id))) {
      await trx
        .deleteFrom('authors')
        .where('id', 'in', ids)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.authorId', '=', 'authors.id'))))
        .execute();
    }
    const changed = removal.postIds.length + removal.boostIds.length + anonymised.postIds.length;
    if (changed > 0) await dropCachedFigures(trx, [chatId]);
    return { removed: removal.postIds.length + removal.boostIds.length, anonymised: anonymised.postIds.length };
  });
}

const byHandle = (network: string, handle: string) => `handle\u0000${network}\u0000${handle.toLowerCase()}`;
/** Null where an id does not name one account (no id, or a network of per-server ids). */
const byAccount = (network: Network, sourceUserId: string | null) => (namesAccount(network, sourceUserId) ? `account\u0000${network}\u0000${sourceUserId}` : null);

/**
 * Each logged author's latest decision, by handle and by account id, with
 * the handles and ids to look for, and every account logged (the log is
 * small: one row per person forgotten).
 */
async function latestDecisions(db: Kysely<DB>): Promise<{ decisions: Map<string, ConsentMode>; handles: Set<string>; accountIds: Set<string>; logged: NamedAccount[] }> {
  const rows = await db.selectFrom('consentLog').select(['authorNetwork', 'authorHandle', 'authorSourceUserId', 'mode']).orderBy('createdAt').orderBy('id').execute();
  const decisions = new Map<string, ConsentMode>();
  const handles = new Set<string>();
  const accountIds = new Set<string>();
  for (const row of rows) {
    decisions.set(byHandle(row.authorNetwork, row.authorHandle), row.mode);
    handles.add(row.authorHandle.toLowerCase());
    const account = byAccount(row.authorNetwork as Network, row.authorSourceUserId);
    if (account) {
      decisions.set(account, row.mode);
      accountIds.add(row.authorSourceUserId!);
    }
  }
  const logged = rows.map((row) => ({ network: row.authorNetwork as Network, handle: row.authorHandle, sourceUserId: row.authorSourceUserId }));
  return { decisions, handles, accountIds, logged };
}
