import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';

/**
 * An account is one author, whatever its handle. Bluesky names an account
 * by its DID (`did:plc:…`), which never changes, while its handle can:
 * Jetstream events and repository exports carry the DID only, API views
 * the DID and the handle, so the same person imported both ways was two
 * authors. Rows already split that way are merged here (the row with a
 * handle is kept), then a unique index keeps one row per DID.
 *
 * Other networks keep one row per handle (a renamed X account's old posts
 * stay under the name they were written under), but their rows can be
 * found by the account's id there, so that forgetting someone reaches
 * every name they posted under; the consent log keeps that id too, so an
 * archive imported later cannot bring them back under another name.
 */
export const authorIdentity: DualMigration = {
  async up(db) {
    const split = await sql<{ sourceUserId: string }>`
      select source_user_id as "sourceUserId" from authors
      where network = 'bluesky' and source_user_id is not null
      group by source_user_id having count(*) > 1`.execute(db);
    for (const { sourceUserId } of split.rows) {
      const rows = await sql<{ id: number; handle: string }>`
        select id, handle from authors where network = 'bluesky' and source_user_id = ${sourceUserId}
        order by case when handle = source_user_id then 1 else 0 end, id desc`.execute(db);
      const [keep, ...others] = rows.rows.map((row) => Number(row.id));
      const merged = sql.join(others.map((id) => sql.lit(id)));
      await sql`update posts set author_id = ${keep} where author_id in (${merged})`.execute(db);
      await sql`delete from authors where id in (${merged})`.execute(db);
    }
    // Per-author figures were counted over the split rows.
    if (split.rows.length > 0) await sql`delete from metrics_cache`.execute(db);
    await sql`create unique index authors_bluesky_did on authors (network, source_user_id) where network = 'bluesky'`.execute(db);
    await sql`create index authors_source_user on authors (source_user_id, network)`.execute(db);
    await db.schema.alterTable('consent_log').addColumn('author_source_user_id', 'text').execute();
  },
};
