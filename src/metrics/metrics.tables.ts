/** Row types of the metrics tables (registered in db/schema.ts); see migration 0015. */

/**
 * A chat's own figures (everything computed from its posts alone), kept
 * until the chat changes: `fingerprint` summarises the chat's posts and
 * settings (metrics-fingerprint.ts), and a read whose fingerprint differs
 * recomputes. Figures that depend on other chats (new vs returning, the
 * comparison) are derived from these rows on every read.
 */
export interface MetricsCacheTable {
  chatId: number;
  fingerprint: string;
  /** ChatFigures as JSON. */
  figures: string;
  computedAt: number;
}

export interface MetricsTables {
  metricsCache: MetricsCacheTable;
}
