import type { DualMigration } from './helpers.ts';

/**
 * What an upload's file found archived in other chats (in-other-chats.ts),
 * kept with the file so that the run's page can say where those posts are
 * after the import: a JSON array of `{ slug, title, posts }`.
 */
export const runFilesInOtherChats: DualMigration = {
  async up(db) {
    await db.schema.alterTable('import_run_files').addColumn('in_other_chats', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  },
};
