import type { DualMigration } from './helpers.ts';

/**
 * Chats imported from an iCalendar file remember the event they came from
 * (its UID, plus RECURRENCE-ID for a single moved occurrence), so importing
 * the same file again adds nothing. Chats made here leave it NULL, and NULLs
 * never collide in a unique index on either database.
 */
export const calendarImport: DualMigration = {
  async up(db) {
    await db.schema.alterTable('chats').addColumn('source_uid', 'text').execute();
    await db.schema.createIndex('chats_source_uid').unique().on('chats').column('source_uid').execute();
  },
};
