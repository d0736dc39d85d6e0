import type { Generated } from 'kysely';

/** Row types of the consent tables (registered in db/schema.ts `DB`); see migration 0013. */

/** `remove` deletes the posts; `anonymise` keeps their text and detaches the author. */
export type ConsentMode = 'remove' | 'anonymise';
export type ConsentRequestStatus = 'pending' | 'done' | 'declined';

export interface ConsentRequestsTable {
  id: Generated<number>;
  userId: number | null;
  handle: string;
  mode: ConsentMode;
  reason: Generated<string>;
  status: ConsentRequestStatus;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
  note: string | null;
}

export interface ConsentLogTable {
  id: Generated<number>;
  requestId: number | null;
  mode: ConsentMode;
  authorNetwork: string;
  authorHandle: string;
  /** The account's id on its network, when known (migration 0020). */
  authorSourceUserId: string | null;
  postCount: number;
  boostCount: Generated<number>;
  /** `@dana` for a member's own request, or what the operator typed. */
  requestedBy: string;
  performedByUserId: number | null;
  /** `@admin` on the web, `cli (unix user …)` from the command line. */
  performedBy: string;
  via: 'web' | 'cli';
  reason: Generated<string>;
  createdAt: number;
}
