import type { DualMigration } from './helpers.ts';

/** Metrics: cached per-chat figures (filled in by the metrics work). */
export const metrics: DualMigration = {
  async up() {},
};
