import type { Kysely, Transaction } from 'kysely';
import type { DB, Network } from '../db/schema.ts';

/**
 * Networks whose account ids mean one account wherever a file came from:
 * there, an author is every row with its id, whatever handle each was
 * archived under (an X account renamed between two archives). Bluesky
 * keeps one row per account (migration 0020), and a `did:…` names it. A
 * Mastodon account id is only its server's number for the account (a
 * hashtag timeline gives the ids of the server it was read from): there
 * the handle, user@server, is the person.
 */
export const ACCOUNT_ID_NETWORKS: readonly Network[] = ['twitter', 'bluesky'];

/** Whether a source's account id names one account (not null, on a network of ACCOUNT_ID_NETWORKS). */
export function namesAccount(network: Network, sourceUserId: string | null): sourceUserId is string {
  return sourceUserId !== null && ACCOUNT_ID_NETWORKS.includes(network);
}

/**
 * The author rows people mean by these names, in a search or a removal: a
 * handle on any network (or the one given), a Bluesky DID, and with each
 * the other rows of the same account. `except`: a handle never matched
 * (the shared anonymous author). `anyServer` (a reader's filter, never a
 * removal): a bare name no author has exactly (`kim`) finds the Mastodon
 * accounts of that name on any server (`kim@museum.social`), as people
 * call each other.
 */
export async function authorIdsNamed(db: Kysely<DB> | Transaction<DB>, handles: string[], options: { network?: Network | null; except?: string; anyServer?: boolean } = {}): Promise<number[]> {
  if (handles.length === 0) return [];
  if (options.anyServer) handles = await withServers(db, handles);
  const dids = handles.filter((handle) => handle.startsWith('did:'));
  let query = db
    .selectFrom('authors')
    .select(['id', 'network', 'sourceUserId'])
    .where((eb) => (dids.length > 0 ? eb.or([eb('handle', 'in', handles), eb.and([eb('network', '=', 'bluesky'), eb('sourceUserId', 'in', dids)])]) : eb('handle', 'in', handles)));
  if (options.network) query = query.where('network', '=', options.network);
  if (options.except) query = query.where('handle', '!=', options.except);
  const named = await query.execute();
  const ids = new Set(named.map((row) => Number(row.id)));
  // The accounts found, by network: one query each for their other rows.
  const accounts = new Map<Network, Set<string>>();
  for (const row of named) if (namesAccount(row.network, row.sourceUserId)) accounts.set(row.network, (accounts.get(row.network) ?? new Set()).add(row.sourceUserId));
  for (const [network, accountIds] of accounts) {
    let same = db.selectFrom('authors').select('id').where('network', '=', network).where('sourceUserId', 'in', [...accountIds]);
    if (options.except) same = same.where('handle', '!=', options.except);
    for (const other of await same.execute()) ids.add(Number(other.id));
  }
  return [...ids];
}

/**
 * Every author row of the accounts these rows belong to, each mapped to
 * its account: the account's first (smallest) row id, the same whichever
 * chat asks, so participants of different chats compare by it. A row that
 * names no account is an account of its own.
 */
export async function accountsOfRows(db: Kysely<DB> | Transaction<DB>, authorIds: number[]): Promise<Map<number, number>> {
  const rows: AccountRow[] = [];
  for (let i = 0; i < authorIds.length; i += ROWS_PER_QUERY) {
    rows.push(...(await db.selectFrom('authors').select(['id', 'network', 'sourceUserId']).where('id', 'in', authorIds.slice(i, i + ROWS_PER_QUERY)).execute()));
  }
  return accountsOf(db, rows);
}

/** What accountsOfRows needs of an author row. */
export interface AccountRow {
  id: number;
  network: Network;
  sourceUserId: string | null;
}

/** accountsOfRows for rows the caller has read already. */
export async function accountsOf(db: Kysely<DB> | Transaction<DB>, rows: AccountRow[]): Promise<Map<number, number>> {
  const accountOf = new Map<number, number>();
  const accounts = new Map<Network, Set<string>>();
  for (const row of rows) {
    accountOf.set(Number(row.id), Number(row.id));
    if (namesAccount(row.network, row.sourceUserId)) accounts.set(row.network, (accounts.get(row.network) ?? new Set()).add(row.sourceUserId));
  }
  for (const [network, set] of accounts) {
    const accountIds = [...set];
    for (let i = 0; i < accountIds.length; i += ROWS_PER_QUERY) {
      const rows = await db
        .selectFrom('authors')
        .select(['id', 'sourceUserId'])
        .where('network', '=', network)
        .where('sourceUserId', 'in', accountIds.slice(i, i + ROWS_PER_QUERY))
        .orderBy('id')
        .execute();
      const first = new Map<string, number>();
      for (const row of rows) {
        const id = Number(row.id);
        if (!first.has(row.sourceUserId!)) first.set(row.sourceUserId!, id);
        accountOf.set(id, first.get(row.sourceUserId!)!);
      }
    }
  }
  return accountOf;
}

const ROWS_PER_QUERY = 1000;

/** Bare names no author has exactly, each with the Mastodon handles `name@server` that exist. */
async function withServers(db: Kysely<DB> | Transaction<DB>, handles: string[]): Promise<string[]> {
  const bare = handles.filter((handle) => !handle.includes('@') && !handle.startsWith('did:'));
  if (bare.length === 0) return handles;
  const exact = new Set((await db.selectFrom('authors').select('handle').where('handle', 'in', bare).execute()).map((row) => row.handle));
  const out = [...handles];
  for (const name of bare.filter((handle) => !exact.has(handle))) {
    // Handles are stored in lower case; substr rather than LIKE, whose `_` would match any character.
    const rows = await db
      .selectFrom('authors')
      .select('handle')
      .where('network', '=', 'mastodon')
      .where((eb) => eb(eb.fn('substr', [eb.ref('handle'), eb.lit(1), eb.lit(name.length + 1)]), '=', `${name}@`))
      .limit(100)
      .execute();
    out.push(...rows.map((row) => row.handle));
  }
  return out;
}
