import type { Kysely } from 'kysely';
import type { DB, Network } from '../db/schema.ts';
import type { ConsentMode } from './consent.tables.ts';
import { anonymisePostsOf, chunks, dropCachedFigures, removePostsOf } from './consent.repository.ts';

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
 * Imports publish no live events, so there is no event log to rewrite.
 */
export async function forgetAgainAfterImport(db: Kysely<DB>, chatId: number, now = Date.now()): Promise<Reforgotten> {
  const decisions = await latestDecisions(db);
  if (decisions.size === 0) return { removed: 0, anonymised: 0 };
  // The log is short: its authors are looked up by handle, and the removal below keeps to this chat's imported posts.
  const handles = [...new Set([...decisions.keys()].map((k) => k.split('\u0000')[1]!))];
  const forgotten: Array<{ id: number; network: Network; mode: ConsentMode }> = [];
  for (const part of chunks(handles)) {
    const rows = await db.selectFrom('authors').select(['id', 'network', 'handle']).where('handle', 'in', part).execute();
    for (const row of rows) {
      const mode = decisions.get(key(row.network, row.handle));
      if (mode) forgotten.push({ id: Number(row.id), network: row.network, mode });
    }
  }
  if (forgotten.length === 0) return { removed: 0, anonymised: 0 };
  return db.transaction().execute(async (trx) => {
    const scope = { chatId };
    const removal = await removePostsOf(trx, forgotten.filter((a) => a.mode === 'remove').map((a) => a.id), scope);
    const anonymised = await anonymisePostsOf(trx, forgotten.filter((a) => a.mode === 'anonymise'), now, scope);
    for (const ids of chunks(forgotten.map((a) => a.id))) {
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

const key = (network: string, handle: string) => `${network}\u0000${handle.toLowerCase()}`;

/** Each logged author's latest decision (the log is small: one row per person forgotten). */
async function latestDecisions(db: Kysely<DB>): Promise<Map<string, ConsentMode>> {
  const rows = await db.selectFrom('consentLog').select(['authorNetwork', 'authorHandle', 'mode']).orderBy('createdAt').orderBy('id').execute();
  const decisions = new Map<string, ConsentMode>();
  for (const row of rows) decisions.set(key(row.authorNetwork, row.authorHandle), row.mode);
  return decisions;
}
