import type { Kysely } from 'kysely';
import type { DB, Network } from '../../../db/schema.ts';

/**
 * An edited post's earlier version, once taken out of the archive, leaves
 * the replies, quotes and boosts it had: they now refer to the latest
 * version, so a question edited after people answered keeps its answers
 * threaded under it. Nothing happens when either version is not archived.
 */
export async function repointReferences(trx: Kysely<DB>, network: Network, earlierSourceId: string, latestSourceId: string): Promise<void> {
  const rows = await trx.selectFrom('posts').select(['id', 'sourceId']).where('sourceNetwork', '=', network).where('sourceId', 'in', [earlierSourceId, latestSourceId]).execute();
  const idOf = (sourceId: string) => rows.find((row) => row.sourceId === sourceId)?.id;
  const [earlier, latest] = [idOf(earlierSourceId), idOf(latestSourceId)];
  if (earlier === undefined || latest === undefined) return;
  await trx.updateTable('posts').set({ replyToId: latest }).where('replyToId', '=', earlier).execute();
  await trx.updateTable('posts').set({ quoteOfId: latest }).where('quoteOfId', '=', earlier).execute();
  await trx.updateTable('posts').set({ boostOfId: latest }).where('boostOfId', '=', earlier).execute();
}

/** Every earlier version recorded, by post key (network and source id), with the latest version's source id. */
export async function loadReplacedVersions(db: Kysely<DB>, keyOf: (network: Network, sourceId: string) => string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('replacedPosts').select(['sourceNetwork', 'sourceId', 'replacedBy']).execute();
  return new Map(rows.map((row) => [keyOf(row.sourceNetwork, row.sourceId), row.replacedBy]));
}

/** Records earlier versions and what replaced them; a version recorded before keeps its first record. */
export async function recordReplacedVersions(trx: Kysely<DB>, rows: Array<{ sourceNetwork: Network; sourceId: string; replacedBy: string }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('replacedPosts').values(rows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  }
}
