import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Chats already imported from these calendar events: source uid → slug. */
export async function findImportedChats(db: Kysely<DB>, sourceUids: string[]): Promise<Map<string, string>> {
  if (sourceUids.length === 0) return new Map();
  const rows = await db.selectFrom('chats').select(['sourceUid', 'slug']).where('sourceUid', 'in', sourceUids).execute();
  return new Map(rows.map((row) => [row.sourceUid!, row.slug]));
}
