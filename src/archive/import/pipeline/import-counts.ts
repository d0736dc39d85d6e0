/** The numbers an import reports, per batch, per file and in total. */
export interface ImportCounts {
  /** Records read: lines, rows, elements of a document. */
  read: number;
  /** Posts stored. */
  imported: number;
  /** Posts already archived (same network and source id), left as they were. */
  duplicates: number;
  /** Records that could not be read or made into posts. */
  rejected: number;
  /** Records not archived that are no error: not posts (stream notices, likes, profile events), not public, or an earlier version of an edited post. */
  skipped: number;
  /** Posts the source says were deleted, taken out of transcripts. */
  deleted: number;
}

export const zeroCounts = (): ImportCounts => ({ read: 0, imported: 0, duplicates: 0, rejected: 0, skipped: 0, deleted: 0 });

export function addCounts(into: ImportCounts, more: ImportCounts): void {
  into.read += more.read;
  into.imported += more.imported;
  into.duplicates += more.duplicates;
  into.rejected += more.rejected;
  into.skipped += more.skipped;
  into.deleted += more.deleted;
}
