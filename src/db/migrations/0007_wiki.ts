import type { DualMigration } from './helpers.ts';
import { ref, withId } from './helpers.ts';

/**
 * The community wiki. A page is a name (slug) pointing at its newest
 * revision; every save appends a revision and none is ever updated, so the
 * history is complete and any revision can be restored.
 */
export const wiki: DualMigration = {
  async up(db, kind) {
    await withId(db.schema.createTable('wiki_pages'), kind)
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      // No foreign key: the page row and its first revision point at each
      // other, and SQLite cannot add the constraint after both tables exist.
      // The service always writes both in one transaction.
      .addColumn('current_revision_id', 'bigint')
      .addColumn('protected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('wiki_pages_updated_at').on('wiki_pages').columns(['updated_at', 'id']).execute();

    await withId(db.schema.createTable('wiki_revisions'), kind)
      .addColumn('page_id', 'bigint', (c) => ref('wiki_pages.id')(c.notNull()))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('author_id', 'bigint', (c) => ref('users.id', 'set null')(c))
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('restored_from', 'integer')
      // Two people saving on the same base both claim number base+1: this
      // constraint lets exactly one of them win, on both databases.
      .addUniqueConstraint('wiki_revisions_page_number', ['page_id', 'number'])
      .execute();
    await db.schema.createIndex('wiki_revisions_author').on('wiki_revisions').column('author_id').execute();
  },
};
