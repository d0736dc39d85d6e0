import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { loadReplacedVersions, recordReplacedVersions } from './edited-posts.repository.ts';
import type { ParsedPiece } from './parsed-piece.ts';
import { postKey, splitKey } from './post-batch.ts';

/**
 * What an import knows of edited posts: their earlier versions, by post
 * key, each with the source id of the version that replaced it. Those
 * recorded before (replaced_posts, read once per import) and those each
 * transaction's pieces carry, which count in that transaction at once —
 * an earlier version is left out wherever it comes, before its edit or
 * after it — and are kept for later ones only once it commits.
 */
export class ReplacedVersions {
  private known: Map<string, string> | null = null;

  /** A transaction's view: what is known, plus the replacements its pieces carry. */
  async begin(trx: Kysely<DB>, pieces: Array<{ piece: ParsedPiece }>): Promise<TransactionReplacements> {
    const known = (this.known ??= await loadReplacedVersions(trx, postKey));
    const added = new Map<string, string>();
    for (const { piece } of pieces) {
      for (const d of piece.deletes) {
        if (!d.replacedBy) continue;
        const key = postKey(d.network, d.sourceId);
        // A version recorded before keeps its first record; a chain (v1 → v2, v2 → v3) is followed by latestKey.
        if (!known.has(key) && !added.has(key)) added.set(key, d.replacedBy);
      }
    }
    return new TransactionReplacements(known, added);
  }

  /** After the transaction committed: what it learned holds for the next ones. */
  keep(replacements: TransactionReplacements): void {
    for (const [key, latest] of replacements.added) this.known!.set(key, latest);
  }
}

export class TransactionReplacements {
  constructor(
    private readonly known: Map<string, string>,
    /** Learned by this transaction, written by `record`. */
    readonly added: Map<string, string>,
  ) {}

  /** Whether `key` names an earlier version of an edited post. */
  has(key: string): boolean {
    return this.added.has(key) || this.known.has(key);
  }

  /** The key of the latest version of the post `key` names (itself, unless it was edited). */
  latestKey(key: string): string {
    // Edits are at most 5 per post; the bound only guards against a cycle in bad data.
    for (let hops = 0; hops < 10; hops++) {
      const latest = this.added.get(key) ?? this.known.get(key);
      if (latest === undefined) break;
      const next = postKey(splitKey(key).sourceNetwork, latest);
      if (next === key) break;
      key = next;
    }
    return key;
  }

  /** A reference's source id: the latest version's when it names an earlier one (the link pass then looks for that). */
  latestSourceId(key: string, sourceId: string): string {
    const latest = this.latestKey(key);
    return latest === key ? sourceId : splitKey(latest).sourceId;
  }

  /** Writes what this transaction learned (replaced_posts), inside it. */
  record(trx: Kysely<DB>): Promise<void> {
    return recordReplacedVersions(trx, [...this.added].map(([key, replacedBy]) => ({ ...splitKey(key), replacedBy })));
  }
}
