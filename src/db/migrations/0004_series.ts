import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';
import { ref, sqlIn, withId } from './helpers.ts';

/**
 * Recurring series. Each occurrence is an ordinary chat row carrying
 * `chats.series_key`; this table keeps the rule that produced them, so
 * more dates can be generated later with the same wall-clock time.
 */
export const series: DualMigration = {
  async up(db, kind) {
    await withId(db.schema.createTable('series'), kind)
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('frequency', 'text', (c) => c.notNull().check(sqlIn('frequency', ['weekly', 'monthly'])))
      // Weeks for weekly series, months for monthly ones.
      .addColumn('repeat_interval', 'integer', (c) => c.notNull().defaultTo(1))
      // Monthly only: 1–4 = first…fourth, -1 = last weekday of the month.
      .addColumn('weekday_ordinal', 'integer')
      // The first date and the start time as typed, in the series zone:
      // occurrences are computed from these, never from instants, so 3 pm
      // stays 3 pm across daylight-saving changes.
      .addColumn('first_date', 'text', (c) => c.notNull())
      .addColumn('local_time', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      // How many dates the rule has produced so far; the next one has this index.
      .addColumn('generated_count', 'integer', (c) => c.notNull())
      .addColumn('organizer_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('series_interval_positive', sql`repeat_interval >= 1`)
      .execute();
  },
};
