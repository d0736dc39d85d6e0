import type { DualMigration } from './helpers.ts';

/**
 * moderation_actions.target_post_id references posts: without an index,
 * deleting a post (consent removal, moderation) scans the whole log on
 * every foreign-key check.
 */
export const moderationPostIndex: DualMigration = {
  async up(db) {
    await db.schema.createIndex('moderation_actions_target_post').on('moderation_actions').column('target_post_id').execute();
  },
};
