import { sql } from 'kysely';
import type { DualMigration } from './helpers.ts';
import { symbolSeparators } from '../../search/fts-separators.ts';

/**
 * SQLite: the full-text index splits words at every emoji and symbol, as
 * PostgreSQL does since 0023 (fts-separators.ts: FTS5's own tables stop
 * at Unicode 6.1, so "thread🧵" was one word there). The index is built
 * again from the posts (about 30 s per million posts); the triggers that
 * keep it (0012) name it, so they carry on.
 */
export const ftsSymbolSeparators: DualMigration = {
  async up(db, kind) {
    if (kind !== 'sqlite') return;
    const separators = symbolSeparators().replaceAll("'", "''");
    await sql`drop table posts_fts`.execute(db);
    await sql
      .raw(`create virtual table posts_fts using fts5(text, content='post_search_docs', content_rowid='key', tokenize='unicode61 remove_diacritics 0 separators ''${separators}''')`)
      .execute(db);
    await sql`insert into posts_fts (posts_fts) values ('rebuild')`.execute(db);
  },
};
