import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

const STATUSES = ['going', 'interested', 'confirmed', 'accepted', 'waitlisted', 'applied', 'declined', 'cancelled'];

export const rsvps: DualMigration = {
  async up(db, kind) {
    // One row per chat with in-person places. A chat without a row has the
    // defaults (unlimited, first come, open); the row is created when first
    // needed so there is always something to lock while places are handed out.
    await db.schema
      .createTable('chat_places')
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.primaryKey()))
      .addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity > 0`))
      .addColumn('mode', 'text', (c) => c.notNull().defaultTo('first_come').check(sqlIn('mode', ['first_come', 'application'])))
      .addColumn('application_question', 'text')
      .addColumn('open', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('rsvps'), kind)
      .addColumn('chat_id', 'bigint', (c) => ref('chats.id')(c.notNull()))
      .addColumn('user_id', 'bigint', (c) => ref('users.id')(c.notNull()))
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', STATUSES)))
      .addColumn('answer', 'text')
      .addColumn('waitlisted_at', 'bigint')
      .addColumn('decided_by', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('decided_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      // A member has one answer per chat; changing it updates the row.
      .addUniqueConstraint('rsvps_chat_user', ['chat_id', 'user_id'])
      // The waitlist is ordered by waitlisted_at, so every waitlisted row needs one.
      .addCheckConstraint('rsvps_waitlist_time', sql`(status = 'waitlisted') = (waitlisted_at is not null)`)
      .execute();
    await db.schema.createIndex('rsvps_chat_status').on('rsvps').columns(['chat_id', 'status', 'waitlisted_at']).execute();
    await db.schema.createIndex('rsvps_user_id').on('rsvps').column('user_id').execute();
  },
};
