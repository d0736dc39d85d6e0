import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ChatDetails } from '../../chats/chats.repository.ts';

/** One export run: which chat, where links point, and who wants to hear about progress. */
export interface ExportJob {
  db: Kysely<DB>;
  chat: ChatDetails;
  /** The server's public URL: permalinks and local posts' identities are built on it. */
  baseUrl: string;
  now: number;
  /** Posts written so far, after each batch. */
  onProgress?: (written: number) => void;
}

/** Writes the whole export to `out` (without ending it); resolves to the number of posts written. */
export type ExportWriter = (job: ExportJob, out: Writable) => Promise<number>;
