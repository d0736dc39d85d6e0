import fs from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { insertUser } from '../../src/accounts/users.repository.ts';
import { createChat } from '../../src/chats/chats.service.ts';

/**
 * A fresh SQLite data directory with the chat the generated tweets belong
 * to (its hosts post the Q1…Q8 of the file), as an operator would have
 * before running `musesocial import`.
 */
export async function freshImportSite(root: string): Promise<{ dataDir: string; slug: string }> {
  const dataDir = path.join(root, `data-${Date.now()}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const database = openSqlite(path.join(dataDir, 'musesocial.sqlite'));
  try {
    await migrateToLatest(database);
    const now = Date.now();
    const organizer = await insertUser(database.db, {
      handle: 'bench_organizer',
      displayName: 'Bench organizer',
      email: null,
      // Nobody signs in: the import runs from the command line.
      passwordHash: 'unused',
      role: 'organizer',
      timeZone: null,
      bio: '',
      createdAt: now,
      updatedAt: now,
      bannedAt: null,
    });
    const chat = await createChat(database.db, organizer, {
      title: 'Bench import chat',
      slug: 'bench-import',
      hashtags: ['benchchat'],
      startsAt: '2019-10-21T19:00:00Z',
      endsAt: '2019-10-21T20:00:00Z',
      timeZone: 'UTC',
      hosts: ['@museumhost', '@cohost_sam'],
      questions: [],
    });
    return { dataDir, slug: chat.slug };
  } finally {
    await database.close();
  }
}
