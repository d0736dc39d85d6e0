import type { DualMigration } from './helpers.ts';

/** Stories: curated selections of a chat's posts (filled in by the stories work). */
export const stories: DualMigration = {
  async up() {},
};
