/**
 * Rate and time left of a long import, from the bytes done so far: the
 * average since the start is steadier than the last second's, and an
 * import's pace hardly changes along a file.
 */
export interface ProgressEstimate {
  fraction: number;
  bytesPerSecond: number;
  recordsPerSecond: number;
  /** null until there is enough to go on. */
  secondsLeft: number | null;
}

export function estimate(bytesDone: number, bytesTotal: number, records: number, elapsedSeconds: number): ProgressEstimate {
  const fraction = bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : 1;
  const seconds = Math.max(elapsedSeconds, 1e-3);
  const bytesPerSecond = bytesDone / seconds;
  const secondsLeft = bytesDone > 0 && elapsedSeconds >= 0.5 ? (bytesTotal - bytesDone) / bytesPerSecond : null;
  return { fraction, bytesPerSecond, recordsPerSecond: records / seconds, secondsLeft };
}

/**
 * A big JSON document is read twice: its first pass (half the bar) checks
 * it whole before any record is read. What the command's progress line and
 * the run's page say meanwhile, instead of "0 records/s".
 */
export const CHECKING_DOCUMENT = 'checking the whole document first';

export function isCheckingDocument(bytesDone: number, records: number): boolean {
  return records === 0 && bytesDone > 0;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
